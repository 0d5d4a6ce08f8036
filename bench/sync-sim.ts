/**
 * The Green API simulator in its own process for the sync benchmark (so that serving requests does not
 * share the sync's CPU core), driven over IPC: `fork('bench/sync-sim.ts', [json], { execArgv: ['--import',
 * 'tsx'] })`. Replies `{ ready: url }` once listening, then answers `{ id, cmd, ... }` requests with
 * `{ id, result }` or `{ id, error }`.
 */
import { createSimulator, type LimitOptions } from '../src/simulator/index.js';

export interface SimProcessOptions {
  seed: number;
  idInstance: number;
  token: string;
  chats: number;
  messagesPerChat: number;
  limits: LimitOptions;
  /** The simulator's clock at start, in ms (moved by `advance`). */
  nowMs: number;
}

export type SimCommand =
  | { cmd: 'addMessages'; count: number; chats: number }
  | { cmd: 'advance'; ms: number }
  | { cmd: 'truth' }
  | { cmd: 'stats' }
  | { cmd: 'resetStats' }
  | { cmd: 'close' };

export interface SimTruth {
  chats: number;
  groups: number;
  totalItems: number;
  totalMessages: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as SimProcessOptions;
const sim = await createSimulator({
  host: '127.0.0.1',
  seed: options.seed,
  now: () => options.nowMs,
  limits: options.limits,
  instances: [
    {
      idInstance: options.idInstance,
      token: options.token,
      chats: options.chats,
      messagesPerChat: options.messagesPerChat,
    },
  ],
});
const inst = sim.instance(options.idInstance);

function handle(command: SimCommand): unknown {
  switch (command.cmd) {
    case 'addMessages':
      return inst.addMessages({ count: command.count, chats: command.chats, notify: false }).length;
    case 'advance':
      sim.clock.advance(command.ms);
      return sim.clock.now();
    case 'truth': {
      const truth = inst.groundTruth();
      return {
        chats: truth.chats.length,
        groups: truth.chats.filter((c) => c.type === 'group').length,
        totalItems: truth.totalItems,
        totalMessages: truth.totalMessages,
      } satisfies SimTruth;
    }
    case 'stats':
      return sim.stats();
    case 'resetStats':
      sim.resetStats();
      return null;
    case 'close':
      void sim.close().then(() => process.exit(0));
      return null;
  }
}

process.on('message', (message: { id: number } & SimCommand) => {
  try {
    process.send!({ id: message.id, result: handle(message) });
  } catch (error) {
    process.send!({ id: message.id, error: (error as Error).message });
  }
});
process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
process.send!({ ready: sim.url });
