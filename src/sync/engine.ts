import { ArchiveError, describeError } from '../errors.js';
import type { GreenApiClient, JournalItem } from '../greenapi/index.js';
import { GreenApiCredentialsError, GreenApiQuotaError, GreenApiStateError } from '../greenapi/errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { RunCounts } from '../store/sync.js';
import { applyBatch, type ApplyResult } from './apply.js';
import { journalItemToMessage, type MappedItem } from './mappers.js';
import { syncDirectory } from './directory.js';
import { followQueue } from './follow.js';

/**
 * Fills the archive from one Green API instance.
 *
 * full: chats, contacts and groups, then each chat's journal with a growing `count` until it is
 * shorter than asked (the beginning) or reaches a message already held; a second full sync costs
 * about one request per chat. incremental: lastIncomingMessages + lastOutgoingMessages over the time
 * since the last sync (two requests), with a chat's journal read only for new chats, when the window
 * is exceeded, or when an edit or reaction points at a message not held.
 *
 * Every chat is committed in one transaction with its checkpoint, after its network work is done, so
 * a run killed at any moment leaves a consistent archive and a rerun completes it.
 */

export type SyncMode = 'full' | 'incremental';
type RunMode = SyncMode | 'follow';

export interface SyncRunOptions {
  mode: SyncMode;
  /** Limit to these WhatsApp chat ids. */
  chats?: string[] | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number | undefined, message: string) => void) | undefined;
}

export interface SyncSummary {
  instance: string;
  mode: RunMode;
  status: 'ok' | 'failed' | 'cancelled';
  chats_synced: number;
  requests: number;
  inserted: number;
  updated: number;
  duplicates: number;
  rate_limited: number;
  malformed_skipped: number;
  gaps_detected: number;
  errors: Record<string, number>;
  elapsed_ms: number;
  error: string | null;
}

export interface SyncEngineDeps {
  store: Store;
  client: GreenApiClient;
  logger: Logger;
  now: () => number;
  instanceName?: string | undefined;
  /** Deepest journal read (default HISTORY_MAX); lower it to see how a too-long history is handled. */
  historyMax?: number | undefined;
}

/** First journal request size, its growth factor, and the deepest request made. */
export const HISTORY_FIRST = 100;
/** First read of a chat nothing of which is held: deep enough for most chats in one request. */
export const HISTORY_FIRST_NEW = 1000;
const HISTORY_GROWTH = 4;
export const HISTORY_MAX = 102_400;
/** The widest incremental window; beyond it each chat's journal is read. */
export const INCREMENTAL_MAX_MINUTES = 1440;
/** Journals can lag up to two minutes behind (reference §5): windows reach back this much further. */
const LAG_MARGIN_SECONDS = 300;
/** Journals read at once (the pacer still spaces the requests). */
const READ_CONCURRENCY = 3;
/** Messages committed per transaction: larger transactions make the full-text index much cheaper. */
const FLUSH_MESSAGES = 3_000;
/** ...or after this long, so that a killed run loses little (at real rate limits a full sync takes minutes). */
const FLUSH_MS = 5_000;

export interface FollowOptions {
  signal: AbortSignal;
  /** Long-poll seconds per receiveNotification (5..60). */
  receiveTimeout?: number;
  reconcileSeconds?: number;
  onEvent?: ((kind: string, chatId: string | null) => void) | undefined;
}

export class SyncEngine {
  private counts: RunCounts = emptyCounts();
  private gaps = 0;
  private chatsSynced = 0;

  constructor(private readonly deps: SyncEngineDeps) {}

  async run(options: SyncRunOptions): Promise<SyncSummary> {
    const instanceId = this.deps.store.instances.ensure(
      'greenapi',
      this.deps.client.idInstance,
      this.deps.instanceName,
    );
    const never = this.deps.store.instances.get(instanceId)?.last_incremental_at === null;
    const mode = options.mode === 'incremental' && never ? 'full' : options.mode;
    return this.runLocked(instanceId, mode, options.signal, (own, startedAt) =>
      mode === 'full'
        ? this.full(instanceId, own, options)
        : this.incremental(instanceId, own, startedAt, options),
    );
  }

  /**
   * Follows the notification queue until `signal` aborts: each notification is applied and only
   * then deleted; every `reconcileSeconds` the last-messages journals are read too, which catches
   * notifications the queue dropped.
   */
  async follow(options: FollowOptions): Promise<SyncSummary> {
    const instanceId = this.deps.store.instances.ensure(
      'greenapi',
      this.deps.client.idInstance,
      this.deps.instanceName,
    );
    return this.runLocked(instanceId, 'follow', options.signal, async (own, startedAt) => {
      if (this.deps.store.instances.get(instanceId)?.last_incremental_at === null)
        await this.full(instanceId, own, { mode: 'full', signal: options.signal });
      await followQueue({
        ...this.deps,
        instanceId,
        own,
        signal: options.signal,
        receiveTimeout: options.receiveTimeout ?? 20,
        reconcileSeconds: options.reconcileSeconds ?? 300,
        reconcile: (at) =>
          this.incremental(instanceId, own, at, { mode: 'incremental', signal: options.signal }),
        count: (r) => this.add(r),
        onEvent: options.onEvent,
        startedAt,
      });
    });
  }

  private async runLocked(
    instanceId: number,
    mode: RunMode,
    signal: AbortSignal | undefined,
    body: (own: string | null, startedAt: number) => Promise<void>,
  ): Promise<SyncSummary> {
    const { store, client, now, logger } = this.deps;
    const started = Date.now();
    const startedAt = now();
    store.sync.acquireLock(instanceId, startedAt);
    const before = client.stats();
    const runId = store.write(() => store.sync.startRun(instanceId, mode, startedAt));
    this.counts = emptyCounts();
    this.gaps = 0;
    this.chatsSynced = 0;
    let status: SyncSummary['status'] = 'ok';
    let error: string | null = null;
    try {
      const own = await this.ownWid(instanceId, signal);
      await body(own, startedAt);
      if (mode !== 'follow')
        store.write(() =>
          store.instances.update(instanceId, {
            last_sync_at: now(),
            last_incremental_at: startedAt,
            state: 'authorized',
          }),
        );
    } catch (e) {
      status = signal?.aborted ? 'cancelled' : 'failed';
      error = describeError(e).message;
      this.countError(e);
      if (e instanceof GreenApiStateError)
        store.write(() => store.instances.update(instanceId, { state: e.state ?? null }));
      logger.warn({ instance: client.idInstance, err: error }, 'sync stopped');
      if (status === 'failed' && isFatal(e)) {
        this.finish(runId, instanceId, before, status, error, started, mode);
        throw e;
      }
    }
    return this.finish(runId, instanceId, before, status, error, started, mode);
  }

  private finish(
    runId: number,
    instanceId: number,
    before: ReturnType<GreenApiClient['stats']>,
    status: SyncSummary['status'],
    error: string | null,
    started: number,
    mode: RunMode,
  ): SyncSummary {
    const { store, client, now } = this.deps;
    const after = client.stats();
    this.counts.requests = after.requests - before.requests;
    this.counts.rateLimited = after.rateLimited - before.rateLimited;
    const elapsed = Date.now() - started;
    store.write(() => {
      store.sync.finishRun(runId, status, this.counts, error, now(), elapsed);
      store.sync.releaseLock(instanceId);
    });
    return {
      instance: client.idInstance,
      mode,
      status,
      chats_synced: this.chatsSynced,
      requests: this.counts.requests,
      inserted: this.counts.inserted,
      updated: this.counts.updated,
      duplicates: this.counts.duplicates,
      rate_limited: this.counts.rateLimited,
      malformed_skipped: after.malformed - before.malformed,
      gaps_detected: this.gaps,
      errors: this.counts.errors,
      elapsed_ms: elapsed,
      error,
    };
  }

  /** The instance's own WhatsApp id (sender of outgoing messages), asked once and then remembered. */
  private async ownWid(instanceId: number, signal: AbortSignal | undefined): Promise<string | null> {
    const { store, client } = this.deps;
    const known = store.instances.get(instanceId)?.wid;
    if (known) return known;
    const settings = await client.getSettings({ signal });
    const wid = typeof settings.wid === 'string' && settings.wid ? settings.wid : null;
    if (wid) {
      store.write(() => {
        store.instances.update(instanceId, { wid });
        store.contacts.upsert({ instanceId, waIds: [wid], isMe: true });
      });
    }
    return wid;
  }

  private async full(instanceId: number, own: string | null, options: SyncRunOptions): Promise<void> {
    const { store, client, now } = this.deps;
    const { chats, groupDetails } = await syncDirectory({
      store,
      client,
      now,
      instanceId,
      signal: options.signal,
      only: options.chats,
    });
    const onGroupError = (chatId: number, error: unknown) => {
      if (isFatal(error) || options.signal?.aborted) throw error;
      this.countError(error);
      store.write(() => store.sync.recordChatError(chatId, describeError(error).message, now()));
    };
    await Promise.all([
      groupDetails(onGroupError),
      this.readHistories(instanceId, chats, own, options, 'full'),
    ]);
  }

  /**
   * Reads the journals of `chats` a few at a time (the pacer keeps the API's limits) and commits them
   * in batches: one transaction per ~FLUSH_MESSAGES messages or FLUSH_MS, each chat with its own checkpoint.
   */
  private async readHistories(
    instanceId: number,
    chats: readonly { waId: string; chatId: number; name: string | null }[],
    own: string | null,
    options: SyncRunOptions,
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
      if (batch.length) store.write(() => this.commitHistories(instanceId, batch, mode));
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
          const history = await this.readHistory(chat.waId, chat.chatId, own, options.signal);
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

  private async incremental(
    instanceId: number,
    own: string | null,
    startedAt: number,
    options: SyncRunOptions,
  ): Promise<void> {
    const { store, client } = this.deps;
    const since = store.instances.get(instanceId)!.last_incremental_at!;
    const minutes = Math.ceil((startedAt - since + LAG_MARGIN_SECONDS) / 60);
    if (minutes > INCREMENTAL_MAX_MINUTES) {
      options.onProgress?.(
        0,
        undefined,
        `last sync ${Math.round(minutes / 60)} h ago, beyond the ${INCREMENTAL_MAX_MINUTES / 60} h window: full sync`,
      );
      await this.full(instanceId, own, options);
      return;
    }
    options.onProgress?.(0, 2, 'reading the last messages');
    const incoming = await client.lastIncomingMessages(minutes, { signal: options.signal });
    options.onProgress?.(1, 2, 'reading the last messages');
    const outgoing = await client.lastOutgoingMessages(minutes, { signal: options.signal });
    options.onProgress?.(2, 2, 'storing');
    const byChat = new Map<string, MappedItem[]>();
    // Journals list newest first: reversed, events of one second apply in the order they happened.
    for (const item of [...incoming.items.reverse(), ...outgoing.items.reverse()]) {
      const mapped = mapItem(item, own);
      if (!mapped) continue;
      if (options.chats && !options.chats.includes(mapped.chatId)) continue;
      byChat.set(mapped.chatId, [...(byChat.get(mapped.chatId) ?? []), mapped]);
    }
    const known = store.chats.ofInstance(instanceId);
    // A chat whose last journal read failed may miss older history: its journal is read again.
    const needHistory = store.sync
      .chatsWithFailedReads(instanceId)
      .filter((c) => !options.chats || options.chats.includes(c.waId));
    store.write(() => {
      const batch = [...byChat].map(([waId, items]) => ({
        waId,
        items,
        chatId:
          known.get(waId) ??
          store.chats.upsert({
            instanceId,
            waId,
            type: waId.endsWith('@g.us') ? 'group' : 'private',
            name: chatNameOf(items),
          }),
      }));
      const result = applyBatch(store, instanceId, batch);
      this.add(result);
      for (const chat of batch) {
        store.sync.checkpoint(chat.chatId, { newest: newestMessage(chat.items), incrementalAt: startedAt });
        if (!known.has(chat.waId)) needHistory.push({ waId: chat.waId, chatId: chat.chatId, name: null });
        this.chatsSynced++;
      }
      // An edit, delete or reaction of a message not held: read those chats' journals.
      if (result.orphans > 0) {
        for (const chat of batch) {
          if (
            chat.items.some(
              (i) =>
                i.kind !== 'message' &&
                'targetWaId' in i &&
                store.messages.idOf(chat.chatId, i.targetWaId) === undefined,
            )
          ) {
            if (!needHistory.some((n) => n.chatId === chat.chatId))
              needHistory.push({ waId: chat.waId, chatId: chat.chatId, name: null });
          }
        }
      }
    });
    await this.readHistories(instanceId, needHistory, own, options, 'incremental');
  }

  /**
   * Reads a chat's journal deep enough to join what is held (or to its beginning). Network only:
   * the result is committed by commitHistory. A chat that fails is recorded and skipped.
   */
  private async readHistory(
    waId: string,
    chatId: number,
    own: string | null,
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
            .map((i) => mapItem(i, own))
            .filter((m): m is MappedItem => m !== null && m.chatId === waId)
            .reverse();
          return { waId, chatId, items, joined, complete, count, heldNewest: state?.newest_ts ?? null };
        }
        count = Math.min(count * HISTORY_GROWTH, max);
      }
    } catch (e) {
      if (isFatal(e) || signal?.aborted) throw e;
      this.countError(e);
      store.write(() => store.sync.recordChatError(chatId, describeError(e).message, now()));
      return null;
    }
  }

  /** Stores chats' journal reads with their checkpoints; history that cannot be joined is a gap. */
  private commitHistories(instanceId: number, batch: readonly ChatHistory[], mode: SyncMode): void {
    this.add(applyBatch(this.deps.store, instanceId, batch));
    for (const h of batch) this.checkpointHistory(h, mode);
  }

  private checkpointHistory(h: ChatHistory, mode: SyncMode): void {
    const { store, now } = this.deps;
    const at = now();
    const oldest = oldestMessage(h.items);
    if (!h.joined && !h.complete && h.heldNewest !== null && oldest && oldest.ts > h.heldNewest) {
      store.sync.addGap(
        h.chatId,
        h.heldNewest,
        oldest.ts,
        `the journal was read ${h.count} messages deep without reaching the messages held`,
        at,
      );
      this.gaps++;
    }
    // The read covers [oldest, newest] without a hole: gaps inside that range are closed.
    const newest = newestMessage(h.items);
    if ((h.joined || h.complete) && oldest && newest)
      store.sync.resolveGaps(h.chatId, oldest.ts, newest.ts, at);
    store.sync.checkpoint(h.chatId, {
      newest,
      oldest,
      historyComplete: h.complete,
      journalRead: true,
      ...(mode === 'full' ? { fullAt: at } : { incrementalAt: at }),
    });
    this.chatsSynced++;
  }

  private add = (result: ApplyResult): void => {
    this.counts.inserted += result.inserted;
    this.counts.updated += result.updated;
    this.counts.duplicates += result.duplicates;
    if (result.orphans)
      this.counts.errors.orphan_event = (this.counts.errors.orphan_event ?? 0) + result.orphans;
  };

  private countError(e: unknown): void {
    const kind = e instanceof ArchiveError ? e.code : 'internal';
    this.counts.errors[kind] = (this.counts.errors[kind] ?? 0) + 1;
  }
}

function emptyCounts(): RunCounts {
  return { requests: 0, inserted: 0, updated: 0, duplicates: 0, rateLimited: 0, errors: {} };
}

/** Errors that stop the whole run (nothing else can succeed): credentials, state, quota, cancellation. */
function isFatal(e: unknown): boolean {
  return (
    e instanceof GreenApiCredentialsError ||
    e instanceof GreenApiStateError ||
    e instanceof GreenApiQuotaError ||
    (e as Error)?.name === 'AbortError'
  );
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new ArchiveError(
      'The sync was cancelled.',
      'Run it again to continue; what was stored is kept.',
      'cancelled',
    );
}

function mapItem(item: JournalItem, own: string | null): MappedItem | null {
  return journalItemToMessage(item as Record<string, unknown>, { ownWid: own, source: 'api' });
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

function oldestMessage(items: readonly MappedItem[]): { ts: number; waId: string } | undefined {
  let best: { ts: number; waId: string } | undefined;
  for (const i of items)
    if (i.kind === 'message' && (!best || i.message.ts < best.ts))
      best = { ts: i.message.ts, waId: i.message.waId };
  return best;
}

function newestMessage(items: readonly MappedItem[]): { ts: number; waId: string } | undefined {
  let best: { ts: number; waId: string } | undefined;
  for (const i of items)
    if (i.kind === 'message' && (!best || i.message.ts > best.ts))
      best = { ts: i.message.ts, waId: i.message.waId };
  return best;
}

function chatNameOf(items: readonly MappedItem[]): string | null {
  for (const i of items) if (i.kind === 'message' && i.chatName) return i.chatName;
  return null;
}
