import { z } from 'zod';
import { ConfigError, InputError, ReadOnlyError } from '../errors.js';
import type { SyncSummary } from '../sync/engine.js';
import { defineTool } from './define.js';
import type { Deps } from './deps.js';

const runOut = z.object({
  instance: z.string().describe('idInstance of the synced WhatsApp number.'),
  mode: z.enum(['full', 'incremental', 'follow']),
  status: z.enum(['ok', 'failed', 'cancelled']),
  chats_synced: z.number().int(),
  requests: z.number().int(),
  inserted: z.number().int().describe('New messages stored.'),
  updated: z.number().int().describe('Messages brought up to date (edits, deletions, reactions, status).'),
  duplicates: z.number().int().describe('Messages seen again and skipped.'),
  rate_limited: z.number().int().describe('429 answers (retried).'),
  malformed_skipped: z.number().int(),
  gaps_detected: z.number().int(),
  errors: z.record(z.string(), z.number().int()),
  elapsed_ms: z.number().int(),
  error: z.string().nullable(),
});

export function syncChatsTool(deps: Deps) {
  return defineTool({
    name: 'sync_chats',
    title: 'Sync chats',
    description:
      'Brings new messages from the Green API into the archive. Use it before answering about recent conversations ' +
      '("sync now and tell me who is waiting"); incremental takes seconds, full re-reads every chat\'s history.',
    input: {
      mode: z
        .enum(['incremental', 'full'])
        .default('incremental')
        .describe('incremental (default): what arrived since the last sync; full: every chat, deep.'),
      chats: z
        .array(z.string().max(200))
        .max(100)
        .optional()
        .describe('Only these chats (WhatsApp chat ids such as 5531998765432@c.us).'),
      instance: z
        .string()
        .max(20)
        .optional()
        .describe('Only this idInstance (when several WhatsApp numbers are configured).'),
    },
    output: { runs: z.array(runOut) },
    readOnly: false,
    openWorld: true,
    idempotent: true,
    async run(args, ctx) {
      if (deps.config.readOnly) throw new ReadOnlyError('Syncing');
      const instances = deps.config.instances.filter((i) => !args.instance || i.idInstance === args.instance);
      if (deps.config.instances.length === 0) {
        throw new ConfigError(
          'No Green API instance is configured, so there is nothing to sync from.',
          'Set GREEN_API_ID_INSTANCE and GREEN_API_TOKEN_INSTANCE (or GREEN_API_INSTANCES for several numbers) and restart the server.',
        );
      }
      if (instances.length === 0) {
        throw new InputError(
          `Instance ${args.instance} is not configured.`,
          `Use one of: ${deps.config.instances.map((i) => i.idInstance).join(', ')}.`,
        );
      }
      // Loaded on first use: serving the archive never needs the sync engine and its HTTP client.
      const { SyncEngine } = await import('../sync/engine.js');
      const runs: SyncSummary[] = [];
      for (const [index, instance] of instances.entries()) {
        const client = await deps.greenApi(instance);
        try {
          const engine = new SyncEngine({
            store: deps.store,
            client,
            logger: deps.logger,
            now: deps.now,
            instanceName: instance.name,
          });
          runs.push(
            await engine.run({
              mode: args.mode,
              chats: args.chats,
              signal: ctx.signal,
              onProgress: (done, total, message) =>
                ctx.progress(
                  done,
                  total,
                  `${instances.length > 1 ? `[${index + 1}/${instances.length}] ` : ''}${message}`,
                ),
            }),
          );
        } finally {
          await client.close();
        }
      }
      return { runs };
    },
    render(r) {
      return r.runs
        .map(
          (s) =>
            `Instance ${s.instance} (${s.mode}): ${s.status}${s.error ? ` — ${s.error}` : ''}. ${s.inserted} new, ${s.updated} updated, ${s.duplicates} already held, ` +
            `${s.chats_synced} chats, ${s.requests} requests in ${(s.elapsed_ms / 1000).toFixed(1)} s${s.gaps_detected ? `, ${s.gaps_detected} gaps detected (see get_sync_status)` : ''}.`,
        )
        .join('\n');
    },
  });
}
