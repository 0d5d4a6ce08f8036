import type { DateOrder } from '../importers/types.js';
import { callTool, localContext } from '../tools/define.js';
import { importChatExportTool } from '../tools/import-chat-export.js';
import { formatCount } from '../text.js';
import { str, type Command } from './command.js';
import { countColumn, progressBar, suggestCompact, table, write, writeJson } from './output.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import WhatsApp "Export chat" files (.txt, .zip, folders) into the archive',
  usage:
    'wa-archive import PATH... [--timezone America/Sao_Paulo] [--date-order dmy|mdy|ymd] [--me NAME_OR_PHONE] [--dry-run]',
  options: {
    timezone: { type: 'string' },
    'date-order': { type: 'string' },
    me: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  async run(ctx) {
    const bar = progressBar('import');
    const result = await callTool(
      importChatExportTool(ctx.deps()),
      {
        paths: ctx.positionals,
        timezone: str(ctx, 'timezone'),
        date_order: str(ctx, 'date-order') as DateOrder | undefined,
        me: str(ctx, 'me'),
        dry_run: ctx.values['dry-run'] === true,
      },
      localContext((done, total, message) => bar.update(done, total, message)),
    );
    bar.done();
    if (ctx.json) {
      writeJson(result);
      return result.totals.failed > 0 ? 1 : 0;
    }
    write(
      table(result.files, [
        { header: 'FILE', value: (f) => f.file_name, max: 40 },
        { header: 'STATUS', value: (f) => f.status },
        { header: 'CHAT', value: (f) => `${f.chat.name ?? '?'}${f.chat.joined ? ' (joined)' : ''}`, max: 28 },
        { header: 'FORMAT', value: (f) => `${f.format ?? '-'}/${f.date_order ?? '-'}` },
        countColumn('MESSAGES', (f) => f.messages),
        countColumn('NEW', (f) => f.inserted),
        countColumn('HELD', (f) => f.duplicates + f.matched_synced),
        { header: 'FROM', value: (f) => f.first_time?.slice(0, 10) ?? '' },
        { header: 'TO', value: (f) => f.last_time?.slice(0, 10) ?? '' },
        { header: 'ME', value: (f) => (f.me?.author ? `${f.me.author} (${f.me.how})` : 'unknown'), max: 24 },
        { header: 'ERROR', value: (f) => f.error ?? '', max: 60 },
      ]),
    );
    for (const s of result.skipped) write(`skipped ${s.path}: ${s.reason}`);
    write(
      `${formatCount(result.totals.files)} files, ${formatCount(result.totals.messages)} messages, ${formatCount(result.totals.inserted)} new, ${formatCount(result.totals.failed)} failed`,
    );
    suggestCompact(result.totals.inserted, 'an import');
    return result.totals.failed > 0 ? 1 : 0;
  },
};
