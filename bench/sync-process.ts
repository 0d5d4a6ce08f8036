/** Starts bench/sync-sim.ts in a child process and talks to it over IPC. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimulatorStats } from '../src/simulator/index.js';
import type { SimCommand, SimProcessOptions, SimTruth } from './sync-sim.js';

const SCRIPT = fileURLToPath(new URL('./sync-sim.ts', import.meta.url));

export interface SimProcess {
  url: string;
  /** The simulator's clock as last set (the engine's `now` follows it). */
  readonly nowMs: number;
  truth(): Promise<SimTruth>;
  stats(): Promise<SimulatorStats>;
  /** Adds generated conversation items now; returns how many. */
  addMessages(count: number, chats: number): Promise<number>;
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSimProcess(options: SimProcessOptions): Promise<SimProcess> {
  const child = fork(SCRIPT, [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the simulator process exited (${code})`)));
    child.on('message', (m: { ready?: string; id?: number; result?: unknown; error?: string }) => {
      if (m.ready) return resolve(m.ready);
      const waiter = m.id === undefined ? undefined : pending.get(m.id);
      if (!waiter) return;
      pending.delete(m.id!);
      if (m.error) waiter.reject(new Error(m.error));
      else waiter.resolve(m.result);
    });
  });
  const call = <T>(command: SimCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, ...command });
    });
  let nowMs = options.nowMs;
  return {
    url,
    get nowMs() {
      return nowMs;
    },
    truth: () => call<SimTruth>({ cmd: 'truth' }),
    stats: () => call<SimulatorStats>({ cmd: 'stats' }),
    addMessages: (count, chats) => call<number>({ cmd: 'addMessages', count, chats }),
    async advance(ms) {
      nowMs = await call<number>({ cmd: 'advance', ms });
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ id: 0, cmd: 'close' });
      await exited;
    },
  };
}
