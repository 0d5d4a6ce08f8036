/**
 * Incremental sync: 850 new messages across 50 chats ten minutes after a full sync cost two requests
 * (lastIncomingMessages + lastOutgoingMessages) and leave the archive equal to the new ground truth,
 * edits included with the earlier text kept; a second full sync with nothing new costs one request per
 * chat plus getChats and stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { Store } from '../../src/store/index.js';
import {
  countRows,
  expectedArchive,
  groundTruthDiff,
  SIM_ID,
  simClient,
  startSimulator,
  syncEngine,
} from '../helpers/sync.js';
import { tempDir } from '../helpers/tmp.js';

const CHATS = 60;
const tmp = tempDir('wa-sync-inc-');
let sim: Simulator;
let store: Store;

beforeAll(async () => {
  sim = await startSimulator({ seed: 8, chats: CHATS, messagesPerChat: [10, 80] });
  store = Store.open(tmp.path('inc.db'));
});
afterAll(async () => {
  store.close();
  await sim.close();
  tmp.cleanup();
});

async function sync(mode: 'full' | 'incremental') {
  const client = simClient(sim);
  try {
    return await syncEngine(store, client, sim).run({ mode });
  } finally {
    await client.close();
  }
}

describe('incremental sync', () => {
  it('850 new messages across 50 chats, 10 minutes after a full sync: <= 3 requests, exact archive', async () => {
    expect((await sync('full')).status).toBe('ok');
    expect(groundTruthDiff(sim, store)).toEqual([]);
    const before = expectedArchive(sim.instance(SIM_ID));

    const added = sim.instance(SIM_ID).addMessages({ count: 850, chats: 50, notify: false });
    sim.clock.advance(10 * 60_000);
    const edits = added.filter((i) => i.typeMessage === 'editedMessage');
    expect(new Set(added.map((i) => i.chatId)).size).toBe(50);

    const summary = await sync('incremental');
    expect(summary).toMatchObject({ mode: 'incremental', status: 'ok' });
    expect(summary.requests).toBeLessThanOrEqual(3);
    expect(groundTruthDiff(sim, store)).toEqual([]);
    const after = expectedArchive(sim.instance(SIM_ID));
    expect(summary.inserted).toBe(after.messages - before.messages);

    // Messages edited since the full sync show the new text and keep the one they had as a revision.
    let checked = 0;
    for (const edit of edits) {
      const target = (edit.editedMessageData as { stanzaId: string }).stanzaId;
      const oldText = before.chats.get(edit.chatId)?.get(target)?.text;
      if (oldText === undefined) continue; // edited a message that is itself new
      const row = store.db
        .prepare<[string, string], { id: number; text: string | null }>(
          'SELECT m.id, m.text FROM messages m JOIN chats c ON c.id = m.chat_id WHERE c.wa_id = ? AND m.wa_id = ?',
        )
        .get(edit.chatId, target)!;
      expect(row.text).toBe(after.chats.get(edit.chatId)!.get(target)!.text);
      expect(store.history.revisions(row.id).map((r) => r.text)).toContain(oldText);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('a second full sync with nothing new: <= one request per chat + 2, nothing inserted', async () => {
    const messages = countRows(store, 'messages');
    sim.clock.advance(60_000);
    const summary = await sync('full');
    expect(summary.status).toBe('ok');
    expect(summary.requests).toBeLessThanOrEqual(CHATS + 2);
    expect(summary.inserted).toBe(0);
    expect(countRows(store, 'messages')).toBe(messages);
    expect(groundTruthDiff(sim, store)).toEqual([]);
  });

  it('an incremental sync after more than a day reads every journal instead (a full sync)', async () => {
    sim.instance(SIM_ID).addMessages({ count: 40, chats: 5, notify: false });
    sim.clock.advance(26 * 3600_000);
    const progress: string[] = [];
    const client = simClient(sim);
    try {
      const summary = await syncEngine(store, client, sim).run({
        mode: 'incremental',
        onProgress: (_d, _t, message) => progress.push(message),
      });
      expect(summary.status).toBe('ok');
      expect(progress[0]).toMatch(/beyond the 24 h window: full sync/);
      expect(summary.requests).toBeGreaterThanOrEqual(CHATS);
    } finally {
      await client.close();
    }
    expect(groundTruthDiff(sim, store)).toEqual([]);
  });

  it('a chat whose journal read failed is read again to its beginning, though new messages arrived meanwhile', async () => {
    // More new messages than a first shallow read (100) asks for: joining them is not enough.
    const added = sim.instance(SIM_ID).addMessages({ count: 150, chats: 1, notify: false });
    const chatWaId = added[0]!.chatId;
    const chatId = store.db
      .prepare<[string], { id: number }>('SELECT id FROM chats WHERE wa_id = ?')
      .get(chatWaId)!.id;
    // As if the last full sync could not read this chat: nothing of it held, its error recorded.
    store.write(() => {
      const ofChat = 'SELECT id FROM messages WHERE chat_id = ?';
      store.db.prepare(`DELETE FROM reactions WHERE message_id IN (${ofChat})`).run(chatId);
      store.db.prepare(`DELETE FROM message_revisions WHERE message_id IN (${ofChat})`).run(chatId);
      store.db.prepare('DELETE FROM messages WHERE chat_id = ?').run(chatId);
      store.db.prepare('DELETE FROM sync_state WHERE chat_id = ?').run(chatId);
      store.sync.recordChatError(chatId, 'HTTP 503', sim.clock.now() / 1000);
    });
    sim.clock.advance(10 * 60_000);

    const summary = await sync('incremental');
    expect(summary.status).toBe('ok');
    // Its new messages came with the last-messages journals; its journal was read for the rest.
    expect(summary.requests).toBe(3);
    expect(groundTruthDiff(sim, store)).toEqual([]);
    expect(store.sync.state(chatId)?.last_error).toBeNull();
    expect(store.sync.chatsWithFailedReads(store.instances.ensure('greenapi', String(SIM_ID)))).toEqual([]);
  });
});
