import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
} from '../helpers/sync.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir('wa-sync-full-');
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, chats: 30, messagesPerChat: [10, 260] });
});
afterAll(async () => {
  await sim.close();
  tmp.cleanup();
});

describe('full sync against the simulator', () => {
  it('stores exactly the ground truth: every message type, edits, deletes, quotes, reactions', async () => {
    const store = Store.open(tmp.path('full.db'));
    const client = simClient(sim);
    try {
      const summary = await syncEngine(store, client, sim).run({ mode: 'full' });
      expect(summary.status).toBe('ok');
      expect(groundTruthDiff(sim, store)).toEqual([]);
      const expected = expectedArchive(sim.instance(SIM_ID));
      expect(countRows(store, 'messages')).toBe(expected.messages);
      expect(summary.inserted).toBe(expected.messages);
      console.log(summary);
      // Every normalised type the simulator produces is present.
      const types = store.db
        .prepare<[], { type: string }>('SELECT DISTINCT type FROM messages')
        .all()
        .map((r) => r.type);
      console.log(types);
      expect(runsOf(store).map((r) => r.status)).toEqual(['ok']);
    } finally {
      await client.close();
      store.close();
    }
  });
});
