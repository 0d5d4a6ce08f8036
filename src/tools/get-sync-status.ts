import { z } from 'zod';
import { resolveChats } from '../linking/resolve.js';
import { decodeCursor, encodeCursor, scopeOf } from '../store/cursor.js';
import { cleanOrNull } from '../text.js';
import { toIso, toIsoOrNull } from '../time.js';
import { cursorParam, defineTool, limitParam, pageFields, pageOf } from './define.js';
import type { Deps } from './deps.js';
import { pageFooter } from './views.js';

const gapOut = z.object({ from: z.string(), to: z.string(), reason: z.string(), detected: z.string() });

export function getSyncStatusTool(deps: Deps) {
  return defineTool({
    name: 'get_sync_status',
    title: 'Get sync status',
    description:
      'How complete and fresh the archive is: per instance and per chat the messages held, oldest/newest, last sync, detected gaps and last error. ' +
      'Use it before trusting an answer about recent messages, or to see why a chat is incomplete.',
    input: {
      chat: z.string().max(200).optional().describe('Only this chat (chat_id, WhatsApp id, name or phone).'),
      limit: limitParam(50, 200),
      cursor: cursorParam,
    },
    output: {
      instances: z.array(
        z.object({
          instance_id: z.number().int(),
          kind: z.enum(['greenapi', 'export']),
          external_id: z.string(),
          name: z.string().nullable(),
          state: z.string().nullable(),
          configured: z
            .boolean()
            .describe('Credentials for this instance are configured (it can be synced now).'),
          chats: z.number().int(),
          messages: z.number().int(),
          oldest_message_time: z.string().nullable(),
          newest_message_time: z.string().nullable(),
          last_sync_time: z.string().nullable(),
          open_gaps: z.number().int(),
          chats_with_errors: z.number().int(),
          last_runs: z.array(
            z.object({
              mode: z.string(),
              status: z.string(),
              started: z.string(),
              elapsed_ms: z.number().int().nullable(),
              requests: z.number().int(),
              inserted: z.number().int(),
              updated: z.number().int(),
              duplicates: z.number().int(),
              rate_limited: z.number().int(),
              error: z.string().nullable(),
            }),
          ),
        }),
      ),
      chats: z.array(
        z.object({
          chat_id: z.number().int(),
          wa_id: z.string(),
          name: z.string().nullable(),
          messages: z.number().int(),
          oldest_message_time: z.string().nullable(),
          newest_message_time: z.string().nullable(),
          last_full_sync: z.string().nullable(),
          last_incremental_sync: z.string().nullable(),
          history_complete: z.boolean(),
          gaps: z.array(gapOut),
          last_error: z.string().nullable(),
        }),
      ),
      ...pageFields,
    },
    readOnly: true,
    openWorld: false,
    idempotent: true,
    run(args) {
      const { store, config } = deps;
      const tz = config.timeZone;
      const configured = new Set(config.instances.map((i) => i.idInstance));
      const instances = store.instances.list().map((i) => {
        const totals = store.status.instanceTotals(i.id);
        return {
          instance_id: i.id,
          kind: i.kind,
          external_id: i.external_id,
          name: i.name,
          state: i.state,
          configured: i.kind === 'greenapi' && configured.has(i.external_id),
          chats: totals.chats,
          messages: totals.messages,
          oldest_message_time: toIsoOrNull(totals.first, tz),
          newest_message_time: toIsoOrNull(totals.last, tz),
          last_sync_time: toIsoOrNull(i.last_sync_at, tz),
          open_gaps: totals.gaps,
          chats_with_errors: totals.errors,
          last_runs: store.status.lastRuns(i.id).map((r) => ({
            mode: r.mode,
            status: r.status,
            started: toIso(r.started_at, tz),
            elapsed_ms: r.elapsed_ms,
            requests: r.requests,
            inserted: r.inserted,
            updated: r.updated,
            duplicates: r.duplicates,
            rate_limited: r.rate_limited,
            error: r.error,
          })),
        };
      });
      const chatIds =
        args.chat === undefined
          ? undefined
          : resolveChats(store, args.chat, config.defaultCountry).map((c) => c.id);
      const scope = scopeOf('status', { chatIds });
      const key = decodeCursor(args.cursor, scope) as [number, number, number] | undefined;
      const rows = store.status.chats({ chatIds, limit: args.limit + 1, offsetKey: key });
      const page = rows.slice(0, args.limit);
      const gaps = store.status.openGaps(page.map((r) => r.chat_id));
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > args.limit && last
          ? encodeCursor(scope, [
              last.last_error !== null || last.open_gaps > 0 ? 1 : 0,
              last.last_message_at ?? 0,
              last.chat_id,
            ])
          : null;
      return {
        instances,
        chats: page.map((r) => ({
          chat_id: r.chat_id,
          wa_id: r.wa_id,
          name: cleanOrNull(r.name),
          messages: r.message_count,
          oldest_message_time: toIsoOrNull(r.first_message_at, tz),
          newest_message_time: toIsoOrNull(r.last_message_at, tz),
          last_full_sync: toIsoOrNull(r.last_full_at, tz),
          last_incremental_sync: toIsoOrNull(r.last_incremental_at, tz),
          history_complete: r.history_complete === 1,
          gaps: gaps
            .filter((g) => g.chat_id === r.chat_id)
            .map((g) => ({
              from: toIso(g.from_ts, tz),
              to: toIso(g.to_ts, tz),
              reason: g.reason,
              detected: toIso(g.detected_at, tz),
            })),
          last_error: r.last_error,
        })),
        ...pageOf(nextCursor),
      };
    },
    render(r) {
      if (r.instances.length === 0) {
        return 'The archive is empty: no instance has been synced and nothing imported. Set GREEN_API_ID_INSTANCE and GREEN_API_TOKEN_INSTANCE and call sync_chats, or import an export with import_chat_export.';
      }
      const inst = r.instances.map(
        (i) =>
          `${i.kind} ${i.external_id}${i.name ? ` (${i.name})` : ''}: ${i.messages} messages in ${i.chats} chats, ${i.oldest_message_time ?? '-'} .. ${i.newest_message_time ?? '-'}, last sync ${i.last_sync_time ?? 'never'}, ${i.open_gaps} gaps, ${i.chats_with_errors} chats with errors`,
      );
      const chats = r.chats.map(
        (c) =>
          `#${c.chat_id} ${c.name ?? c.wa_id}: ${c.messages} msgs, newest ${c.newest_message_time ?? '-'}${c.gaps.length ? `, ${c.gaps.length} gaps` : ''}${c.last_error ? `, error: ${c.last_error}` : ''}`,
      );
      return `${inst.join('\n')}\n\nChats (problems first):\n${chats.join('\n')}${pageFooter(r.has_more, r.next_cursor)}`;
    },
  });
}
