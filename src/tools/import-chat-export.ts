import { z } from 'zod';
import { InputError, ReadOnlyError } from '../errors.js';
import { isTimeZone, toIsoOrNull } from '../time.js';
import { defineTool } from './define.js';
import type { Deps } from './deps.js';

const fileOut = z.object({
  path: z.string(),
  file_name: z.string(),
  status: z.enum(['imported', 'already_imported', 'dry_run', 'failed']),
  format: z.string().nullable().describe('android or ios'),
  date_order: z.string().nullable().describe('dmy, mdy or ymd, decided once for the file'),
  date_order_reason: z.string().nullable(),
  timezone: z.string(),
  chat: z.object({
    chat_id: z.number().int().nullable(),
    name: z.string().nullable(),
    type: z.enum(['private', 'group']).nullable(),
    joined: z
      .enum(['phone', 'name'])
      .nullable()
      .describe('How the export joined a chat already synced (null: a chat of its own).'),
  }),
  me: z
    .object({ author: z.string().nullable(), how: z.enum(['option', 'inferred', 'unknown']) })
    .nullable()
    .describe('Which author is the exporter (their messages are outgoing).'),
  messages: z.number().int(),
  inserted: z.number().int(),
  duplicates: z.number().int().describe('Already held from an earlier import of an overlapping export.'),
  matched_synced: z.number().int().describe('Already held from the API: kept once, with the API copy.'),
  media_stored: z.number().int(),
  first_time: z.string().nullable(),
  last_time: z.string().nullable(),
  file_meta: z.object({
    file_date: z.string().nullable(),
    phone: z.string().nullable(),
    order_ref: z.string().nullable(),
  }),
  warnings: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  error: z.string().nullable(),
});

export function importChatExportTool(deps: Deps) {
  return defineTool({
    name: 'import_chat_export',
    title: 'Import chat exports',
    description:
      'Imports WhatsApp "Export chat" files (.txt, .zip with media, or folders of them) into the archive, merged with synced history without duplicates. ' +
      'Use it for history the API cannot reach (older messages, other phones); run with dry_run first to check the detected format, date order, chat and date range.',
    input: {
      paths: z
        .array(z.string().min(1).max(4096))
        .min(1)
        .max(100)
        .describe('Files, zips or folders inside the configured import roots.'),
      timezone: z
        .string()
        .max(64)
        .optional()
        .describe('IANA zone of the exporting phone (default: WA_ARCHIVE_TIMEZONE), e.g. America/Sao_Paulo.'),
      date_order: z
        .enum(['dmy', 'mdy', 'ymd'])
        .optional()
        .describe('Override the detected date order (dmy = 31/12/2025).'),
      me: z
        .string()
        .max(200)
        .optional()
        .describe('Name or phone of the person who exported the chat (their messages become outgoing).'),
      dry_run: z.boolean().default(false).describe('Only report what would be imported; write nothing.'),
    },
    output: {
      files: z.array(fileOut),
      skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
      totals: z.object({
        files: z.number().int(),
        messages: z.number().int(),
        inserted: z.number().int(),
        failed: z.number().int(),
      }),
    },
    readOnly: false,
    openWorld: true,
    idempotent: true,
    async run(args, ctx) {
      if (deps.config.readOnly && !args.dry_run) throw new ReadOnlyError('Importing');
      const timeZone = args.timezone ?? deps.config.timeZone;
      if (!isTimeZone(timeZone))
        throw new InputError(
          `"${timeZone}" is not a time zone.`,
          'Use an IANA name such as America/Sao_Paulo.',
        );
      // Loaded on first use: the export reader is only needed when importing.
      const { importPaths } = await import('../importers/import-paths.js');
      const summary = await importPaths({
        store: deps.store,
        paths: args.paths,
        roots: deps.config.importRoots,
        timeZone,
        dateOrder: args.date_order,
        me: args.me,
        dryRun: args.dry_run,
        defaultCountry: deps.config.defaultCountry,
        now: deps.now,
        signal: ctx.signal,
        onProgress: ctx.progress,
      });
      const tz = deps.config.timeZone;
      const files = summary.files.map((f) => ({
        ...f,
        first_time: toIsoOrNull(f.first_time, tz),
        last_time: toIsoOrNull(f.last_time, tz),
      }));
      return {
        files,
        skipped: summary.skipped,
        totals: {
          files: files.length,
          messages: files.reduce((n, f) => n + f.messages, 0),
          inserted: files.reduce((n, f) => n + f.inserted, 0),
          failed: files.filter((f) => f.status === 'failed').length,
        },
      };
    },
    render(r) {
      const lines = r.files.map((f) =>
        f.status === 'failed'
          ? `FAILED ${f.file_name}: ${f.error}`
          : `${f.status} ${f.file_name}: ${f.chat.name ?? '?'} (${f.chat.type ?? '?'}${f.chat.joined ? `, joined by ${f.chat.joined}` : ''}), ` +
            `${f.messages} messages ${f.first_time ?? '-'} .. ${f.last_time ?? '-'}, ${f.inserted} new, ${f.duplicates + f.matched_synced} already held; ` +
            `${f.format}/${f.date_order}, me: ${f.me?.author ?? 'unknown'} (${f.me?.how ?? '-'})`,
      );
      const skipped = r.skipped.map((s) => `skipped ${s.path}: ${s.reason}`);
      const next = r.files.some((f) => f.me?.how === 'unknown')
        ? '\nWho exported could not be told for some files: pass me to mark their messages outgoing.'
        : '';
      return [...lines, ...skipped].join('\n') + next || 'No export files found in those paths.';
    },
  });
}
