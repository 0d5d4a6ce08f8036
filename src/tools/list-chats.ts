import { z } from 'zod';
import { cursorParam, defineTool, limitParam, pageFields, pageOf } from './define.js';
import type { Deps } from './deps.js';
import { chatOut, chatView, pageFooter, renderChatLine } from './views.js';

export function listChatsTool(deps: Deps) {
  return defineTool({
    name: 'list_chats',
    title: 'List chats',
    description:
      'Lists the archived chats (private and groups) with message counts and last activity. Use it to find a chat id by name or phone, ' +
      'or to see who talked most recently.',
    input: {
      query: z
        .string()
        .max(200)
        .optional()
        .describe('Part of the chat name, or digits of the phone / WhatsApp id.'),
      type: z.enum(['private', 'group']).optional().describe('Only private chats or only groups.'),
      sort: z
        .enum(['last_activity', 'name', 'message_count'])
        .default('last_activity')
        .describe('Order (default: most recent activity first).'),
      limit: limitParam(50, 200),
      cursor: cursorParam,
    },
    output: {
      chats: z.array(chatOut),
      total: z.number().int(),
      ...pageFields,
    },
    readOnly: true,
    openWorld: false,
    idempotent: true,
    run(args) {
      const page = deps.store.chats.list({
        query: args.query,
        type: args.type,
        sort: args.sort,
        limit: args.limit,
        cursor: args.cursor,
      });
      return {
        chats: page.chats.map((c) => chatView(c, deps.config.timeZone)),
        total: page.total,
        ...pageOf(page.nextCursor),
      };
    },
    render(r) {
      if (r.chats.length === 0)
        return r.total === 0
          ? 'No chats match. Sync (sync_chats) or import an export (import_chat_export) first, or change the filter.'
          : 'No more chats.';
      return `${r.total} chats; showing ${r.chats.length}:\n${r.chats.map(renderChatLine).join('\n')}${pageFooter(r.has_more, r.next_cursor)}`;
    },
  });
}
