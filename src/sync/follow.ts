import { describeError } from '../errors.js';
import type { GreenApiClient } from '../greenapi/index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import { applyItems, type ApplyResult } from './apply.js';
import { notificationToEvent } from './notification-events.js';

export interface FollowQueueInput {
  store: Store;
  client: GreenApiClient;
  logger: Logger;
  now: () => number;
  instanceId: number;
  own: string | null;
  signal: AbortSignal;
  receiveTimeout: number;
  reconcileSeconds: number;
  /** Reads the last-messages journals since `at`-window (catches dropped notifications). */
  reconcile: (at: number) => Promise<void>;
  count: (result: ApplyResult) => void;
  onEvent?: ((kind: string, chatId: string | null) => void) | undefined;
  startedAt: number;
}

/**
 * Drains the notification queue. A notification is deleted only after its effect is committed, so a
 * crash replays it (and replays are harmless: messages are deduplicated by chat and id).
 */
export async function followQueue(input: FollowQueueInput): Promise<void> {
  const { store, client, logger, now, instanceId, signal } = input;
  let lastReconcile = input.startedAt;
  while (!signal.aborted) {
    if (now() - lastReconcile >= input.reconcileSeconds) {
      const at = now();
      try {
        await input.reconcile(at);
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
      store.write(() => store.instances.update(instanceId, { last_sync_at: now(), last_incremental_at: at }));
      lastReconcile = at;
    }
    let received;
    try {
      received = await client.receiveNotification(input.receiveTimeout, { signal });
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    }
    if (!received) continue;
    const event = received.body
      ? notificationToEvent(received.body, { ownWid: input.own, source: 'webhook' })
      : null;
    try {
      store.write(() => {
        if (!event) return;
        if (
          event.kind === 'message' ||
          event.kind === 'edit' ||
          event.kind === 'delete' ||
          event.kind === 'reaction'
        ) {
          const chatWaId = event.chatId;
          const chatName = event.chatName ?? null;
          const chatId =
            store.chats.idOf(instanceId, chatWaId) ??
            store.chats.upsert({
              instanceId,
              waId: chatWaId,
              type: chatWaId.endsWith('@g.us') ? 'group' : 'private',
              name: chatName,
            });
          input.count(applyItems(store, instanceId, chatId, [event]));
          if (event.kind === 'message')
            store.sync.checkpoint(chatId, { newest: { ts: event.message.ts, waId: event.message.waId } });
        } else if (event.kind === 'status') {
          const chatId = store.chats.idOf(instanceId, event.chatId);
          if (chatId !== undefined) store.messages.setStatus(chatId, event.waId, event.status);
        } else if (event.kind === 'state') {
          store.instances.update(instanceId, { state: event.stateInstance });
        }
      });
      input.onEvent?.(event?.kind ?? 'unreadable', event && 'chatId' in event ? event.chatId : null);
    } catch (error) {
      // Leave the notification in the queue: it is retried on the next start.
      logger.error({ err: describeError(error).message }, 'could not store a notification; it stays queued');
      throw error;
    }
    try {
      await client.deleteNotification(received.receiptId, { signal });
    } catch (error) {
      // Stopped mid-delete: the notification comes again next time, and replaying it is harmless.
      if (signal.aborted) return;
      throw error;
    }
  }
}
