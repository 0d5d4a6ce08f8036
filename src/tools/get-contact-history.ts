import { z } from 'zod';
import { resolveContact } from '../linking/resolve.js';
import { decodeCursor, encodeCursor, scopeOf } from '../store/cursor.js';
import { cleanOrNull } from '../text.js';
import { cursorParam, defineTool, limitParam, sinceParam, untilParam, pageFields, pageOf } from './define.js';
import { timeRange, type Deps } from './deps.js';
import { chatOut, chatView, messageOut, messageView, pageFooter, renderMessageLine } from './views.js';

export function getContactHistoryTool(deps: Deps) {
  return defineTool({
    name: 'get_contact_history',
    title: 'Get contact history',
    description:
      'Everything exchanged with one customer or person: their private chats (both sides) and what they wrote in groups, in time order. ' +
      "Use it to read a customer's history before answering or summarising; the contact may be given as a phone in any format, a chat id or a name.",
    input: {
      contact: z
        .string()
        .max(200)
        .describe(
          'Phone in any common format (+55 (31) 99876-5432, 31 99876-5432, with or without the 9th digit), WhatsApp/chat id, or name.',
        ),
      since: sinceParam,
      until: untilParam,
      order: z
        .enum(['newest', 'oldest'])
        .default('newest')
        .describe('newest first (default) or oldest first.'),
      include_groups: z
        .boolean()
        .default(true)
        .describe('Also include what the contact wrote in group chats (default true).'),
      limit: limitParam(50, 200),
      cursor: cursorParam,
    },
    output: {
      contact: z.object({
        contact_ids: z.array(z.number().int()),
        name: z.string().nullable(),
        phone: z.string().nullable(),
        wa_ids: z.array(z.string()),
      }),
      chats: z.array(chatOut).describe('Chats the contact appears in (private first, then groups).'),
      messages: z.array(messageOut),
      ...pageFields,
    },
    readOnly: true,
    openWorld: false,
    idempotent: true,
    run(args) {
      const { store, config } = deps;
      const person = resolveContact(store, args.contact, config.defaultCountry);
      const contactIds = person.contacts.map((c) => c.id);
      const privateChats = store.chats.byContacts(contactIds);
      const groups = args.include_groups ? store.chats.groupsOf(contactIds) : [];
      const range = timeRange(deps, args.since, args.until);
      const scope = scopeOf('history', {
        contactIds,
        since: args.since,
        until: args.until,
        o: args.order,
        g: args.include_groups,
      });
      const after = decodeCursor(args.cursor, scope)?.[0];
      const page = {
        ...range,
        after: typeof after === 'number' ? after : undefined,
        order: args.order === 'oldest' ? ('asc' as const) : ('desc' as const),
        limit: args.limit + 1,
      };
      // Each source is already in time order: merge the ids of one page from each (read from their
      // indexes) and read the message rows of the merged page only.
      const ids = new Set<number>();
      for (const chat of privateChats)
        for (const id of store.history.pageIds({ ...page, chatId: chat.id })) ids.add(id);
      for (const group of groups) {
        const senders = person.contacts.filter((c) => c.instance_id === group.instance_id).map((c) => c.id);
        if (senders.length === 0) continue;
        for (const id of store.history.pageIds({ ...page, chatId: group.id, senderIds: senders }))
          ids.add(id);
      }
      const sorted = [...ids].sort((a, b) => (args.order === 'oldest' ? a - b : b - a));
      const messages = store.history.byIds(sorted.slice(0, args.limit));
      const last = messages[messages.length - 1];
      const nextCursor = sorted.length > args.limit && last ? encodeCursor(scope, [last.id]) : null;
      return {
        contact: {
          contact_ids: contactIds,
          name: cleanOrNull(person.name),
          phone: person.phone,
          wa_ids: [...new Set(contactIds.flatMap((id) => store.contacts.waIds(id)))],
        },
        chats: [...privateChats, ...groups].map((c) => chatView(c, config.timeZone)),
        messages: messages.map((m) => messageView(m, config.timeZone)),
        ...pageOf(nextCursor),
      };
    },
    render(r) {
      const head = `${r.contact.name ?? 'Contact'}${r.contact.phone ? ` (${r.contact.phone})` : ''} — ${r.chats.length} chats: ${r.chats.map((c) => c.name ?? c.wa_id).join(', ')}`;
      if (r.messages.length === 0) return `${head}\nNo messages in this range.`;
      return `${head}\n${r.messages.map(renderMessageLine).join('\n')}${pageFooter(r.has_more, r.next_cursor)}`;
    },
  });
}
