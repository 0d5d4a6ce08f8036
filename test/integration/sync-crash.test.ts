/**
 * Crash safety: a full sync in a child process is killed with SIGKILL at seeded random moments and
 * rerun; the archive ends exactly equal to the ground truth, and every killed run is marked failed
 * ('interrupted') by the run that took its lock over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { createRng } from '../../src/simulator/rng.js';
import { Store } from '../../src/store/index.js';
import {
  countRows,
  expectedArchive,
  groundTruthDiff,
  runsOf,
  SIM_ID,
  simClient,
  spawnSyncChild,
  startSimulator,
  syncEngine,
  type SyncChild,
} from '../helpers/sync.js';
import { tempDir } from '../helpers/tmp.js';

/** A fixed port (the child is told the URL); another free one if something else holds it. */
const PORT = 47_311;
const KILLS = 21;
const tmp = tempDir('wa-sync-crash-');
let sim: Simulator;

beforeAll(async () => {
  const setup = { seed: 21, chats: 20, messagesPerChat: [50, 450] as [number, number] };
  sim = await startSimulator({ ...setup, port: PORT }).catch(() => startSimulator(setup));
});
afterAll(async () => {
  await sim.close();
  tmp.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('crash safety', () => {
  it(
    'a full sync killed at 20+ random points and rerun ends exactly at the ground truth',
    { timeout: 150_000 },
    async () => {
      const db = tmp.path('crash.db');
      const rng = createRng(2024);
      const inst = sim.instance(SIM_ID);
      const spawnNext = () => spawnSyncChild({ db, url: sim.url, mode: 'full' });
      // Processes load ahead (a few at a time) and only open the store on `go`.
      const pool: SyncChild[] = Array.from({ length: 2 }, spawnNext);
      // Runs a kill left 'running' (killed mid-run, not in the moment after it finished).
      const interrupted: number[] = [];
      const lastRun = () => {
        const reader = Store.open(db, { readOnly: true });
        try {
          return runsOf(reader).at(-1);
        } finally {
          reader.close();
        }
      };
      let killed = 0;
      // How long a run lasts, learnt from the runs that finished: kills land anywhere within a run.
      let runMs = 1500;
      for (let round = 0; interrupted.length < KILLS && round < 60; round++) {
        // New messages now and then, so that later reruns still have work to be interrupted in.
        if (round > 0 && round % 3 === 0) {
          sim.clock.advance(60_000);
          inst.addMessages({ count: 200, chats: 6, notify: false });
        }
        const child = pool.shift()!;
        pool.push(spawnNext());
        await child.ready;
        const started = Date.now();
        await child.go(sim.clock.now());
        await sleep(rng.next() * runMs);
        if (child.proc.exitCode === null) {
          child.proc.kill('SIGKILL');
          killed++;
        }
        if ((await child.exited) === 0) runMs = (runMs + (Date.now() - started)) / 2;
        const run = lastRun()!;
        if (run.status === 'running') interrupted.push(run.id);
        else expect(run.status).toBe('ok');
      }
      for (const idle of pool) idle.proc.kill('SIGKILL');
      await Promise.all(pool.map((idle) => idle.exited));
      expect(killed).toBeGreaterThanOrEqual(KILLS);
      expect(interrupted.length).toBeGreaterThanOrEqual(KILLS);

      const store = Store.open(db);
      const client = simClient(sim);
      try {
        // The killed runs committed nothing beyond the ground truth.
        expect(countRows(store, 'messages')).toBeLessThanOrEqual(expectedArchive(inst).messages);
        // The last run, to completion, in this process: it takes over the dead child's lock.
        const summary = await syncEngine(store, client, sim).run({ mode: 'full' });
        expect(summary.status).toBe('ok');
        expect(groundTruthDiff(sim, store)).toEqual([]);
        // Every run a kill interrupted was marked so by the run that took its lock over; the others ended ok.
        const runs = runsOf(store);
        expect(runs.filter((r) => r.status === 'failed').map((r) => [r.id, r.error])).toEqual(
          interrupted.map((id) => [id, 'interrupted']),
        );
        expect(runs.filter((r) => r.status !== 'failed').every((r) => r.status === 'ok')).toBe(true);
        expect(store.db.prepare('SELECT count(*) AS n FROM sync_locks').get()).toEqual({ n: 0 });
      } finally {
        await client.close();
        store.close();
      }
    },
  );
});
