import { callTool } from '../tools/define.js';
import { searchMessagesTool } from '../tools/search-messages.js';
import { formatCount } from '../text.js';
import { int, str, type Command } from './command.js';
import { table, write, writeJson } from './output.js';

export const searchCommand: Command = {
  name: 'search',
  summary: 'Full-text search over all messages (accent- and case-insensitive)',
  usage:
    'wa-archive search QUERY... [--chat C] [--sender S] [--since 7d] [--until 2025-03-01] [--direction in|out|system] [--type image] [--sort relevance|newest|oldest] [--limit N] [--cursor C]',
  options: {
    chat: { type: 'string' },
    sender: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    direction: { type: 'string' },
    type: { type: 'string', multiple: true },
    sort: { type: 'string' },
    limit: { type: 'string' },
    cursor: { type: 'string' },
  },
  async run(ctx) {
    const result = await callTool(searchMessagesTool(ctx.deps()), {
      query: ctx.positionals.join(' '),
      chat: str(ctx, 'chat'),
      sender: str(ctx, 'sender'),
      since: str(ctx, 'since'),
      until: str(ctx, 'until'),
      direction: str(ctx, 'direction'),
      type: ctx.values.type,
      sort: str(ctx, 'sort'),
      limit: int(ctx, 'limit', 20),
      cursor: str(ctx, 'cursor'),
    });
    if (ctx.json) return writeJson(result);
    write(
      table(result.hits, [
        { header: 'TIME', value: (h) => h.time },
        { header: 'CHAT', value: (h) => h.chat_name ?? h.chat_wa_id, max: 24 },
        { header: 'FROM', value: (h) => h.sender_name ?? h.sender_phone ?? '', max: 20 },
        { header: 'MESSAGE', value: (h) => h.snippet, max: 90 },
        { header: 'ID', value: (h) => h.message_id, align: 'right' },
      ]),
    );
    write(
      `${formatCount(result.total)}${result.total_exact ? '' : '+'} matches${result.next_cursor ? ` — next page: --cursor ${result.next_cursor}` : ''}`,
    );
  },
};
