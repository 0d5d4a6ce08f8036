/**
 * Seeded pt-BR customer-service conversations as journal items: scripted exchanges, with some lines
 * turned into media, locations, contacts, polls and replies, plus reactions, edits, deletions and
 * poll votes referring to earlier messages.
 */
import type { SimChat, SimOwnAccount } from './account.js';
import * as I from './items.js';
import type { JournalItem, Origin } from './items.js';
import type { Rng } from './rng.js';
import * as V from './vocabulary.js';

export interface GenContext {
  rng: Rng;
  own: SimOwnAccount;
  idInstance: number;
  /** Every idMessage handed out, so ids stay unique. */
  ids: Set<string>;
  nowSec: number;
}

export type MessageKind =
  | 'text'
  | 'quoted'
  | 'extended'
  | 'image'
  | 'video'
  | 'document'
  | 'audio'
  | 'voice'
  | 'sticker'
  | 'location'
  | 'contact'
  | 'contactsArray'
  | 'poll';

// prettier-ignore
const CUSTOMER_MIX: [MessageKind, number][] = [
  ['text', 60], ['quoted', 8], ['image', 8], ['voice', 8], ['audio', 1], ['video', 2], ['sticker', 3],
  ['location', 2], ['document', 2], ['contact', 1],
];
// prettier-ignore
const BUSINESS_MIX: [MessageKind, number][] = [
  ['text', 62], ['quoted', 6], ['extended', 5], ['document', 8], ['image', 4], ['contact', 2],
  ['contactsArray', 1], ['location', 2], ['poll', 3], ['voice', 3], ['video', 1], ['sticker', 1],
];
const THUMB = '/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEAAkGBxAQEBAQEA8QEBAPDw8PDw8PDxAPDw8PFREWFhURFRUYHSggGBol';

function weighted(rng: Rng, mix: [MessageKind, number][]): MessageKind {
  let r = rng.next() * mix.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of mix) if ((r -= w) < 0) return k;
  return 'text';
}

export function newId(ctx: GenContext, style: 'api' | 'phone' | 'in'): string {
  const { rng } = ctx;
  for (;;) {
    const id =
      style === 'api'
        ? `BAE5${rng.hex(12)}`
        : style === 'phone'
          ? `3EB0${rng.hex(16)}`
          : rng.pick([() => `3A${rng.hex(18)}`, () => rng.hex(32), () => `3EB0${rng.hex(16)}`])();
    if (!ctx.ids.has(id)) {
      ctx.ids.add(id);
      return id;
    }
  }
}

const uuid = (rng: Rng) =>
  `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${rng.hex(4)}-${rng.hex(12)}`.toLowerCase();
const brl = (reais: number) => `R$ ${reais.toLocaleString('de-DE')},00`;

/** Who writes a line: the customer (a group member in groups) or the business. */
export function originFor(ctx: GenContext, chat: SimChat, role: V.Role, ts: number): Origin {
  const { rng } = ctx;
  if (role === 'b') {
    const sendByApi = rng.chance(0.35);
    const old = ctx.nowSec - ts > 6 * 3600;
    const statusMessage = old
      ? rng.chance(0.85)
        ? 'read'
        : 'delivered'
      : rng.pick(['sent', 'delivered', 'read']);
    const idMessage = newId(ctx, sendByApi ? 'api' : 'phone');
    return { idMessage, timestamp: ts, chatId: chat.id, incoming: false, statusMessage, sendByApi };
  }
  const members = chat.participants.filter((p) => p.id !== ctx.own.wid);
  const who = chat.type === 'group' && members.length ? rng.pick(members) : chat.person;
  return {
    idMessage: newId(ctx, 'in'),
    timestamp: ts,
    chatId: chat.id,
    incoming: true,
    senderId: who?.id ?? chat.id,
    senderName: who?.pushName ?? '',
    senderContactName: who?.savedName ?? '',
  };
}

function scriptVars(ctx: GenContext, chat: SimChat, ts: number): Record<string, string> {
  const { rng } = ctx;
  const day = new Date((ts + rng.int(1, 10) * 86400) * 1000);
  const name = chat.person?.savedName || chat.person?.pushName || '';
  return {
    nome: chat.type === 'group' ? 'pessoal' : name.split(' ')[0] || 'cliente',
    os: String(rng.int(30000, 31999)),
    valor: brl(rng.int(3, 190) * 50),
    data: `${String(day.getUTCDate()).padStart(2, '0')}/${String(day.getUTCMonth() + 1).padStart(2, '0')}`,
    hora: `${rng.int(8, 17)}h${rng.pick(['00', '30'])}`,
    produto: rng.pick(V.PRODUCTS),
    endereco: rng.pick(V.STREETS),
    nf: String(rng.int(1000, 9999)),
    empresa: chat.type === 'group' ? chat.name.split(' X ')[0]! : name || 'Cliente',
    mes: rng.pick(V.MONTHS),
  };
}

const fill = (template: string, vars: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);

function mediaUrl(ctx: GenContext, o: Origin, ext: string): string {
  const id = ctx.idInstance;
  const host = o.incoming ? `sw-media-${String(id).slice(0, 4)}` : 'sw-media-out';
  return `https://${host}.storage.yandexcloud.net/${id}/${uuid(ctx.rng)}.${ext}`;
}

const DOC_MIME: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** One message of the given kind; `line` is the scripted text it carries or replaces. */
export function buildMessage(
  ctx: GenContext,
  o: Origin,
  kind: MessageKind,
  line: string,
  vars: Record<string, string>,
  pool: JournalItem[],
): JournalItem {
  const { rng } = ctx;
  const file = (t: I.FileType, ext: string, mimeType: string, caption: string, fileName?: string) =>
    I.fileItem(o, t, {
      downloadUrl: mediaUrl(ctx, o, ext),
      caption,
      fileName: fileName ?? `${uuid(rng)}.${ext}`,
      mimeType,
      jpegThumbnail: t === 'imageMessage' || t === 'videoMessage' ? THUMB : '',
      isAnimated: t === 'stickerMessage' && rng.chance(0.3),
    });
  switch (kind) {
    case 'quoted': {
      const target = pool.length ? rng.pick(pool.slice(-15)) : undefined;
      if (target && !I.EVENT_TYPES.has(target.typeMessage)) return I.quotedItem(o, line, target, ctx.own.wid);
      return I.textItem(o, line);
    }
    case 'extended': {
      const link = rng.pick(V.LINKS);
      return I.extendedTextItem(o, fill(link.text, vars), fill(link.title, vars), ctx.own.businessName);
    }
    case 'image':
      return file('imageMessage', 'jpg', 'image/jpeg', rng.pick(V.CAPTIONS.image));
    case 'video':
      return file('videoMessage', 'mp4', 'video/mp4', rng.pick(V.CAPTIONS.video));
    case 'document': {
      const name = fill(rng.pick(V.DOCUMENT_NAMES), vars);
      const ext = name.split('.').pop() ?? 'pdf';
      return file(
        'documentMessage',
        ext,
        DOC_MIME[ext] ?? 'application/pdf',
        rng.pick(V.CAPTIONS.document),
        name,
      );
    }
    case 'voice':
      return file('audioMessage', 'ogg', 'audio/ogg; codecs=opus', '');
    case 'audio':
      return file('audioMessage', 'mp3', 'audio/mpeg', '', rng.pick(V.AUDIO_NAMES));
    case 'sticker':
      return file('stickerMessage', 'webp', 'image/webp', '');
    case 'location': {
      const lat = -19.9 - rng.int(0, 9999) / 1e5;
      const lng = -43.9 - rng.int(0, 9999) / 1e5;
      const nameLocation = o.incoming ? '' : ctx.own.businessName;
      return I.locationItem(o, { nameLocation, address: vars.endereco ?? '', latitude: lat, longitude: lng });
    }
    case 'contact':
      return I.contactItem(o, rng.pick(V.TECHNICIANS), `55319${rng.digits(8)}`);
    case 'contactsArray':
      return I.contactsArrayItem(o, [
        { name: rng.pick(V.TECHNICIANS), phone: `55319${rng.digits(8)}` },
        { name: `Financeiro ${ctx.own.shortName}`, phone: `55313${rng.digits(7)}` },
      ]);
    case 'poll': {
      const poll = rng.pick(V.POLLS);
      return I.pollItem(o, fill(poll.name, vars), poll.options);
    }
    default:
      return I.textItem(o, line);
  }
}

/** Reaction, edit, delete or poll vote on an earlier message, or null when none fits. */
function buildEvent(
  ctx: GenContext,
  chat: SimChat,
  ts: number,
  pool: JournalItem[],
): { event: JournalItem; mutated?: JournalItem } | null {
  const { rng } = ctx;
  const recent = pool.slice(-20).filter((m) => !I.EVENT_TYPES.has(m.typeMessage) && !m.isDeleted);
  if (!recent.length) return null;
  const roll = rng.next();
  const openPoll = recent.find((m) => m.typeMessage === 'pollMessage' && m.type === 'outgoing');
  if (openPoll && roll < 0.3) {
    const voter = originFor(ctx, chat, 'c', ts);
    const options = (openPoll.pollMessageData as { options: { optionName: string }[] }).options;
    const choice = rng.pick(options).optionName;
    return { event: I.pollUpdateItem(voter, openPoll, { [choice]: [voter.senderId ?? chat.id] }) };
  }
  const target = rng.pick(recent);
  // The author edits or deletes their own message, with their own identity.
  const sameAuthor = (): Origin => ({
    ...originFor(ctx, chat, target.type === 'incoming' ? 'c' : 'b', ts),
    ...(target.type === 'incoming'
      ? {
          senderId: target.senderId as string,
          senderName: target.senderName as string,
          senderContactName: target.senderContactName as string,
        }
      : {}),
  });
  if (roll < 0.65) {
    const reactor = originFor(ctx, chat, target.type === 'incoming' ? 'b' : 'c', ts);
    return { event: I.reactionItem(reactor, rng.pick(V.REACTIONS), target, ctx.own.wid) };
  }
  const current = typeof target.textMessage === 'string' ? target.textMessage : target.caption;
  if (roll < 0.85 && typeof current === 'string' && current) {
    return {
      event: I.applyEdit(sameAuthor(), target, `${current}${rng.pick(V.EDIT_SUFFIXES)}`),
      mutated: target,
    };
  }
  return roll >= 0.85 ? { event: I.applyDelete(sameAuthor(), target), mutated: target } : null;
}

export interface Generated {
  items: JournalItem[];
  /** Earlier items changed in place by an edit or delete (their cached JSON is stale). */
  mutated: JournalItem[];
}

/** Items for one chat at the given (ascending) times; `history` holds the chat's earlier items. */
export function generateChatItems(
  ctx: GenContext,
  chat: SimChat,
  times: number[],
  history: readonly JournalItem[],
): Generated {
  const { rng } = ctx;
  const items: JournalItem[] = [];
  const mutated: JournalItem[] = [];
  const pool = history.slice(-30);
  let script: readonly V.ScriptLine[] = [];
  let line = 0;
  let vars: Record<string, string> = {};
  for (const ts of times) {
    if (pool.length > 2 && rng.chance(0.07)) {
      const built = buildEvent(ctx, chat, ts, pool);
      if (built) {
        if (built.mutated) mutated.push(built.mutated);
        items.push(built.event);
        pool.push(built.event);
        continue;
      }
    }
    if (line >= script.length) {
      script = rng.pick(V.SCRIPTS);
      line = 0;
      vars = scriptVars(ctx, chat, ts);
    }
    const step = script[line++]!;
    const o = originFor(ctx, chat, step.role, ts);
    const kind = weighted(rng, step.role === 'c' ? CUSTOMER_MIX : BUSINESS_MIX);
    const item = buildMessage(ctx, o, kind, fill(step.text, vars), vars, pool);
    items.push(item);
    pool.push(item);
  }
  return { items, mutated };
}

/** Bursty times: short sessions (seconds to minutes apart) scattered over [fromSec, toSec]. */
export function sessionTimes(rng: Rng, n: number, fromSec: number, toSec: number): number[] {
  const times: number[] = [];
  while (times.length < n) {
    let t = rng.int(fromSec, Math.max(fromSec, toSec - 1800));
    for (let k = rng.int(3, 10); k > 0 && times.length < n; k--) {
      times.push(Math.min(t, toSec));
      t += rng.int(5, 600);
    }
  }
  return times.sort((a, b) => a - b);
}
