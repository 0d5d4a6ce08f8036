/**
 * Full sync against the simulator on a real local port: the archive equals the ground truth (every
 * message type, quotes, senders, edits, deletions, reactions), also through 20% injected faults and
 * through 429s collected by a deliberately under-paced client.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { Store } from '../../src/store/index.js';
import {
  countRows,
  expectedArchive,
  groundTruthDiff,
  runsOf,
  SIM_ID,
  simClient,
  startSimulator,
  syncEngine,
  type ClientSetup,
} from '../helpers/sync.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir('wa-sync-full-');
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, chats: 30, messagesPerChat: [10, 260] });
});
afterEach(() => {
  sim.setFaults({ error5xxRate: 0, timeoutRate: 0, slowRate: 0 });
  sim.setLimits('off');
  sim.resetStats();
});
afterAll(async () => {
  await sim.close();
  tmp.cleanup();
});

/** A full sync into a fresh store; returns the summary with the store still open for checks. */
async function fullSync(name: string, client: ClientSetup = {}) {
  const store = Store.open(tmp.path(name));
  const c = simClient(sim, client);
  try {
    const summary = await syncEngine(store, c, sim).run({ mode: 'full' });
    return { store, summary, stats: c.stats() };
  } finally {
    await c.close();
  }
}

describe('full sync against the simulator', () => {
  it('stores exactly the ground truth: every message type, quotes, senders, edits, deletions, reactions', async () => {
    const { store, summary } = await fullSync('full.db');
    try {
      expect(summary).toMatchObject({ status: 'ok', error: null, chats_synced: 30, gaps_detected: 0 });
      expect(groundTruthDiff(sim, store)).toEqual([]);
      const expected = expectedArchive(sim.instance(SIM_ID));
      expect(countRows(store, 'messages')).toBe(expected.messages);
      expect(summary.inserted).toBe(expected.messages);

      // The data really has every kind the comparison is meant to cover.
      const types = store.db
        .prepare<[], { type: string }>('SELECT DISTINCT type FROM messages ORDER BY type')
        .all()
        .map((r) => r.type);
      expect(types).toEqual(
        expect.arrayContaining([
          'audio',
          'contact',
          'document',
          'image',
          'location',
          'poll',
          'sticker',
          'text',
          'video',
          'voice',
        ]),
      );
      const flags = store.db
        .prepare<[], { edited: number; deleted: number; quoted: number; groups: number }>(
          `SELECT sum(edited) AS edited, sum(deleted) AS deleted, count(quoted_wa_id) AS quoted,
             (SELECT count(*) FROM chats WHERE type = 'group') AS groups FROM messages`,
        )
        .get()!;
      expect(flags.edited).toBeGreaterThan(0);
      expect(flags.deleted).toBeGreaterThan(0);
      expect(flags.quoted).toBeGreaterThan(0);
      expect(flags.groups).toBeGreaterThan(0);
      expect(countRows(store, 'reactions')).toBe(expected.reactions.size);
      expect(expected.reactions.size).toBeGreaterThan(0);
      // A deleted message keeps its content.
      const deletedWithText = store.db
        .prepare<[], { n: number }>(
          'SELECT count(*) AS n FROM messages WHERE deleted = 1 AND text IS NOT NULL',
        )
        .get()!.n;
      expect(deletedWithText).toBeGreaterThan(0);
      expect(runsOf(store).map((r) => r.status)).toEqual(['ok']);
    } finally {
      store.close();
    }
  });

  it('25% injected faults (10% 5xx, 5% timeouts, 10% slow answers) still give exactly the ground truth', async () => {
    sim.setFaults({ error5xxRate: 0.1, timeoutRate: 0.05, slowRate: 0.1, slowMs: 40, hangMs: 2000 });
    const { store, summary, stats } = await fullSync('faults.db', { timeoutMs: 250 });
    try {
      expect(summary.status).toBe('ok');
      const hits = sim.stats().faults;
      expect(hits.error5xx).toBeGreaterThan(0);
      expect(hits.timeout).toBeGreaterThan(0);
      expect(hits.slow).toBeGreaterThan(0);
      expect(stats.retries).toBeGreaterThanOrEqual((hits.error5xx ?? 0) + (hits.timeout ?? 0));
      expect(groundTruthDiff(sim, store)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('429s from a sped-up rate limit, with a client paced twice too fast, still give exactly the ground truth', async () => {
    sim.setLimits({ speedFactor: 50 });
    // The pacer believes the limits are 100x faster (no margin): every other call lands too early.
    const { store, summary } = await fullSync('429.db', {
      pacer: { speedFactor: 100, margin: 0, minMarginMs: 0 },
    });
    try {
      expect(summary.status).toBe('ok');
      expect(sim.stats().rateLimited).toBeGreaterThan(0);
      expect(summary.rate_limited).toBe(sim.stats().rateLimited);
      expect(groundTruthDiff(sim, store)).toEqual([]);
      expect(runsOf(store)[0]!.requests).toBe(summary.requests);
    } finally {
      store.close();
    }
  });
});
