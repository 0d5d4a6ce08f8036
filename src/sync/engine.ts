import { describeError } from '../errors.js';
import type { GreenApiClient } from '../greenapi/index.js';
import { GreenApiStateError } from '../greenapi/errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import { applyBatch } from './apply.js';
import { syncDirectory } from './directory.js';
import { followQueue } from './follow.js';
import { JournalReader, messageSpan } from './journals.js';
import { mapApiItem, type MappedItem } from './mappers.js';
import { isFatal, RunTally } from './run.js';

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

/** The widest incremental window; beyond it each chat's journal is read. */
export const INCREMENTAL_MAX_MINUTES = 1440;
/** Journals can lag up to two minutes behind (reference §5): windows reach back this much further. */
const LAG_MARGIN_SECONDS = 300;
export interface FollowOptions {
  signal: AbortSignal;
  /** Long-poll seconds per receiveNotification (5..60). */
  receiveTimeout?: number;
  reconcileSeconds?: number;
  onEvent?: ((kind: string, chatId: string | null) => void) | undefined;
}

/** What the steps of one run share. */
interface Run {
  instanceId: number;
  /** The instance's own WhatsApp id. */
  own: string | null;
  startedAt: number;
  tally: RunTally;
  journals: JournalReader;
}

export class SyncEngine {
  constructor(private readonly deps: SyncEngineDeps) {}

  async run(options: SyncRunOptions): Promise<SyncSummary> {
    const instanceId = this.deps.store.instances.ensure(
      'greenapi',
      this.deps.client.idInstance,
      this.deps.instanceName,
    );
    const never = this.deps.store.instances.get(instanceId)?.last_incremental_at === null;
    const mode = options.mode === 'incremental' && never ? 'full' : options.mode;
    return this.runLocked(instanceId, mode, options.signal, (run) =>
      mode === 'full' ? this.full(run, options) : this.incremental(run, run.startedAt, options),
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
    return this.runLocked(instanceId, 'follow', options.signal, async (run) => {
      if (this.deps.store.instances.get(instanceId)?.last_incremental_at === null)
        await this.full(run, { mode: 'full', signal: options.signal });
      await followQueue({
        ...this.deps,
        instanceId,
        own: run.own,
        signal: options.signal,
        receiveTimeout: options.receiveTimeout ?? 20,
        reconcileSeconds: options.reconcileSeconds ?? 300,
        reconcile: (at) => this.incremental(run, at, { mode: 'incremental', signal: options.signal }),
        count: (r) => run.tally.add(r),
        onEvent: options.onEvent,
        startedAt: run.startedAt,
      });
    });
  }

  private async runLocked(
    instanceId: number,
    mode: RunMode,
    signal: AbortSignal | undefined,
    body: (run: Run) => Promise<void>,
  ): Promise<SyncSummary> {
    const { store, client, now, logger } = this.deps;
    const started = Date.now();
    const startedAt = now();
    store.sync.acquireLock(instanceId, startedAt);
    const before = client.stats();
    const runId = store.write(() => store.sync.startRun(instanceId, mode, startedAt));
    const tally = new RunTally();
    let status: SyncSummary['status'] = 'ok';
    let error: string | null = null;
    /** An error no later run can get past either (see isFatal): thrown once the run is recorded. */
    let fatal: { error: unknown } | undefined;
    try {
      const own = await this.ownWid(instanceId, signal);
      const journals = new JournalReader(this.deps, tally, instanceId, own);
      await body({ instanceId, own, startedAt, tally, journals });
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
      tally.countError(e);
      if (e instanceof GreenApiStateError)
        store.write(() => store.instances.update(instanceId, { state: e.state ?? null }));
      logger.warn({ instance: client.idInstance, err: error }, 'sync stopped');
      if (status === 'failed' && isFatal(e)) fatal = { error: e };
    }
    const summary = this.finish(runId, instanceId, tally, before, status, error, started, mode);
    if (fatal) throw fatal.error;
    return summary;
  }

  private finish(
    runId: number,
    instanceId: number,
    tally: RunTally,
    before: ReturnType<GreenApiClient['stats']>,
    status: SyncSummary['status'],
    error: string | null,
    started: number,
    mode: RunMode,
  ): SyncSummary {
    const { store, client, now } = this.deps;
    const { counts, gaps, chatsSynced } = tally;
    const after = client.stats();
    counts.requests = after.requests - before.requests;
    counts.rateLimited = after.rateLimited - before.rateLimited;
    const elapsed = Date.now() - started;
    store.write(() => {
      store.sync.finishRun(runId, status, counts, error, now(), elapsed);
      store.sync.releaseLock(instanceId);
    });
    return {
      instance: client.idInstance,
      mode,
      status,
      chats_synced: chatsSynced,
      requests: counts.requests,
      inserted: counts.inserted,
      updated: counts.updated,
      duplicates: counts.duplicates,
      rate_limited: counts.rateLimited,
      malformed_skipped: after.malformed - before.malformed,
      gaps_detected: gaps,
      errors: counts.errors,
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

  private async full(run: Run, options: SyncRunOptions): Promise<void> {
    const { store, client, now } = this.deps;
    const { chats, groupDetails } = await syncDirectory({
      store,
      client,
      now,
      instanceId: run.instanceId,
      signal: options.signal,
      only: options.chats,
    });
    const onGroupError = (chatId: number, error: unknown) => {
      if (isFatal(error) || options.signal?.aborted) throw error;
      run.tally.countError(error);
      store.write(() => store.sync.recordChatError(chatId, describeError(error).message, now()));
    };
    await Promise.all([groupDetails(onGroupError), run.journals.readAll(chats, options, 'full')]);
  }

  /** An incremental read as of `at` (the run's start, or a follow's reconciliation). */
  private async incremental(run: Run, at: number, options: SyncRunOptions): Promise<void> {
    const { store, client } = this.deps;
    const { instanceId, own } = run;
    const since = store.instances.get(instanceId)!.last_incremental_at!;
    const minutes = Math.ceil((at - since + LAG_MARGIN_SECONDS) / 60);
    if (minutes > INCREMENTAL_MAX_MINUTES) {
      options.onProgress?.(
        0,
        undefined,
        `last sync ${Math.round(minutes / 60)} h ago, beyond the ${INCREMENTAL_MAX_MINUTES / 60} h window: full sync`,
      );
      await this.full(run, options);
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
      const mapped = mapApiItem(item, own);
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
      run.tally.add(result);
      for (const chat of batch) {
        store.sync.checkpoint(chat.chatId, { newest: messageSpan(chat.items).newest, incrementalAt: at });
        if (!known.has(chat.waId)) needHistory.push({ waId: chat.waId, chatId: chat.chatId, name: null });
        run.tally.chatsSynced++;
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
    await run.journals.readAll(needHistory, options, 'incremental');
  }
}

function chatNameOf(items: readonly MappedItem[]): string | null {
  for (const i of items) if (i.kind === 'message' && i.chatName) return i.chatName;
  return null;
}
