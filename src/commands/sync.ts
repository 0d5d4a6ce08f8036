import { ConfigError, InputError } from '../errors.js';
import type { SyncSummary } from '../sync/engine.js';
import { callTool, localContext } from '../tools/define.js';
import { syncChatsTool } from '../tools/sync-chats.js';
import { str, type Command, type CommandContext } from './command.js';
import { countColumn, progressBar, suggestCompact, table, write, writeJson } from './output.js';

export const syncCommand: Command = {
  name: 'sync',
  summary: 'Bring new messages from the Green API into the archive',
  usage: 'wa-archive sync [--full] [--follow] [--chat CHAT_ID]... [--instance ID]',
  options: {
    full: { type: 'boolean' },
    follow: { type: 'boolean' },
    chat: { type: 'string', multiple: true },
    instance: { type: 'string' },
  },
  async run(ctx) {
    if (ctx.values.follow) return follow(ctx);
    const bar = progressBar('sync');
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    try {
      const result = await callTool(
        syncChatsTool(ctx.deps()),
        {
          mode: ctx.values.full ? 'full' : 'incremental',
          chats: ctx.values.chat,
          instance: str(ctx, 'instance'),
        },
        localContext((done, total, message) => bar.update(done, total, message), controller.signal),
      );
      bar.done();
      if (ctx.json) return writeJson(result);
      write(summaryTable(result.runs));
      suggestCompact(
        result.runs.reduce((sum, r) => sum + r.inserted, 0),
        'a sync',
      );
      return result.runs.some((r) => r.status !== 'ok') ? 1 : 0;
    } finally {
      process.off('SIGINT', stop);
    }
  },
};

function summaryTable(runs: readonly SyncSummary[]): string {
  return table(runs, [
    { header: 'INSTANCE', value: (r) => r.instance },
    { header: 'MODE', value: (r) => r.mode },
    { header: 'STATUS', value: (r) => r.status },
    countColumn('NEW', (r) => r.inserted),
    countColumn('UPDATED', (r) => r.updated),
    countColumn('HELD', (r) => r.duplicates),
    countColumn('CHATS', (r) => r.chats_synced),
    countColumn('REQUESTS', (r) => r.requests),
    countColumn('429s', (r) => r.rate_limited),
    countColumn('GAPS', (r) => r.gaps_detected),
    { header: 'SECONDS', value: (r) => (r.elapsed_ms / 1000).toFixed(1), align: 'right' },
    { header: 'ERROR', value: (r) => r.error ?? '', max: 60 },
  ]);
}

/** Follows the notification queue of one instance until Ctrl-C. */
async function follow(ctx: CommandContext): Promise<number> {
  const deps = ctx.deps();
  const instance = deps.config.instances.find(
    (i) => !str(ctx, 'instance') || i.idInstance === str(ctx, 'instance'),
  );
  if (deps.config.instances.length === 0)
    throw new ConfigError(
      'No Green API instance is configured.',
      'Set GREEN_API_ID_INSTANCE and GREEN_API_TOKEN_INSTANCE.',
    );
  if (!instance)
    throw new InputError(
      `Instance ${str(ctx, 'instance')} is not configured.`,
      'Pass one of the configured idInstance values.',
    );
  const client = await deps.greenApi(instance);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let events = 0;
  try {
    process.stderr.write(`Following instance ${instance.idInstance}; Ctrl-C to stop.\n`);
    const { SyncEngine } = await import('../sync/engine.js');
    const summary = await new SyncEngine({
      store: deps.store,
      client,
      logger: deps.logger,
      now: deps.now,
      instanceName: instance.name,
    }).follow({
      signal: controller.signal,
      onEvent: (kind, chat) => {
        events++;
        if (!ctx.json)
          process.stderr.write(
            `\r${events} notifications (last: ${kind}${chat ? ` in ${chat}` : ''})`.padEnd(80),
          );
      },
    });
    process.stderr.write('\n');
    if (ctx.json) writeJson(summary);
    else write(summaryTable([summary]));
    return summary.status === 'failed' ? 1 : 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await client.close();
  }
}
