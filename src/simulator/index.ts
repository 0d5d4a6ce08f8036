export { createSimulator, type Simulator, type SimulatorOptions, type SimulatorStats } from './server.js';
export type {
  InstanceConfig,
  SimInstance,
  AddMessagesOptions,
  AddMessageSpec,
  GroundTruth,
} from './state.js';
export type { SimChat, SimPerson, SimParticipant, SimOwnAccount } from './account.js';
export type { FaultOptions } from './faults.js';
export type { LimitOptions } from './limits.js';
export type { MessageKind } from './conversation.js';
export { EVENT_TYPES, type JournalItem } from './items.js';
