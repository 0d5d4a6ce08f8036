import { formatPhone } from '../linking/phone.js';
import { callTool } from '../tools/define.js';
import { listChatsTool } from '../tools/list-chats.js';
import { int, str, type Command } from './command.js';
import { countColumn, table, write, writeJson } from './output.js';

export const chatsCommand: Command = {
  name: 'chats',
  summary: 'List archived chats with message counts and last activity',
  usage:
    'wa-archive chats [QUERY] [--type private|group] [--sort last_activity|name|message_count] [--limit N] [--cursor C]',
  options: {
    type: { type: 'string' },
    sort: { type: 'string' },
    limit: { type: 'string' },
    cursor: { type: 'string' },
  },
  async run(ctx) {
    const result = await callTool(listChatsTool(ctx.deps()), {
      query: ctx.positionals.join(' ') || undefined,
      type: str(ctx, 'type'),
      sort: str(ctx, 'sort'),
      limit: int(ctx, 'limit', 50),
      cursor: str(ctx, 'cursor'),
    });
    if (ctx.json) return writeJson(result);
    write(
      table(result.chats, [
        { header: 'ID', value: (c) => c.chat_id, align: 'right' },
        { header: 'NAME', value: (c) => c.name ?? c.wa_id, max: 40 },
        { header: 'TYPE', value: (c) => c.type },
        { header: 'PHONE', value: (c) => (c.phone ? formatPhone(c.phone) : '') },
        countColumn('MESSAGES', (c) => c.message_count),
        { header: 'LAST MESSAGE', value: (c) => c.last_message_time ?? '' },
      ]),
    );
    write(`${result.total} chats${result.next_cursor ? ` — next page: --cursor ${result.next_cursor}` : ''}`);
  },
};
