/**
 * Green API simulator for tests, benchmarks and demos.
 *
 *   const sim = await createSimulator({ seed: 1, limits: 'off', longPollScale: 0.01,
 *     instances: [{ idInstance: 1101000001, token: 'abc…', chats: 300, messagesPerChat: 200 }] });
 *   const client = createGreenApiClient({ apiUrl: sim.url, idInstance: 1101000001, token: 'abc…' });
 *   const inst = sim.instances[0];
 *   sim.clock.advance(60_000);
 *   inst.addMessages({ count: 850, chats: 50 });   // new journal items + queued notifications
 *   inst.groundTruth();                            // every item per chat, with totals
 *   sim.setFaults({ error5xxRate: 0.2, malformedRate: 0.01, dropNotificationRate: 0.05 });
 *   inst.setState('notAuthorized'); inst.setQuota({ correspondents: 3 });
 *   await sim.close();
 */
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
