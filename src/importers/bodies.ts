/**
 * Classifies a message body once it is complete (export-formats.md §4): edited and deleted markers,
 * attachments, locations, polls, calls, view-once placeholders and iOS notices that carry an author.
 * Plain text takes a fast path: only cheap character checks run before the specific expressions.
 */
import { recogniseAttachment } from './attachments.js';
import { stripInvisible } from './invisible.js';
import { isSystemBody } from './system-messages.js';
import type { ExportLocation, ExportMessage, ExportPoll, ExportPollOption } from './types.js';

const EDITED =
  /[ \u00a0]?<(?:This message was edited|Mensagem editada|Esta mensagem foi editada|Essa mensagem foi editada|Diese Nachricht wurde bearbeitet|Mensaje editado|Se editó este mensaje)>$/;
const DELETED_SOURCE = String.raw`(?:This message was deleted|You deleted this message|Mensagem apagada|Você apagou esta mensagem|(?:Esta|Essa) mensagem foi apagada|Se eliminó este mensaje|Eliminaste este mensaje|Diese Nachricht wurde gelöscht)(?: by admin .+| pel[oa] admin .+)?\.?`;
const CALL_SOURCE = String.raw`(?:Missed (?:group )?(?:voice|video) call|(?:Group )?(?:Voice|Video) call|(?:Liga[çc][ãa]o|Chamada)(?: de (?:voz|v[íi]deo))?(?: perdida)?)(?:[.,] .*)?\.?`;
const LIVE_SOURCE = String.raw`(?:live location shared|localização em tempo real(?: compartilhada)?)\.?`;
/** Whole short bodies, one expression because most bodies are short: 1 deleted, 2 call, 3 live location. */
const SHORT_MARKERS = new RegExp(`^(?:(${DELETED_SOURCE})|(${CALL_SOURCE})|(${LIVE_SOURCE}))$`, 'i');
const CALL = new RegExp(`^${CALL_SOURCE}$`, 'i');
const LOCATION =
  /^(?:location|localização|localizacao|Standort|Ubicación|Posizione|Localisation) ?: ?(https?:\/\/\S+)$/i;
const VENUE =
  /^(.{1,120}?): (https?:\/\/(?:maps\.google\.[a-z.]+|www\.google\.[a-z.]+\/maps|goo\.gl\/maps|maps\.app\.goo\.gl|foursquare\.com|maps\.apple\.com)\S*)$/;
const COORDINATES = /(?:[?&](?:q|ll|query)=|@)(-?\d{1,3}(?:\.\d+)?), ?(-?\d{1,3}(?:\.\d+)?)/;
const POLL = /^(?:POLL|ENQUETE|ENCUESTA|UMFRAGE|SONDAGGIO|SONDAGE):\s*(.*)$/;
const OPTION = /^(?:OPTION|OPÇÃO|OPCIÓN|OPZIONE):\s*(.*?)(?:\s*\((\d+) (?:votes?|votos?|voti|Stimmen?)\))?$/;

const SHORT_BODY = 60;

/**
 * Fills kind, type, text and the optional fields of message from its raw body.
 * rawFirst: the body on the header line; rawMore: the following lines joined by `\n` (null: none).
 * noticesHaveAuthors: iOS layout, where notices carry the chat or actor name as author.
 */
export function classifyBody(
  message: ExportMessage,
  rawFirst: string,
  rawMore: string | null,
  noticesHaveAuthors: boolean,
): void {
  const ledByMark = rawFirst.charCodeAt(0) === 0x200e || rawFirst.charCodeAt(0) === 0x200f;
  let first = stripInvisible(rawFirst);
  let more = rawMore === null ? null : stripInvisible(rawMore);
  if (more === null) {
    if (first.charCodeAt(first.length - 1) === 62 && EDITED.test(first)) {
      first = first.replace(EDITED, '');
      message.edited = true;
    }
  } else if (more.charCodeAt(more.length - 1) === 62 && EDITED.test(more)) {
    more = more.replace(EDITED, '');
    message.edited = true;
  }
  const whole = more === null ? first : `${first}\n${more}`;
  message.text = whole;

  if (message.author === null) {
    message.kind = 'system';
    message.type = more === null && CALL.test(first) ? 'call' : 'system';
    return;
  }
  if (first.length === 0 || first === 'null') {
    if (more === null) {
      message.type = 'unknown';
      message.viewOnce = true;
      message.text = '';
    }
    return;
  }
  const caption = more ?? '';
  const attachment = recogniseAttachment(first);
  if (attachment !== null) {
    message.type = attachment.type;
    message.attachment = attachment.attachment;
    message.text = caption;
    return;
  }
  // After attachments: a notice never looks like one, and iOS attachment lines start with an LRM.
  if (noticesHaveAuthors && more === null && isSystemBody(first, ledByMark)) {
    message.kind = 'system';
    message.type = 'system';
    message.author = null;
    message.authorIsPushName = false;
    delete message.authorPhone;
    return;
  }
  if (first.indexOf('://') > 0) {
    const location = recogniseLocation(first);
    if (location !== null) {
      message.type = 'location';
      message.location = location;
      message.text = location.name === undefined ? caption : more === null ? location.name : whole;
      return;
    }
  }
  if (first.length > SHORT_BODY) return;
  const marker = SHORT_MARKERS.exec(first);
  if (marker !== null) {
    if (marker[1] !== undefined && more === null) {
      message.type = 'deleted';
      message.deleted = true;
      message.text = '';
    } else if (marker[2] !== undefined && more === null) {
      message.type = 'call';
    } else if (marker[3] !== undefined) {
      message.type = 'location';
      message.location = { url: null, live: true };
      message.text = caption;
    }
    return;
  }
  const poll = first.indexOf(':') > 0 ? POLL.exec(first) : null;
  if (poll !== null && (more !== null || poll[1] !== '')) {
    message.type = 'poll';
    message.poll = parsePoll(poll[1]!, more);
    message.text = [message.poll.question, ...message.poll.options.map((o) => o.name)].join('\n');
  }
}

function recogniseLocation(line: string): ExportLocation | null {
  const plain = LOCATION.exec(line);
  const venue = plain === null ? VENUE.exec(line) : null;
  const url = plain?.[1] ?? venue?.[2];
  if (url === undefined) return null;
  const location: ExportLocation = { url };
  const coordinates = COORDINATES.exec(url);
  if (coordinates !== null) {
    location.lat = Number(coordinates[1]);
    location.lng = Number(coordinates[2]);
  }
  if (venue !== null) location.name = venue[1]!;
  return location;
}

/** `POLL:` then the question (same or next line) then `OPTION: Pizza (3 votes)` lines. */
function parsePoll(sameLine: string, more: string | null): ExportPoll {
  const questionLines = sameLine === '' ? [] : [sameLine];
  const options: ExportPollOption[] = [];
  for (const line of more === null ? [] : more.split('\n')) {
    const option = OPTION.exec(line);
    if (option === null) {
      // Text after the options (rare) stays with the question so nothing is lost.
      if (line !== '' || options.length === 0) questionLines.push(line);
      continue;
    }
    const entry: ExportPollOption = { name: option[1]! };
    if (option[2] !== undefined) entry.votes = Number(option[2]);
    options.push(entry);
  }
  return { question: questionLines.join('\n').trim(), options };
}
