/**
 * Gaps: a chat whose new history is longer than the deepest read cannot be joined to what is held; the
 * run records a gap that get_sync_status shows, and a later read deep enough to join resolves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { Store } from '../../src/store/index.js';
import { callTool } from '../../src/tools/define.js';
import { getSyncStatusTool } from '../../src/tools/get-sync-status.js';
import { groundTruthDiff, SIM_ID, simClient, simDeps, startSimulator, syncEngine } from '../helpers/sync.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir('wa-sync-gaps-');
let sim: Simulator;
let store: Store;

beforeAll(async () => {
  sim = await startSimulator({ seed: 31, chats: 20, messagesPerChat: [10, 60] });
  store = Store.open(tmp.path('gaps.db'));
});
afterAll(async () => {
  store.close();
  await sim.close();
  tmp.cleanup();
});

async function fullSync(historyMax?: number) {
  const client = simClient(sim);
  try {
    return await syncEngine(store, client, sim, { historyMax }).run({ mode: 'full' });
  } finally {
    await client.close();
  }
}

const status = (chat: string) =>
  callTool(getSyncStatusTool(simDeps(store, sim, { dbPath: tmp.path('gaps.db') })), { chat });

describe('gaps', () => {
  it('history that cannot be joined is a gap in get_sync_status; a deeper read resolves it', async () => {
    expect((await fullSync()).status).toBe('ok');
    const inst = sim.instance(SIM_ID);
    const chat = inst.chats()[4]!.id;
    // 500 new messages over the last hour in one chat: more than a 400-deep read reaches.
    sim.clock.advance(2 * 3600_000);
    inst.addMessages({ count: 500, chats: [chat], spreadSeconds: 3600, notify: false });

    const shallow = await fullSync(400);
    expect(shallow).toMatchObject({ status: 'ok', gaps_detected: 1 });
    const missing = groundTruthDiff(sim, store, {}).filter((d) => d.startsWith('missing'));
    expect(missing.length).toBeGreaterThan(0);
    const withGap = await status(chat);
    expect(withGap.instances[0]!.open_gaps).toBe(1);
    const row = withGap.chats.find((c) => c.wa_id === chat)!;
    expect(row.gaps).toHaveLength(1);
    expect(row.gaps[0]!.reason).toMatch(/400 messages deep/);
    expect(Date.parse(row.gaps[0]!.from)).toBeLessThan(Date.parse(row.gaps[0]!.to));

    // Nothing new since, but the open gap makes the next read go deep enough to join.
    const deep = await fullSync();
    expect(deep).toMatchObject({ status: 'ok', gaps_detected: 0 });
    expect(groundTruthDiff(sim, store)).toEqual([]);
    const resolved = await status(chat);
    expect(resolved.instances[0]!.open_gaps).toBe(0);
    expect(resolved.chats.find((c) => c.wa_id === chat)!.gaps).toEqual([]);
  });
});
