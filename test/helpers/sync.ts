/**
 * Shared setup of the sync integration tests: a simulator on a real local port, a store in a temporary
 * directory, a client with small retry delays, and the ground-truth comparison (the simulator's
 * journal mapped through journalItemToMessage, edits and reactions applied, against the store).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createGreenApiClient, createPacer, type GreenApiClient } from '../../src/greenapi/index.js';
import type { PacerOptions, RetryOptions } from '../../src/greenapi/index.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import {
  createSimulator,
  type FaultOptions,
  type LimitOptions,
  type SimInstance,
  type Simulator,
} from '../../src/simulator/index.js';
import type { Store } from '../../src/store/index.js';
import { SyncEngine, type SyncEngineDeps } from '../../src/sync/engine.js';
import { journalItemToMessage } from '../../src/sync/mappers.js';
import type { Deps } from '../../src/tools/deps.js';

export const SIM_ID = 1101000001;
export const SIM_TOKEN = '7d3f0a9c1b2e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5';
/** Simulator wall clock at start: 2025-06-02T12:00:00Z (advanced only by `sim.clock.advance`). */
export const SIM_START_MS = Date.UTC(2025, 5, 2, 12, 0, 0);
/** Retries fast enough for tests, patient enough for 20% faults. */
export const FAST_RETRY: Partial<RetryOptions> = {
  attempts: 10,
  baseDelayMs: 2,
  maxDelayMs: 40,
  jitter: 0.25,
};

export interface SimSetup {
  seed?: number;
  chats?: number;
  messagesPerChat?: number | [number, number];
  limits?: LimitOptions;
  faults?: FaultOptions;
  port?: number;
  quota466?: { correspondents: number };
}

/** A simulator with one instance and a frozen clock (move it with `sim.clock.advance`). */
export function startSimulator(setup: SimSetup = {}): Promise<Simulator> {
  return createSimulator({
    seed: setup.seed ?? 1,
    now: () => SIM_START_MS,
    limits: setup.limits ?? 'off',
    longPollScale: 0.001,
    ...(setup.port === undefined ? {} : { port: setup.port }),
    ...(setup.faults ? { faults: setup.faults } : {}),
    ...(setup.quota466 ? { quota466: setup.quota466 } : {}),
    instances: [
      {
        idInstance: SIM_ID,
        token: SIM_TOKEN,
        chats: setup.chats ?? 24,
        messagesPerChat: setup.messagesPerChat ?? [20, 160],
      },
    ],
  });
}

/** Current time of the simulator in UTC seconds: the `now` of the engine and the tools. */
export const simNow = (sim: Simulator) => () => Math.floor(sim.clock.now() / 1000);

export interface ClientSetup {
  pacer?: PacerOptions;
  retry?: Partial<RetryOptions>;
  timeoutMs?: number;
  token?: string;
}

export function simClient(sim: Simulator, setup: ClientSetup = {}): GreenApiClient {
  return createGreenApiClient({
    apiUrl: sim.url,
    idInstance: SIM_ID,
    token: setup.token ?? SIM_TOKEN,
    pacer: createPacer(setup.pacer ?? { unlimited: true }),
    retry: setup.retry ?? FAST_RETRY,
    timeoutMs: setup.timeoutMs ?? 5000,
  });
}

export function syncEngine(
  store: Store,
  client: GreenApiClient,
  sim: Simulator,
  extra: Partial<SyncEngineDeps> = {},
): SyncEngine {
  return new SyncEngine({ store, client, logger: silentLogger(), now: simNow(sim), ...extra });
}

/** One message as the comparison sees it (store and expectation share this shape). */
export interface MessageView {
  ts: number;
  direction: string;
  type: string;
  text: string | null;
  quoted: string | null;
  sender: string | null;
  mediaMime: string | null;
  mediaName: string | null;
  mediaUrl: string | null;
  edited: boolean;
  deleted: boolean;
  status: string | null;
}

export interface ArchiveView {
  /** chat wa id -> message wa id -> message */
  chats: Map<string, Map<string, MessageView>>;
  /** `${chat} ${message} ${sender}` -> emoji */
  reactions: Map<string, string>;
  messages: number;
}

/**
 * What the archive must hold for the simulator's journal: every message item mapped with the
 * production mapper, reactions reduced to the newest per sender. Event items (edits, deletes) are
 * already folded into the journal items they changed, as the API shows them.
 */
export function expectedArchive(inst: SimInstance, opts: { status?: boolean } = {}): ArchiveView {
  const truth = inst.groundTruth();
  const chats = new Map<string, Map<string, MessageView>>();
  const reactions = new Map<string, string>();
  let messages = 0;
  for (const [chatWaId, items] of truth.itemsByChat) {
    const byId = new Map<string, MessageView>();
    for (const item of items) {
      const mapped = journalItemToMessage(item as Record<string, unknown>, {
        ownWid: inst.own.wid,
        source: 'api',
      });
      if (!mapped) throw new Error(`the mapper rejected simulator item ${item.idMessage}`);
      if (mapped.kind === 'reaction' && mapped.senderWaId)
        reactions.set(`${chatWaId} ${mapped.targetWaId} ${mapped.senderWaId}`, mapped.emoji);
      if (mapped.kind !== 'message') continue;
      const m = mapped.message;
      byId.set(m.waId, {
        ts: m.ts,
        direction: m.direction,
        type: m.type,
        text: m.text,
        quoted: m.quotedWaId ?? null,
        sender: m.senderWaId,
        mediaMime: m.mediaMime ?? null,
        mediaName: m.mediaName ?? null,
        mediaUrl: m.mediaUrl ?? null,
        edited: m.edited === true,
        deleted: m.deleted === true,
        status: opts.status === false ? null : (m.status ?? null),
      });
      messages++;
    }
    if (byId.size) chats.set(chatWaId, byId);
  }
  return { chats, reactions, messages };
}

interface StoredRow {
  chat: string;
  wa_id: string;
  ts: number;
  direction: string;
  type: string;
  text: string | null;
  quoted_wa_id: string | null;
  sender_id: number | null;
  media_mime: string | null;
  media_name: string | null;
  media_url: string | null;
  edited: number;
  deleted: number;
  status: string | null;
}

/** The archive of one Green API instance as held in the store. */
export function storedArchive(store: Store, idInstance = String(SIM_ID), opts: { status?: boolean } = {}) {
  const db = store.db;
  const instance = db
    .prepare<[string], { id: number }>("SELECT id FROM instances WHERE kind = 'greenapi' AND external_id = ?")
    .get(idInstance);
  const view: ArchiveView & { senders: Map<number, Set<string>> } = {
    chats: new Map(),
    reactions: new Map(),
    messages: 0,
    senders: new Map(),
  };
  if (!instance) return view;
  for (const r of db
    .prepare<[number], { contact_id: number; wa_id: string }>(
      'SELECT contact_id, wa_id FROM contact_ids WHERE instance_id = ?',
    )
    .all(instance.id)) {
    const set = view.senders.get(r.contact_id) ?? new Set<string>();
    set.add(r.wa_id);
    view.senders.set(r.contact_id, set);
  }
  const rows = db
    .prepare<[number], StoredRow>(
      `SELECT c.wa_id AS chat, m.wa_id, m.ts, m.direction, m.type, m.text, m.quoted_wa_id, m.sender_id,
         m.media_mime, m.media_name, m.media_url, m.edited, m.deleted, m.status
       FROM messages m JOIN chats c ON c.id = m.chat_id WHERE c.instance_id = ?`,
    )
    .all(instance.id);
  for (const r of rows) {
    const chat = view.chats.get(r.chat) ?? new Map<string, MessageView>();
    view.chats.set(r.chat, chat);
    if (chat.has(r.wa_id)) throw new Error(`duplicate message ${r.wa_id} in ${r.chat}`);
    // The sender is compared by id: several WhatsApp ids may name one contact.
    const senders = r.sender_id === null ? null : [...(view.senders.get(r.sender_id) ?? [])].sort();
    chat.set(r.wa_id, {
      ts: r.ts,
      direction: r.direction,
      type: r.type,
      text: r.text,
      quoted: r.quoted_wa_id,
      sender: senders === null ? null : senders.join('|'),
      mediaMime: r.media_mime,
      mediaName: r.media_name,
      mediaUrl: r.media_url,
      edited: r.edited === 1,
      deleted: r.deleted === 1,
      status: opts.status === false ? null : r.status,
    });
    view.messages++;
  }
  for (const r of db
    .prepare<[number], { chat: string; wa_id: string; sender_wa_id: string; emoji: string }>(
      `SELECT c.wa_id AS chat, m.wa_id, r.sender_wa_id, r.emoji FROM reactions r
       JOIN messages m ON m.id = r.message_id JOIN chats c ON c.id = m.chat_id WHERE c.instance_id = ?`,
    )
    .all(instance.id))
    view.reactions.set(`${r.chat} ${r.wa_id} ${r.sender_wa_id}`, r.emoji);
  return view;
}

/**
 * Differences between the expected and the stored archive, as readable lines (empty when equal).
 * At most `max` lines, then a count of the rest.
 */
export function archiveDiff(expected: ArchiveView, actual: ArchiveView, max = 15): string[] {
  const out: string[] = [];
  const chats = new Set([...expected.chats.keys(), ...actual.chats.keys()]);
  for (const chat of chats) {
    const want = expected.chats.get(chat) ?? new Map<string, MessageView>();
    const got = actual.chats.get(chat) ?? new Map<string, MessageView>();
    for (const [id, w] of want) {
      const g = got.get(id);
      if (!g) {
        out.push(`missing ${chat} ${id} (${w.type}, ts ${w.ts})`);
        continue;
      }
      for (const key of Object.keys(w) as (keyof MessageView)[]) {
        const same =
          key === 'sender'
            ? w.sender === null
              ? g.sender === null
              : (g.sender ?? '').split('|').includes(w.sender)
            : w[key] === g[key];
        if (!same)
          out.push(
            `${chat} ${id} ${key}: expected ${JSON.stringify(w[key])}, stored ${JSON.stringify(g[key])}`,
          );
      }
    }
    for (const id of got.keys()) if (!want.has(id)) out.push(`unexpected ${chat} ${id}`);
  }
  for (const [key, emoji] of expected.reactions)
    if (actual.reactions.get(key) !== emoji)
      out.push(`reaction ${key}: expected ${emoji}, stored ${actual.reactions.get(key) ?? 'none'}`);
  for (const key of actual.reactions.keys())
    if (!expected.reactions.has(key)) out.push(`unexpected reaction ${key}`);
  return out.length > max ? [...out.slice(0, max), `… and ${out.length - max} more`] : out;
}

/** Differences between the simulator's ground truth and the store (empty when the store is exact). */
export function groundTruthDiff(sim: Simulator, store: Store, opts: { status?: boolean } = {}): string[] {
  return archiveDiff(expectedArchive(sim.instance(SIM_ID), opts), storedArchive(store, String(SIM_ID), opts));
}

export interface RunRow {
  id: number;
  mode: string;
  status: string;
  error: string | null;
  inserted: number;
  requests: number;
}

export function runsOf(store: Store): RunRow[] {
  return store.db
    .prepare<[], RunRow>('SELECT id, mode, status, error, inserted, requests FROM sync_runs ORDER BY id')
    .all();
}

export function countRows(
  store: Store,
  table: 'messages' | 'chats' | 'reactions' | 'message_revisions',
): number {
  return store.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
}

/** Polls `check` until it is true (or fails after `timeoutMs`). */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const CHILD_SCRIPT = fileURLToPath(new URL('./sync-child.ts', import.meta.url));

/** A sync run in a child process (test/helpers/sync-child.ts), loaded ahead and started by `go`. */
export interface SyncChild {
  proc: ChildProcess;
  /** The process has loaded and waits for `go`. */
  ready: Promise<void>;
  /** Starts the run with the simulator's current time; resolves once the run row exists. */
  go(nowMs: number): Promise<void>;
  exited: Promise<number | null>;
  output: string[];
}

export function spawnSyncChild(args: {
  db: string;
  url: string;
  mode: 'full' | 'follow';
  /** Paces the child's client at the API limits sped up this much (default: no pacing). */
  pacerSpeed?: number;
}): SyncChild {
  const all = { idInstance: SIM_ID, token: SIM_TOKEN, ...args };
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, JSON.stringify(all)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const waiting = new Map<string, () => void>();
  const seen = new Set<string>();
  const when = (line: string) =>
    new Promise<void>((resolve) => (seen.has(line) ? resolve() : waiting.set(line, resolve)));
  let buffered = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      output.push(line);
      seen.add(line);
      waiting.get(line)?.();
    }
  });
  proc.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const orExit = (p: Promise<void>, what: string) =>
    Promise.race([
      p,
      exited.then(() => {
        if (!seen.has(what)) throw new Error(`sync child exited before '${what}': ${output.join('\n')}`);
      }),
    ]);
  const ready = orExit(when('ready'), 'ready');
  // A process killed before it was used must not leave an unhandled rejection behind.
  ready.catch(() => undefined);
  return {
    proc,
    ready,
    go(nowMs) {
      proc.stdin!.write(`go ${nowMs}\n`);
      return orExit(when('running'), 'running');
    },
    exited,
    output,
  };
}

/**
 * Tool dependencies wired to the simulator: the instance configured with its URL (or `token`, to
 * test a wrong one), clients with fast retries, the simulator's clock.
 */
export function simDeps(
  store: Store,
  sim: Simulator,
  opts: { dbPath: string; token?: string; pacer?: PacerOptions },
): Deps {
  const config = loadConfig({
    env: {
      WA_ARCHIVE_DB: opts.dbPath,
      WA_ARCHIVE_TIMEZONE: 'America/Sao_Paulo',
      GREEN_API_URL: sim.url,
      GREEN_API_ID_INSTANCE: String(SIM_ID),
      GREEN_API_TOKEN_INSTANCE: opts.token ?? SIM_TOKEN,
    },
  });
  return {
    store,
    config,
    logger: silentLogger(),
    now: simNow(sim),
    greenApi: async (instance) =>
      createGreenApiClient({
        apiUrl: instance.apiUrl,
        idInstance: instance.idInstance,
        token: instance.token,
        pacer: createPacer(opts.pacer ?? { unlimited: true }),
        retry: FAST_RETRY,
        timeoutMs: 5000,
      }),
  };
}
