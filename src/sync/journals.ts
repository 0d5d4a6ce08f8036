import { describeError } from '../errors.js';
import type { GreenApiClient } from '../greenapi/index.js';
import type { Store } from '../store/index.js';
import { applyBatch } from './apply.js';
import type { SyncMode, SyncRunOptions } from './engine.js';
import { mapApiItem, type MappedItem } from './mappers.js';
import { isFatal, throwIfAborted, type RunTally } from './run.js';

/**
 * Reading chats' journals (getChatHistory) with a growing `count` until a read is shorter than asked
 * (the chat's beginning) or reaches a message already held, and committing them with their
 * checkpoints: history that cannot be joined to what is held is recorded as a gap.
 */

/** First journal request size, its growth factor, and the deepest request made. */
export const HISTORY_FIRST = 100;
/** First read of a chat nothing of which is held: deep enough for most chats in one request. */
export const HISTORY_FIRST_NEW = 1000;
const HISTORY_GROWTH = 4;
export const HISTORY_MAX = 102_400;
/** Journals read at once (the pacer still spaces the requests). */
const READ_CONCURRENCY = 3;
/** Messages committed per transaction: larger transactions make the full-text index much cheaper. */
const FLUSH_MESSAGES = 3_000;
/** ...or after this long, so that a killed run loses little (at real rate limits a full sync takes minutes). */
const FLUSH_MS = 5_000;

export interface JournalReaderDeps {
  store: Store;
  client: GreenApiClient;
  now: () => number;
  /** Deepest journal read (default HISTORY_MAX). */
  historyMax?: number | undefined;
}

export interface JournalChat {
  waId: string;
  chatId: number;
  name: string | null;
}

interface ChatHistory {
  waId: string;
  chatId: number;
  items: MappedItem[];
  joined: boolean;
  complete: boolean;
  count: number;
  /** Time of the newest message held before this read. */
  heldNewest: number | null;
}

/** One run's journal reads for one instance; what they store is added to the run's tally. */
export class JournalReader {
  constructor(
    private readonly deps: JournalReaderDeps,
    private readonly tally: RunTally,
    private readonly instanceId: number,
    private readonly own: string | null,
  ) {}

  /**
   * Reads the journals of `chats` a few at a time (the pacer keeps the API's limits) and commits them
   * in batches: one transaction per ~FLUSH_MESSAGES messages or FLUSH_MS, each chat with its own checkpoint.
   */
  async readAll(
    chats: readonly JournalChat[],
    options: Pick<SyncRunOptions, 'signal' | 'onProgress'>,
    mode: SyncMode,
  ): Promise<void> {
    const { store } = this.deps;
    let pending: ChatHistory[] = [];
    let pendingMessages = 0;
    let flushedAt = performance.now();
    let done = 0;
    const flush = () => {
      const batch = pending;
      pending = [];
      pendingMessages = 0;
      flushedAt = performance.now();
      if (batch.length) store.write(() => this.commit(batch, mode));
    };
    options.onProgress?.(0, chats.length, 'reading chat journals');
    let next = 0;
    // A fatal error stops every worker; the reads still in flight finish and are committed too.
    let stopped = false;
    const worker = async () => {
      try {
        while (!stopped && next < chats.length) {
          throwIfAborted(options.signal);
          const chat = chats[next++]!;
          const history = await this.read(chat.waId, chat.chatId, options.signal);
          if (history) {
            pending.push(history);
            pendingMessages += history.items.length;
            if (pendingMessages >= FLUSH_MESSAGES || performance.now() - flushedAt >= FLUSH_MS) flush();
          }
          options.onProgress?.(++done, chats.length, chat.name ?? chat.waId);
        }
      } catch (error) {
        stopped = true;
        throw error;
      }
    };
    try {
      const settled = await Promise.allSettled(
        Array.from({ length: Math.min(READ_CONCURRENCY, chats.length) }, worker),
      );
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      flush();
    }
  }

  /**
   * Reads a chat's journal deep enough to join what is held (or to its beginning). Network only:
   * the result is committed by commit. A chat that fails is recorded and skipped.
   */
  private async read(
    waId: string,
    chatId: number,
    signal: AbortSignal | undefined,
  ): Promise<ChatHistory | null> {
    const { store, client, now } = this.deps;
    const state = store.sync.state(chatId);
    const max = this.deps.historyMax ?? HISTORY_MAX;
    // An open gap is closed only by a read that reaches back past its start.
    const floor = store.sync.openGapFloor(chatId);
    // After a failed read, messages held may be only those that arrived since (incremental, follow):
    // joining them says nothing of the older history, so the journal is read to its beginning.
    const readFailed = state?.last_error != null;
    let count = Math.min(state?.newest_ts == null || readFailed ? HISTORY_FIRST_NEW : HISTORY_FIRST, max);
    // A chat that holds nothing cannot be joined: no need to look its messages up one by one.
    const holdsAny = !readFailed && store.messages.hasAny(chatId);
    try {
      for (;;) {
        const page = await client.getChatHistory({ chatId: waId, count }, { signal });
        const complete = page.items.length + page.skipped < count;
        // Joined when the read overlaps what is held (event items are not held: look for any message).
        const joined =
          holdsAny &&
          (floor === undefined || page.items.some((i) => i.timestamp <= floor)) &&
          page.items.some((i) => store.messages.idOf(chatId, i.idMessage) !== undefined);
        if (joined || complete || count >= max) {
          // Newest first in the journal: reversed, so that events of one second apply in order.
          const items = page.items
            .map((i) => mapApiItem(i, this.own))
            .filter((m): m is MappedItem => m !== null && m.chatId === waId)
            .reverse();
          return { waId, chatId, items, joined, complete, count, heldNewest: state?.newest_ts ?? null };
        }
        count = Math.min(count * HISTORY_GROWTH, max);
      }
    } catch (e) {
      if (isFatal(e) || signal?.aborted) throw e;
      this.tally.countError(e);
      store.write(() => store.sync.recordChatError(chatId, describeError(e).message, now()));
      return null;
    }
  }

  /** Stores chats' journal reads with their checkpoints; history that cannot be joined is a gap. */
  private commit(batch: readonly ChatHistory[], mode: SyncMode): void {
    this.tally.add(applyBatch(this.deps.store, this.instanceId, batch));
    for (const h of batch) this.checkpoint(h, mode);
  }

  private checkpoint(h: ChatHistory, mode: SyncMode): void {
    const { store, now } = this.deps;
    const at = now();
    const { oldest, newest } = messageSpan(h.items);
    if (!h.joined && !h.complete && h.heldNewest !== null && oldest && oldest.ts > h.heldNewest) {
      store.sync.addGap(
        h.chatId,
        h.heldNewest,
        oldest.ts,
        `the journal was read ${h.count} messages deep without reaching the messages held`,
        at,
      );
      this.tally.gaps++;
    }
    // The read covers [oldest, newest] without a hole: gaps inside that range are closed.
    if ((h.joined || h.complete) && oldest && newest)
      store.sync.resolveGaps(h.chatId, oldest.ts, newest.ts, at);
    store.sync.checkpoint(h.chatId, {
      newest,
      oldest,
      historyComplete: h.complete,
      journalRead: true,
      ...(mode === 'full' ? { fullAt: at } : { incrementalAt: at }),
    });
    this.tally.chatsSynced++;
  }
}

/** The oldest and newest messages among `items` (events carry no message of their own). */
export function messageSpan(items: readonly MappedItem[]): { oldest?: Edge; newest?: Edge } {
  let oldest: Edge | undefined;
  let newest: Edge | undefined;
  for (const i of items) {
    if (i.kind !== 'message') continue;
    const edge = { ts: i.message.ts, waId: i.message.waId };
    if (!oldest || edge.ts < oldest.ts) oldest = edge;
    if (!newest || edge.ts > newest.ts) newest = edge;
  }
  return { oldest, newest };
}

interface Edge {
  ts: number;
  waId: string;
}
