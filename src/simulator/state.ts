/**
 * One simulated instance: account, chats, journal (per chat and as one timeline, both ascending by
 * time, JSON cached per item), notification queue with long-poll waiters, state and quota.
 */
import { makeChat, makeChats, makeOwnAccount, type SimChat, type SimOwnAccount } from './account.js';
import {
  buildMessage,
  generateChatItems,
  originFor,
  sessionTimes,
  type GenContext,
  type MessageKind,
} from './conversation.js';
import type { Faults } from './faults.js';
import { EVENT_TYPES, applyDelete, applyEdit, type JournalItem } from './items.js';
import {
  messageWebhook,
  quotaWebhook,
  stateWebhook,
  statusWebhook,
  type InstanceInfo,
} from './notifications.js';
import { createRng } from './rng.js';
import { PRODUCTS } from './vocabulary.js';

export interface InstanceConfig {
  idInstance: number;
  token: string;
  /** Number of chats (default 20). */
  chats?: number;
  /** Journal items per chat (default 30), or a [min, max] range. */
  messagesPerChat?: number | [number, number];
  /** How far back the generated history goes (default 60 days). */
  historyDays?: number;
  groupShare?: number;
  lidShare?: number;
  stateInstance?: string;
  /** Developer-plan mode: data calls about more than `correspondents` chats get 466. */
  quota466?: { correspondents: number } | null;
}

export interface AddMessagesOptions {
  count: number;
  /** How many chats receive them (existing chats first, new ones if needed), or exact chat ids. */
  chats?: number | string[];
  /** Spread the timestamps over the last N seconds (default 0: all "now"). */
  spreadSeconds?: number;
  /** Queue notifications for them (default true; subject to drop/duplicate faults). */
  notify?: boolean;
}

export interface AddMessageSpec {
  chatId?: string;
  direction?: 'in' | 'out';
  kind?: MessageKind;
  text?: string;
  timestamp?: number;
  sendByApi?: boolean;
  notify?: boolean;
}

export interface Entry {
  item: JournalItem;
  json: string | undefined;
}

export interface GroundTruth {
  chats: readonly SimChat[];
  /** Every journal item per chat, oldest first, as the simulator serves it. */
  itemsByChat: ReadonlyMap<string, readonly JournalItem[]>;
  totalItems: number;
  /** Items that are messages (not reactions, edits, deletions or poll votes). */
  totalMessages: number;
  totalEvents: number;
}

export function jsonOf(e: Entry): string {
  return (e.json ??= JSON.stringify(e.item));
}

/** Insert keeping ascending timestamps; new items almost always go at the end. */
function insertSorted(list: Entry[], e: Entry): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.item.timestamp > e.item.timestamp) i--;
  list.splice(i, 0, e);
}

export type SimInstance = ReturnType<typeof createInstance>;

export function createInstance(config: InstanceConfig, seed: number, nowMs: () => number, faults: Faults) {
  const rng = createRng(seed ^ config.idInstance);
  const nowSec = () => Math.floor(nowMs() / 1000);
  const own: SimOwnAccount = makeOwnAccount(rng);
  const info: InstanceInfo = { idInstance: config.idInstance, wid: own.wid, businessName: own.businessName };
  const ctx: GenContext = { rng, own, idInstance: config.idInstance, ids: new Set(), nowSec: nowSec() };
  const chats: SimChat[] = makeChats(rng, own, { ...config, chats: config.chats ?? 20 }, ctx.nowSec);
  const chatById = new Map(chats.map((c) => [c.id, c]));
  const byChat = new Map<string, Entry[]>(chats.map((c) => [c.id, []]));
  const byId = new Map<string, Entry>();
  const timeline: Entry[] = [];
  let stateInstance = config.stateInstance ?? 'authorized';
  let quota = config.quota466 ?? null;
  const allowed: string[] = [];
  let quotaNotified = false;
  const queue: { receiptId: number; json: string }[] = [];
  let nextReceipt = 1_000_001;
  const waiters = new Set<() => void>();

  const key = (chatId: string, idMessage: string) => `${chatId}\u0000${idMessage}`;
  const chatName = (id: string) => chatById.get(id)?.name ?? '';

  function store(item: JournalItem, sorted: boolean): void {
    const e: Entry = { item, json: undefined };
    let list = byChat.get(item.chatId);
    if (!list) byChat.set(item.chatId, (list = []));
    if (sorted) {
      insertSorted(list, e);
      insertSorted(timeline, e);
    } else {
      list.push(e);
      timeline.push(e);
    }
    byId.set(key(item.chatId, item.idMessage), e);
  }
  const invalidate = (item: JournalItem) => {
    const e = byId.get(key(item.chatId, item.idMessage));
    if (e) e.json = undefined;
  };

  function enqueue(body: Record<string, unknown>, force = false): number | null {
    if (!force && faults.roll('dropNotification')) return null;
    const json = JSON.stringify(body);
    const copies = !force && faults.roll('duplicateNotification') ? 2 : 1;
    let id = 0;
    for (let i = 0; i < copies; i++) queue.push({ receiptId: (id = nextReceipt++), json });
    for (const wake of [...waiters]) wake();
    return id;
  }
  function notifyItem(item: JournalItem): void {
    enqueue(messageWebhook(item, info, chatName(item.chatId)));
    if (
      item.type === 'outgoing' &&
      typeof item.statusMessage === 'string' &&
      !EVENT_TYPES.has(item.typeMessage)
    ) {
      enqueue(statusWebhook(item, info, item.statusMessage));
    }
  }
  function add(items: JournalItem[], mutated: JournalItem[], notify: boolean): JournalItem[] {
    for (const item of items) store(item, true);
    for (const m of mutated) invalidate(m);
    if (notify) for (const item of items) notifyItem(item);
    return items;
  }

  // Initial history: generated per chat, then one global sort.
  const range = config.messagesPerChat ?? 30;
  const historyFrom = ctx.nowSec - (config.historyDays ?? 60) * 86400;
  for (const chat of chats) {
    const n = Array.isArray(range) ? rng.int(range[0], range[1]) : range;
    const { items } = generateChatItems(ctx, chat, sessionTimes(rng, n, historyFrom, ctx.nowSec - 60), []);
    for (const item of items) store(item, false);
  }
  timeline.sort((a, b) => a.item.timestamp - b.item.timestamp);
  // Serialise once up front so serving history costs a string join, not a JSON.stringify per item.
  for (const e of timeline) jsonOf(e);

  const instance = {
    idInstance: config.idInstance,
    token: config.token,
    own,
    info,
    get stateInstance() {
      return stateInstance;
    },
    /** Changes the state and queues a stateInstanceChanged notification. */
    setState(next: string) {
      stateInstance = next;
      enqueue(stateWebhook(info, next, nowSec()), true);
    },
    get quota() {
      return quota;
    },
    setQuota(next: { correspondents: number } | null) {
      quota = next;
      allowed.length = 0;
      quotaNotified = false;
    },
    /** True when a data call about this chat is within the quota; records the chat as a correspondent. */
    admitChat(chatId: string): boolean {
      if (!quota || allowed.includes(chatId)) return true;
      if (allowed.length < quota.correspondents) {
        allowed.push(chatId);
        return true;
      }
      if (!quotaNotified) {
        quotaNotified = true;
        enqueue(quotaWebhook(info, allowed, quota.correspondents, nowSec()), true);
      }
      return false;
    },
    allowedChats: () => [...allowed],
    chats: (): readonly SimChat[] => chats,
    chat: (id: string) => chatById.get(id),
    /** Entries of a chat, oldest first (internal: routes serve their cached JSON). */
    entries: (chatId: string): readonly Entry[] => byChat.get(chatId) ?? [],
    timeline: (): readonly Entry[] => timeline,
    entry: (chatId: string, idMessage: string) => byId.get(key(chatId, idMessage)),
    history: (chatId: string): JournalItem[] => (byChat.get(chatId) ?? []).map((e) => e.item),
    groundTruth(): GroundTruth {
      const itemsByChat = new Map([...byChat].map(([id, list]) => [id, list.map((e) => e.item)]));
      const totalEvents = timeline.filter((e) => EVENT_TYPES.has(e.item.typeMessage)).length;
      return {
        chats,
        itemsByChat,
        totalItems: timeline.length,
        totalMessages: timeline.length - totalEvents,
        totalEvents,
      };
    },
    /** Adds `n` new chats (no history). */
    addChats(n: number): SimChat[] {
      const added: SimChat[] = [];
      while (added.length < n) {
        const chat = makeChat(rng, own, rng.chance(0.12) ? 'group' : 'user', nowSec());
        if (chatById.has(chat.id)) continue;
        chats.push(chat);
        chatById.set(chat.id, chat);
        byChat.set(chat.id, []);
        added.push(chat);
      }
      return added;
    },
    /** "850 new messages across 50 chats now": generated conversation items, notified by default. */
    addMessages(opts: AddMessagesOptions): JournalItem[] {
      const now = nowSec();
      ctx.nowSec = now;
      let targets: SimChat[];
      if (Array.isArray(opts.chats))
        targets = opts.chats.map((id) => chatById.get(id) ?? instance.addChats(1)[0]!);
      else {
        const k = Math.max(1, Math.min(opts.count, opts.chats ?? Math.min(chats.length, opts.count)));
        const shuffled = [...chats];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = rng.int(0, i);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        shuffled.length = Math.min(k, shuffled.length);
        targets = [...shuffled, ...instance.addChats(k - shuffled.length)];
      }
      const out: JournalItem[] = [];
      targets.forEach((chat, i) => {
        const n = Math.floor(opts.count / targets.length) + (i < opts.count % targets.length ? 1 : 0);
        if (n === 0) return;
        const spread = opts.spreadSeconds ?? 0;
        const times = Array.from({ length: n }, () => now - rng.int(0, spread)).sort((a, b) => a - b);
        const { items, mutated } = generateChatItems(ctx, chat, times, instance.history(chat.id));
        out.push(...add(items, mutated, opts.notify ?? true));
      });
      return out;
    },
    /** One message with chosen content; unspecified parts are generated. */
    addMessage(spec: AddMessageSpec = {}): JournalItem {
      const chat = chatById.get(spec.chatId ?? chats[0]?.id ?? '') ?? instance.addChats(1)[0]!;
      const ts = spec.timestamp ?? nowSec();
      ctx.nowSec = nowSec();
      const origin = { ...originFor(ctx, chat, spec.direction === 'out' ? 'b' : 'c', ts) };
      if (spec.sendByApi !== undefined && !origin.incoming) origin.sendByApi = spec.sendByApi;
      const text = spec.text ?? `Bom dia! Alguma novidade sobre a ${rng.pick(PRODUCTS)}?`;
      const item = buildMessage(ctx, origin, spec.kind ?? 'text', text, {}, instance.history(chat.id));
      return add([item], [], spec.notify ?? true)[0]!;
    },
    /** Stores an item exactly as given (tests of odd shapes). */
    addItem(item: JournalItem, notify = false): JournalItem {
      return add([item], [], notify)[0]!;
    },
    editMessage(chatId: string, idMessage: string, newText: string, notify = true): JournalItem {
      const target = mustFind(chatId, idMessage);
      const event = applyEdit(sameAuthor(target), target, newText);
      return add([event], [target], notify)[0]!;
    },
    deleteMessage(chatId: string, idMessage: string, notify = true): JournalItem {
      const target = mustFind(chatId, idMessage);
      return add([applyDelete(sameAuthor(target), target)], [target], notify)[0]!;
    },
    pushNotification(body: Record<string, unknown>): number {
      return enqueue(body, true)!;
    },
    pendingNotifications: () => queue.length,
    head: () => queue[0],
    deleteReceipt(receiptId: number): boolean {
      const i = queue.findIndex((n) => n.receiptId === receiptId);
      if (i < 0) return false;
      queue.splice(i, 1);
      return true;
    },
    waiters,
  };

  function mustFind(chatId: string, idMessage: string): JournalItem {
    const e = byId.get(key(chatId, idMessage));
    if (!e) throw new Error(`simulator: no message ${idMessage} in chat ${chatId}`);
    return e.item;
  }
  function sameAuthor(target: JournalItem) {
    const chat = chatById.get(target.chatId)!;
    const o = originFor(ctx, chat, target.type === 'incoming' ? 'c' : 'b', nowSec());
    if (target.type === 'incoming') {
      o.senderId = target.senderId as string;
      o.senderName = target.senderName as string;
      o.senderContactName = target.senderContactName as string;
    }
    return o;
  }
  return instance;
}
