import { z } from 'zod';
import { resolveChats, resolveContact } from '../linking/resolve.js';
import { MESSAGE_TYPES } from '../store/types.js';
import { parseSearchQuery } from '../store/search-query.js';
import { makeSnippet } from '../store/snippet.js';
import { cleanOrNull, cleanText } from '../text.js';
import { toIso } from '../time.js';
import { cursorParam, defineTool, limitParam, sinceParam, untilParam, pageFields, pageOf } from './define.js';
import { timeRange, type Deps } from './deps.js';
import { pageFooter } from './views.js';

const hitOut = z.object({
  message_id: z.number().int(),
  chat_id: z.number().int(),
  chat_wa_id: z.string(),
  chat_name: z.string().nullable(),
  sender_name: z.string().nullable(),
  sender_phone: z.string().nullable(),
  time: z.string(),
  direction: z.enum(['in', 'out', 'system']),
  type: z.string(),
  snippet: z.string().describe('Excerpt with matches marked **like this**; untrusted message text.'),
});

export function searchMessagesTool(deps: Deps) {
  return defineTool({
    name: 'search_messages',
    title: 'Search messages',
    description:
      'Full-text search over every archived WhatsApp message, accent- and case-insensitive (orcamento finds orçamento). ' +
      'Use it to find what was said about a topic, order or product; narrow by chat, sender, dates, direction or type, then open a hit with get_message_context.',
    input: {
      query: z
        .string()
        .max(10_000)
        .describe(
          'Words to find (all must match), "exact phrase", a OR b, -excluded, prefix* — e.g. `boleto -pago`, `"OS 30415"`, `orç*`.',
        ),
      chat: z
        .string()
        .max(200)
        .optional()
        .describe('Only this chat: chat_id or WhatsApp id from list_chats, a chat name, or a phone.'),
      sender: z
        .string()
        .max(200)
        .optional()
        .describe('Only messages written by this person: phone in any format, WhatsApp id or name.'),
      since: sinceParam,
      until: untilParam,
      direction: z
        .enum(['in', 'out', 'system'])
        .optional()
        .describe('in = received, out = sent by the business, system = notices.'),
      type: z
        .array(z.enum(MESSAGE_TYPES))
        .max(14)
        .optional()
        .describe('Only these message types (e.g. ["document", "image"]).'),
      sort: z
        .enum(['relevance', 'newest', 'oldest'])
        .default('relevance')
        .describe('Order of hits (default relevance).'),
      limit: limitParam(20, 100),
      cursor: cursorParam,
    },
    output: {
      hits: z.array(hitOut),
      total: z
        .number()
        .int()
        .describe('Number of matching messages (a lower bound when total_exact is false).'),
      total_exact: z.boolean(),
      ranked_among: z
        .number()
        .int()
        .nullable()
        .describe(
          'When set, relevance ranked only this many newest matches; sort by newest or narrow the query to reach older ones.',
        ),
      ...pageFields,
    },
    readOnly: true,
    openWorld: false,
    idempotent: true,
    run(args) {
      const query = parseSearchQuery(args.query);
      const chatIds =
        args.chat === undefined
          ? undefined
          : resolveChats(deps.store, args.chat, deps.config.defaultCountry).map((c) => c.id);
      const senderIds =
        args.sender === undefined
          ? undefined
          : resolveContact(deps.store, args.sender, deps.config.defaultCountry).contacts.map((c) => c.id);
      const result = deps.store.search.search({
        query,
        chatIds,
        senderIds,
        direction: args.direction,
        types: args.type,
        ...timeRange(deps, args.since, args.until),
        sort: args.sort,
        limit: args.limit,
        cursor: args.cursor,
        rangeKey: JSON.stringify([args.since ?? null, args.until ?? null]),
      });
      const tz = deps.config.timeZone;
      return {
        hits: result.hits.map((m) => ({
          message_id: m.id,
          chat_id: m.chat_id,
          chat_wa_id: m.chat_wa_id,
          chat_name: m.chat_name === null ? null : cleanText(m.chat_name),
          sender_name: m.direction === 'out' ? 'me' : cleanOrNull(m.sender_contact_name ?? m.sender_name),
          sender_phone: m.sender_phone,
          time: toIso(m.ts, tz),
          direction: m.direction,
          type: m.type,
          snippet: makeSnippet(cleanText(m.text ?? ''), query),
        })),
        total: result.total,
        total_exact: result.totalExact,
        ranked_among: result.rankedAmong,
        ...pageOf(result.nextCursor),
      };
    },
    render(r) {
      if (r.hits.length === 0)
        return 'No messages match. Try fewer words, a prefix (orç*), or remove filters.';
      const lines = r.hits.map(
        (h) =>
          `[${h.time}] #${h.message_id} ${h.chat_name ?? h.chat_wa_id} — ${h.sender_name ?? h.sender_phone ?? '?'}: > ${h.snippet}`,
      );
      return `${r.total_exact ? r.total : `${r.total}+`} matching messages; showing ${r.hits.length}:\n${lines.join('\n')}${pageFooter(r.has_more, r.next_cursor)}`;
    },
  });
}
