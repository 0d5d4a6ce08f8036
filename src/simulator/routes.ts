/** Method handlers of the simulator: documented response shapes and error bodies (reference §3–§9, §11). */
import type { Faults } from './faults.js';
import { MALFORMED_ITEMS } from './faults.js';
import { quota466Body } from './notifications.js';
import { jsonOf, type Entry, type SimInstance } from './state.js';

export interface RouteRequest {
  inst: SimInstance;
  query: URLSearchParams;
  body: Record<string, unknown>;
  receiptId: number | undefined;
  nowSec: number;
  faults: Faults;
  /** Waits until a notification is queued, the time is up, or the client leaves. */
  waitForNotification(ms: number): Promise<void>;
  /** Long-poll duration in ms for a receiveTimeout in seconds (tests shrink it). */
  longPollMs(seconds: number): number;
}

export interface RouteResponse {
  status: number;
  body: string;
  text?: boolean;
}

type Handler = (req: RouteRequest) => RouteResponse | Promise<RouteResponse>;

const ok = (value: unknown): RouteResponse => ({ status: 200, body: JSON.stringify(value) });
const raw = (json: string): RouteResponse => ({ status: 200, body: json });
export const fail = (status: number, message: string): RouteResponse => ({
  status,
  body: message,
  text: true,
});

/** Serialises entries from cached JSON, swapping some for malformed values when that fault is on. */
function list(entries: Iterable<Entry>, faults: Faults): RouteResponse {
  const parts: string[] = [];
  const malformed = faults.options.malformedRate > 0;
  for (const e of entries)
    parts.push(malformed && faults.roll('malformed') ? faults.pick(MALFORMED_ITEMS) : jsonOf(e));
  return raw(`[${parts.join(',')}]`);
}

function intParam(v: unknown, fallback: number): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? Math.trunc(n) : fallback;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function quotaFail(req: RouteRequest, method: string, chatId: string): RouteResponse | null {
  if (req.inst.admitChat(chatId)) return null;
  const q = req.inst.quota!;
  return {
    status: 466,
    body: JSON.stringify(quota466Body(method, req.inst.allowedChats(), q.correspondents, 0)),
  };
}

function lastMessages(direction: 'incoming' | 'outgoing'): Handler {
  return ({ inst, query, nowSec, faults }) => {
    const cutoff = nowSec - intParam(query.get('minutes'), 1440) * 60;
    const timeline = inst.timeline();
    const picked: Entry[] = [];
    // Newest first, like getChatHistory (the real order is undocumented).
    for (let i = timeline.length - 1; i >= 0; i--) {
      const e = timeline[i]!;
      if (e.item.timestamp < cutoff) break;
      if (e.item.type === direction) picked.push(e);
    }
    return list(picked, faults);
  };
}

const blankWa = (state: string) => ['notAuthorized', 'blocked', 'starting'].includes(state);

export const HANDLERS: Record<string, Handler> = {
  getStateInstance: ({ inst }) => ok({ stateInstance: inst.stateInstance }),
  getSettings: ({ inst }) =>
    ok({
      wid: inst.stateInstance === 'authorized' ? inst.own.wid : '',
      countryInstance: '',
      typeAccount: '',
      webhookUrl: '',
      webhookUrlToken: '',
      delaySendMessagesMilliseconds: 3000,
      markIncomingMessagesReaded: 'no',
      markIncomingMessagesReadedOnReply: 'no',
      sharedSession: 'no',
      proxyInstance: '',
      outgoingWebhook: 'yes',
      outgoingMessageWebhook: 'yes',
      outgoingAPIMessageWebhook: 'yes',
      incomingWebhook: 'yes',
      deviceWebhook: 'no',
      statusInstanceWebhook: 'no',
      stateWebhook: 'yes',
      enableMessagesHistory: 'no',
      keepOnlineStatus: 'no',
      pollMessageWebhook: 'yes',
      incomingBlockWebhook: 'no',
      incomingCallWebhook: 'yes',
      editedMessageWebhook: 'yes',
      deletedMessageWebhook: 'yes',
    }),
  getWaSettings: ({ inst }) => {
    const blank = blankWa(inst.stateInstance);
    return ok({
      avatar: blank ? '' : `https://pps.whatsapp.net/v/t61.24694-24/${inst.idInstance}_n.jpg?ccb=11-4`,
      phone: blank ? '' : inst.own.phone,
      stateInstance: inst.stateInstance,
      deviceId: blank ? '' : `${inst.own.phone}:8@s.whatsapp.net`,
      chatId: blank ? '' : inst.own.lid,
      historySyncProgress: 100,
      logoutProcess: false,
    });
  },
  getChats: ({ inst, query, body }) => {
    const count = intParam(query.get('count') ?? body.count, Number.MAX_SAFE_INTEGER);
    const lastAt = (id: string) => inst.entries(id).at(-1)?.item.timestamp ?? inst.chat(id)?.creation ?? 0;
    const chats = [...inst.chats()].sort((a, b) => lastAt(b.id) - lastAt(a.id)).slice(0, Math.max(0, count));
    return ok(
      chats.map((c) => ({
        archive: c.archive,
        id: c.id,
        ephemeralExpiration: c.ephemeralExpiration,
        ephemeralSettingTimestamp: c.ephemeralSettingTimestamp,
        name: c.name,
        type: c.type,
      })),
    );
  },
  getChatHistory: (req) => {
    const chatId = str(req.body.chatId);
    if (!chatId) return fail(400, `Validation failed. Details: "chatId" is required`);
    const denied = quotaFail(req, 'getChatHistory', chatId);
    if (denied) return denied;
    const count = Math.max(0, intParam(req.body.count, 100));
    const entries = req.inst.entries(chatId);
    const newestFirst: Entry[] = [];
    for (let i = entries.length - 1; i >= 0 && newestFirst.length < count; i--) newestFirst.push(entries[i]!);
    return list(newestFirst, req.faults);
  },
  getMessage: (req) => {
    const chatId = str(req.body.chatId);
    const idMessage = str(req.body.idMessage);
    if (!chatId || !idMessage)
      return fail(400, 'Validation failed. Details: "value" must have at least 2 keys');
    const denied = quotaFail(req, 'getMessage', chatId);
    if (denied) return denied;
    if (!req.inst.chat(chatId) && !req.inst.entries(chatId).length) return fail(400, 'chatId not found');
    const e = req.inst.entry(chatId, idMessage);
    return e ? raw(jsonOf(e)) : fail(400, 'ID message notfound');
  },
  lastIncomingMessages: lastMessages('incoming'),
  lastOutgoingMessages: lastMessages('outgoing'),
  getContacts: ({ inst, query }) => {
    const group = query.get('group');
    const count = intParam(query.get('count'), Number.MAX_SAFE_INTEGER);
    const seen = new Set<string>();
    const out: Record<string, unknown>[] = [];
    const push = (c: Record<string, unknown> & { id: string }) => {
      if (seen.has(c.id)) return;
      seen.add(c.id);
      out.push(c);
    };
    for (const chat of inst.chats()) {
      if (chat.type === 'group') push({ id: chat.id, name: chat.name, type: 'group' });
      else if (chat.person)
        push({ id: chat.id, name: chat.person.pushName, contactName: chat.person.savedName, type: 'user' });
    }
    for (const chat of inst.chats())
      for (const p of chat.participants)
        if (p.id !== inst.own.wid)
          push({ id: p.id, name: p.pushName, contactName: p.savedName, type: 'user' });
    const filtered =
      group === 'true'
        ? out.filter((c) => c.type === 'group')
        : group === 'false'
          ? out.filter((c) => c.type === 'user')
          : out;
    return ok(filtered.slice(0, Math.max(0, count)));
  },
  getContactInfo: (req) => {
    const chatId = str(req.body.chatId);
    if (!chatId) return fail(400, 'Validation failed. Details: "chatId" is required');
    if (chatId.endsWith('@g.us'))
      return fail(400, 'Validation failed. Details: The method GetContactInfo does not support group chats');
    const denied = quotaFail(req, 'getContactInfo', chatId);
    if (denied) return denied;
    const person =
      req.inst.chat(chatId)?.person ??
      req.inst
        .chats()
        .flatMap((c) => c.participants)
        .find((p) => p.id === chatId);
    return ok({
      avatar: person ? `https://pps.whatsapp.net/v/t61.24694-24/${chatId.split('@')[0]}_n.jpg?ccb=11-4` : '',
      name: person?.pushName ?? '',
      contactName: person?.savedName ?? '',
      email: '',
      category: '',
      description: '',
      products: [],
      chatId,
      lastSeen: null,
      isArchive: req.inst.chat(chatId)?.archive ?? false,
      isDisappearing: (req.inst.chat(chatId)?.ephemeralExpiration ?? 0) > 0,
      isMute: false,
      messageExpiration: req.inst.chat(chatId)?.ephemeralExpiration ?? 0,
      muteExpiration: null,
      isBusiness: false,
    });
  },
  getGroupData: ({ inst, body }) => {
    const chat = inst.chat(str(body.groupId) ?? '');
    // Green's web chat models a missing group as the bare string below with HTTP 200.
    if (!chat || chat.type !== 'group') return ok('Error: item-not-found');
    return ok({
      groupId: chat.id,
      owner: chat.owner,
      subject: chat.name,
      creation: chat.creation,
      participants: chat.participants.map((p) => ({
        id: p.id,
        isAdmin: p.isAdmin,
        isSuperAdmin: p.isSuperAdmin,
      })),
      subjectTime: chat.creation + 60,
      subjectOwner: chat.owner,
      groupInviteLink: chat.inviteLink,
    });
  },
  downloadFile: (req) => {
    const chatId = str(req.body.chatId);
    const idMessage = str(req.body.idMessage);
    if (!chatId || !idMessage)
      return fail(400, "Validation failed. Details: 'value' must have at least 2 keys");
    const denied = quotaFail(req, 'downloadFile', chatId);
    if (denied) return denied;
    const url = req.inst.entry(chatId, idMessage)?.item.downloadUrl;
    if (typeof url === 'string' && url) return ok({ downloadUrl: url });
    return fail(400, `File message encrypted url not found by chatId ${chatId} and idMessage ${idMessage}`);
  },
  receiveNotification: async (req) => {
    const seconds = Math.min(60, Math.max(5, intParam(req.query.get('receiveTimeout'), 5)));
    if (!req.inst.head()) await req.waitForNotification(req.longPollMs(seconds));
    const head = req.inst.head();
    return head ? raw(`{"receiptId":${head.receiptId},"body":${head.json}}`) : raw('null');
  },
  deleteNotification: ({ inst, receiptId }) => {
    if (receiptId === undefined) return fail(400, 'Parameter receiptId must be a Number');
    return ok({ result: inst.deleteReceipt(receiptId) });
  },
};
