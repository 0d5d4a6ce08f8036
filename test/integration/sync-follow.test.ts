/**
 * Following the notification queue: duplicates and drops, then a reconcile, leave the archive equal
 * to the ground truth; a follow killed with SIGKILL mid-queue loses nothing, because a notification
 * is deleted only after its effect is committed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { createRng } from '../../src/simulator/rng.js';
import { Store } from '../../src/store/index.js';
import type { SyncSummary } from '../../src/sync/engine.js';
import {
  groundTruthDiff,
  runsOf,
  SIM_ID,
  simClient,
  spawnSyncChild,
  startSimulator,
  syncEngine,
  waitFor,
} from '../helpers/sync.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir('wa-sync-follow-');
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 13, chats: 24, messagesPerChat: [10, 60] });
});
afterAll(async () => {
  await sim.close();
  tmp.cleanup();
});

async function fullSync(store: Store): Promise<void> {
  const client = simClient(sim);
  try {
    expect((await syncEngine(store, client, sim).run({ mode: 'full' })).status).toBe('ok');
  } finally {
    await client.close();
  }
}

/** Follows in this process until `until` holds; returns the summary. */
async function followUntil(
  store: Store,
  until: () => boolean,
  options: { reconcileSeconds?: number } = {},
): Promise<SyncSummary> {
  const client = simClient(sim);
  const controller = new AbortController();
  try {
    const following = syncEngine(store, client, sim).follow({
      signal: controller.signal,
      receiveTimeout: 5,
      reconcileSeconds: options.reconcileSeconds ?? 1e9,
    });
    await waitFor(until, 30_000, 'the follow to catch up');
    controller.abort();
    return await following;
  } finally {
    await client.close();
  }
}

const queueEmpty = () => sim.instance(SIM_ID).pendingNotifications() === 0;

describe('follow', () => {
  it('duplicated and dropped notifications, then a reconcile: the archive equals the ground truth', async () => {
    const store = Store.open(tmp.path('follow.db'));
    try {
      await fullSync(store);
      const inst = sim.instance(SIM_ID);
      sim.resetStats();
      sim.setFaults({ duplicateNotificationRate: 0.2, dropNotificationRate: 0.2 });
      sim.clock.advance(60_000);
      const added = inst.addMessages({ count: 400, chats: 12 });
      // Edits and deletions of messages already archived, notified like the rest.
      const older = added.filter((i) => i.typeMessage === 'textMessage').slice(0, 6);
      for (const m of older.slice(0, 3))
        inst.editMessage(m.chatId, m.idMessage, `${String(m.textMessage)} (editado)`);
      for (const m of older.slice(3)) inst.deleteMessage(m.chatId, m.idMessage);
      sim.setFaults({ duplicateNotificationRate: 0, dropNotificationRate: 0 });
      const hits = sim.stats().faults;
      expect(hits.duplicateNotification).toBeGreaterThan(0);
      expect(hits.dropNotification).toBeGreaterThan(0);

      // Drain the queue; some messages are still missing (their notifications were dropped).
      let reconcileAfter: number | null = null;
      const lastReconcile = () => store.instances.list()[0]!.last_incremental_at ?? 0;
      const summary = await followUntil(
        store,
        () => {
          if (!queueEmpty()) return false;
          if (reconcileAfter === null) {
            // Past the reconcile interval: the next loop reads the last-messages journals.
            reconcileAfter = lastReconcile();
            sim.clock.advance(120_000);
            return false;
          }
          // Stop once the reconcile is committed (stopping while its requests are in flight cancels them).
          return lastReconcile() > reconcileAfter;
        },
        { reconcileSeconds: 60 },
      );
      expect(summary).toMatchObject({ mode: 'follow', status: 'ok', error: null });
      expect(summary.duplicates).toBeGreaterThan(0);
      expect(groundTruthDiff(sim, store)).toEqual([]);
      const revisions = store.db.prepare('SELECT count(*) AS n FROM message_revisions').get() as {
        n: number;
      };
      expect(revisions.n).toBeGreaterThanOrEqual(3);
      expect(runsOf(store).map((r) => `${r.mode} ${r.status}`)).toEqual(['full ok', 'follow ok']);
    } finally {
      store.close();
    }
  });

  it(
    'a follow killed mid-queue and rerun loses nothing (no reconcile to cover for it)',
    { timeout: 90_000 },
    async () => {
      const db = tmp.path('follow-crash.db');
      const store = Store.open(db);
      await fullSync(store);
      sim.resetStats();
      const inst = sim.instance(SIM_ID);
      const rng = createRng(77);
      const spawnNext = () => spawnSyncChild({ db, url: sim.url, mode: 'follow' });
      const pool = [spawnNext()];
      let killed = 0;
      for (let round = 0; round < 5; round++) {
        sim.clock.advance(60_000);
        inst.addMessages({ count: 200, chats: 10 });
        const child = pool.shift()!;
        pool.push(spawnNext());
        await child.ready;
        await child.go(sim.clock.now());
        await new Promise((r) => setTimeout(r, rng.int(50, 700)));
        child.proc.kill('SIGKILL');
        await child.exited;
        // Killed with notifications still queued: mid-queue, not after draining it.
        if (!queueEmpty()) killed++;
      }
      for (const idle of pool) idle.proc.kill('SIGKILL');
      await Promise.all(pool.map((idle) => idle.exited));
      expect(killed).toBeGreaterThanOrEqual(4);

      const summary = await followUntil(store, queueEmpty);
      try {
        expect(summary.status).toBe('ok');
        // Nothing was lost: the queue alone (no journal reads) brought every message in.
        expect(sim.stats().byMethod.lastIncomingMessages ?? 0).toBe(0);
        expect(groundTruthDiff(sim, store)).toEqual([]);
        const runs = runsOf(store);
        expect(runs.filter((r) => r.error === 'interrupted').length).toBe(5);
        expect(runs.at(-1)).toMatchObject({ mode: 'follow', status: 'ok' });
      } finally {
        store.close();
      }
    },
  );
});
