import { formatPhone } from '../linking/phone.js';
import { callTool } from '../tools/define.js';
import { getContactHistoryTool } from '../tools/get-contact-history.js';
import { int, str, type Command } from './command.js';
import { table, write, writeJson } from './output.js';

export const historyCommand: Command = {
  name: 'history',
  summary: "A contact's messages across their chats and groups",
  usage:
    'wa-archive history CONTACT [--since 30d] [--until DATE] [--order newest|oldest] [--no-groups] [--limit N] [--cursor C]',
  options: {
    since: { type: 'string' },
    until: { type: 'string' },
    order: { type: 'string' },
    'no-groups': { type: 'boolean' },
    limit: { type: 'string' },
    cursor: { type: 'string' },
  },
  async run(ctx) {
    const result = await callTool(getContactHistoryTool(ctx.deps()), {
      contact: ctx.positionals.join(' '),
      since: str(ctx, 'since'),
      until: str(ctx, 'until'),
      order: str(ctx, 'order'),
      include_groups: ctx.values['no-groups'] ? false : undefined,
      limit: int(ctx, 'limit', 50),
      cursor: str(ctx, 'cursor'),
    });
    if (ctx.json) return writeJson(result);
    const c = result.contact;
    write(
      `${c.name ?? 'Contact'}${c.phone ? ` ${formatPhone(c.phone)}` : ''} — chats: ${result.chats.map((ch) => ch.name ?? ch.wa_id).join(', ')}\n`,
    );
    write(
      table(result.messages, [
        { header: 'TIME', value: (m) => m.time },
        { header: 'CHAT', value: (m) => m.chat_name ?? m.chat_wa_id, max: 24 },
        {
          header: 'FROM',
          value: (m) => (m.direction === 'out' ? 'me' : (m.sender.name ?? m.sender.phone ?? '')),
          max: 20,
        },
        { header: 'TYPE', value: (m) => m.type + (m.deleted ? ' (deleted)' : m.edited ? ' (edited)' : '') },
        { header: 'TEXT', value: (m) => m.text ?? m.media?.file_name ?? '', max: 90 },
      ]),
    );
    if (result.next_cursor) write(`next page: --cursor ${result.next_cursor}`);
  },
};
