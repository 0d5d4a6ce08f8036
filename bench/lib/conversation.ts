/**
 * The messages of one chat over the archive's time span: conversations (sessions of a few
 * messages minutes apart) in business hours, more on weekdays and more in later years, both
 * directions, media with captions and file names, system notices, replies, a few edits and
 * deletions. Older history of some chats came from an "Export chat" file.
 */
import type { NewMessage, MessageSource } from '../../src/store/types.js';
import * as C from './compose.js';
import type { ChatPlan, PersonPlan } from './population.js';
import { type Rng } from './rng.js';

/** 2021-01-01 00:00 to 2025-12-31 23:59:59 in America/Sao_Paulo (UTC-3). */
export const SPAN_START = Date.UTC(2021, 0, 1, 3) / 1000;
export const SPAN_END = Date.UTC(2026, 0, 1, 3) / 1000 - 1;
const SPAN = SPAN_END - SPAN_START;
const DAY = 86_400;
const LOCAL_OFFSET = -3 * 3600;

// prettier-ignore
const HOUR_WEIGHTS = [0.1, 0.05, 0.02, 0.02, 0.02, 0.1, 0.4, 1.5, 4, 6, 6.5, 6, 4, 4.5, 6, 6, 5.5, 4.5, 2.5, 1.5, 1.2, 0.9, 0.5, 0.3];
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((s, w) => s + w, 0);

function hourOfDay(rng: Rng): number {
  let r = rng.next() * HOUR_TOTAL;
  for (let h = 0; h < 24; h++) if ((r -= HOUR_WEIGHTS[h]!) < 0) return h;
  return 12;
}

/** A session start in [from, to]: busier in later years, on weekdays and in business hours. */
function sessionStart(rng: Rng, from: number, to: number): number {
  for (;;) {
    const t = from + rng.next() * (to - from);
    if (rng.next() * 2 > 1 + (t - SPAN_START) / SPAN) continue;
    const localDay = Math.floor((t + LOCAL_OFFSET) / DAY);
    const weekday = (localDay + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    if ((weekday === 0 && rng.chance(0.85)) || (weekday === 6 && rng.chance(0.5))) continue;
    const ts = localDay * DAY - LOCAL_OFFSET + hourOfDay(rng) * 3600 + rng.int(0, 3599);
    if (ts >= from && ts <= to) return ts;
  }
}

const MIME: Record<string, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  voice: 'audio/ogg; codecs=opus',
  sticker: 'image/webp',
  document: 'application/pdf',
};

interface Writer {
  person: PersonPlan | null;
  role: C.Role;
}

function waMessageId(rng: Rng, out: boolean, source: MessageSource): string {
  if (source === 'export') return `exp-${rng.hex(24)}`;
  if (out) return rng.chance(0.4) ? `BAE5${rng.hex(12).toUpperCase()}` : `3EB0${rng.hex(16).toUpperCase()}`;
  const r = rng.next();
  return r < 0.45
    ? `3A${rng.hex(18).toUpperCase()}`
    : r < 0.85
      ? rng.hex(32).toUpperCase()
      : `3EB0${rng.hex(16).toUpperCase()}`;
}

function mediaUrl(rng: Rng, waId: string, type: string): string {
  const ext =
    type === 'document'
      ? 'pdf'
      : type === 'voice'
        ? 'oga'
        : type === 'video'
          ? 'mp4'
          : type === 'sticker'
            ? 'webp'
            : 'jpg';
  return `https://sw-media-out.storage${rng.int(1, 4)}.green-api.com/1101000001/${waId}.${ext}`;
}

/** Type of a line: mostly text; customers send photos and voice notes, the business documents. */
function lineType(rng: Rng, role: C.Role): NewMessage['type'] {
  const r = rng.next();
  if (r < 0.79) return 'text';
  if (r < 0.86) return 'image';
  if (r < 0.91) return role === 'business' ? 'document' : 'voice';
  if (r < 0.94) return role === 'business' ? 'image' : 'document';
  if (r < 0.955) return 'sticker';
  if (r < 0.965) return 'video';
  if (r < 0.97) return 'location';
  if (r < 0.974) return 'contact';
  if (r < 0.982) return 'call';
  if (r < 0.985) return 'deleted';
  if (r < 0.986 && role === 'business') return 'poll';
  return 'text';
}

/** All messages of one chat, in time order. */
export function chatMessages(rng: Rng, chat: ChatPlan, ownWid: string): NewMessage[] {
  const big = chat.messages >= 2000;
  const start = big ? SPAN_START + rng.next() * 0.25 * SPAN : SPAN_START + rng.next() * 0.95 * SPAN;
  const end = big ? SPAN_END - rng.int(0, 3) * DAY : start + (SPAN_END - start) * (0.2 + 0.8 * rng.next());
  // Some chats' older history was imported from an export file.
  const exportUntil =
    start < SPAN_START + 2.5 * 365 * DAY && rng.chance(0.25) ? start + (end - start) * rng.next() * 0.6 : 0;
  const group = chat.type === 'group';
  const meanSession = group ? 8 : 5;
  const messages: NewMessage[] = [];
  const recentIds: string[] = [];
  const push = (m: NewMessage) => {
    messages.push(m);
    recentIds.push(m.waId);
    if (recentIds.length > 20) recentIds.shift();
  };
  if (!group)
    push(
      system(rng, chat, Math.floor(start), exportUntil > start ? 'export' : 'api', ctxFor(rng, chat, start)),
    );
  while (messages.length < chat.messages) {
    let ts = sessionStart(rng, start, end);
    const size = Math.min(
      chat.messages - messages.length,
      1 + Math.floor(-Math.log(Math.max(rng.next(), 1e-9)) * meanSession),
    );
    let writer: Writer = pickWriter(rng, chat, null);
    for (let i = 0; i < size; i++) {
      const source: MessageSource =
        ts < exportUntil ? 'export' : SPAN_END - ts < 60 * DAY && rng.chance(0.5) ? 'webhook' : 'api';
      const ctx = ctxFor(rng, chat, ts, writer);
      if (rng.chance(group ? 0.03 : 0.008)) push(system(rng, chat, ts, source, ctx));
      else {
        const text = i === 0 && rng.chance(0.5) ? C.greeting(ts, ctx.name, rng) : null;
        push(line(rng, writer, ts, source, ownWid, ctx, text, recentIds));
      }
      ts += Math.min(7200, Math.round(Math.exp(3 + 1.5 * gauss(rng))));
      if (rng.chance(0.65)) writer = pickWriter(rng, chat, writer);
    }
  }
  return messages.sort((a, b) => a.ts - b.ts);
}

function gauss(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(Math.max(rng.next(), 1e-12))) * Math.cos(2 * Math.PI * rng.next());
}

function pickWriter(rng: Rng, chat: ChatPlan, previous: Writer | null): Writer {
  const business = previous ? previous.role !== 'business' : rng.chance(chat.type === 'group' ? 0.25 : 0.4);
  if (business && rng.chance(chat.type === 'group' ? 0.8 : 1)) return { person: null, role: 'business' };
  if (chat.person) return { person: chat.person, role: 'customer' };
  // Group members: the first ones write most.
  const at = Math.min(chat.members.length - 1, Math.floor(-Math.log(Math.max(rng.next(), 1e-9)) * 2));
  return { person: chat.members[at]!, role: 'member' };
}

function ctxFor(rng: Rng, chat: ChatPlan, ts: number, writer?: Writer): C.LineContext {
  const addressed =
    writer?.role === 'business' ? (chat.person?.firstName ?? chat.members[0]?.firstName) : 'Renata';
  return { rng, ts, progress: (ts - SPAN_START) / SPAN, name: addressed ?? 'pessoal', company: chat.company };
}

function system(rng: Rng, chat: ChatPlan, ts: number, source: MessageSource, ctx: C.LineContext): NewMessage {
  return {
    waId: waMessageId(rng, false, source),
    ts,
    direction: 'system',
    senderWaId: null,
    senderName: null,
    type: 'system',
    text: C.systemLine(chat.type === 'group', ctx),
    source,
  };
}

function line(
  rng: Rng,
  writer: Writer,
  ts: number,
  source: MessageSource,
  ownWid: string,
  ctx: C.LineContext,
  greeting: string | null,
  recentIds: readonly string[],
): NewMessage {
  const out = writer.role === 'business';
  const type = greeting ? 'text' : lineType(rng, writer.role);
  const waId = waMessageId(rng, out, source);
  const person = writer.person;
  const m: NewMessage = {
    waId,
    ts,
    direction: out ? 'out' : 'in',
    senderWaId: out ? ownWid : source === 'export' && !person ? null : (person?.senderWaId ?? null),
    senderName: out ? null : (person?.pushName ?? person?.savedName ?? null),
    type,
    text: greeting,
    source,
  };
  if (!greeting) fillContent(rng, m, writer.role, ctx);
  if (source !== 'export') {
    if (MIME[type]) {
      m.mediaMime = MIME[type]!;
      m.mediaUrl = mediaUrl(rng, waId, type);
    }
    if (out) {
      m.status = rng.chance(0.9) ? 'read' : rng.pick(['delivered', 'sent']);
      m.extra = { sendByApi: waId.startsWith('BAE5') };
    }
  }
  if (recentIds.length > 0 && type === 'text' && rng.chance(0.07)) m.quotedWaId = rng.pick(recentIds);
  if (type === 'text' && rng.chance(0.01)) m.edited = true;
  return m;
}

function fillContent(rng: Rng, m: NewMessage, role: C.Role, ctx: C.LineContext): void {
  switch (m.type) {
    case 'text':
      m.text = C.textLine(role, ctx);
      return;
    case 'image':
    case 'video':
      m.text = rng.chance(0.4) ? C.caption(ctx) : null;
      return;
    case 'document': {
      const name = C.documentName(ctx);
      m.mediaName = name;
      m.text = rng.chance(0.25) ? `${C.caption(ctx)}\n${name}` : name;
      return;
    }
    case 'location':
      m.text = C.locationText(rng);
      return;
    case 'contact':
      m.text = `${C.pickName(rng)} ${rng.chance(0.5) ? 'Eletricista' : 'Financeiro'}`;
      return;
    case 'poll':
      m.text = C.pollText(ctx);
      return;
    case 'deleted':
      m.deleted = true;
      return;
    default:
      m.text = null;
  }
}
