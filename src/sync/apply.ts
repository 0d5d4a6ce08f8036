import type { Store } from '../store/index.js';
import type { SaveResult } from '../store/messages.js';
import type { MappedItem } from './mappers.js';

export interface ApplyResult extends SaveResult {
  /** Edits, deletes and reactions whose message is not (yet) held. */
  orphans: number;
}

/**
 * Applies mapped journal items or notifications of one chat: messages are saved (deduplicated),
 * edits keep the earlier text, deletes keep content, reactions replace the sender's earlier one.
 * Call inside a write transaction.
 */
export function applyItems(
  store: Store,
  instanceId: number,
  chatId: number,
  items: readonly MappedItem[],
): ApplyResult {
  return applyBatch(store, instanceId, [{ chatId, items }]);
}

/** Applies the items of several chats in one pass (messages of all chats are written oldest first). */
export function applyBatch(
  store: Store,
  instanceId: number,
  chats: readonly { chatId: number; items: readonly MappedItem[] }[],
): ApplyResult {
  const entries = chats.flatMap(({ chatId, items }) =>
    items.flatMap((i) => (i.kind === 'message' ? [{ chatId, message: i.message }] : [])),
  );
  const result: ApplyResult = { ...store.messages.saveMany(instanceId, entries), orphans: 0 };
  // Events after messages, oldest first, so that an edit applies to a message stored in this batch.
  const events = chats
    .flatMap(({ chatId, items }) => items.filter((i) => i.kind !== 'message').map((e) => ({ chatId, e })))
    .sort((a, b) => eventTs(a.e) - eventTs(b.e));
  for (const { chatId, e } of events) {
    let applied = true;
    if (e.kind === 'edit')
      applied = e.text === null || store.messages.edit(chatId, e.targetWaId, e.text, e.ts);
    else if (e.kind === 'delete') applied = store.messages.markDeleted(chatId, e.targetWaId);
    else if (e.kind === 'reaction' && e.senderWaId)
      applied = store.messages.react(chatId, e.targetWaId, e.senderWaId, e.emoji, e.ts);
    else if (e.kind === 'pollVote') applied = store.messages.setPollVotes(chatId, e.pollWaId, e.votes, e.ts);
    if (applied) result.updated++;
    else result.orphans++;
  }
  return result;
}

function eventTs(item: MappedItem): number {
  return item.kind === 'message' ? item.message.ts : item.ts;
}
