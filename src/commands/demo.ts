import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../store/index.js';
import { greenApiClients } from '../sync/clients.js';
import { callTool } from '../tools/define.js';
import type { Deps } from '../tools/deps.js';
import { listChatsTool } from '../tools/list-chats.js';
import { searchMessagesTool } from '../tools/search-messages.js';
import { syncChatsTool } from '../tools/sync-chats.js';
import { formatCount } from '../text.js';
import type { Command } from './command.js';
import { countColumn, progressBar, table, write } from './output.js';
import { SIMULATOR_INSTANCE, SIMULATOR_TOKEN } from './simulator.js';

export const demoCommand: Command = {
  name: 'demo',
  summary:
    'See the whole product without an account: simulate WhatsApp, sync into a temporary archive, search',
  usage: 'wa-archive demo',
  options: {},
  async run(ctx) {
    // Loaded here: the simulator is only needed by this command.
    const { createSimulator } = await import('../simulator/index.js');
    const sim = await createSimulator({
      host: '127.0.0.1',
      seed: 42,
      limits: 'off',
      instances: [{ idInstance: SIMULATOR_INSTANCE, token: SIMULATOR_TOKEN, chats: 30, messagesPerChat: 80 }],
    });
    const dir = mkdtempSync(join(tmpdir(), 'wa-archive-demo-'));
    const store = Store.open(join(dir, 'demo.db'));
    try {
      const config = {
        ...ctx.config,
        dbPath: join(dir, 'demo.db'),
        readOnly: false,
        instances: [
          { idInstance: String(SIMULATOR_INSTANCE), token: SIMULATOR_TOKEN, apiUrl: sim.url, name: 'demo' },
        ],
      };
      const deps: Deps = {
        store,
        config,
        logger: ctx.logger,
        now: () => Math.floor(sim.clock.now() / 1000),
        greenApi: greenApiClients(ctx.logger, { unlimited: true }),
      };
      write(`A simulated WhatsApp number with 30 customer chats runs on ${sim.url}.\n`);
      const bar = progressBar('1. full sync');
      const synced = await callTool(
        syncChatsTool(deps),
        { mode: 'full' },
        { signal: new AbortController().signal, progress: (d, t, m) => bar.update(d, t, m) },
      );
      bar.done();
      const run = synced.runs[0]!;
      write(
        `1. Synced ${formatCount(run.inserted)} messages from ${formatCount(run.chats_synced)} chats in ${(run.elapsed_ms / 1000).toFixed(1)} s (${run.requests} requests).\n`,
      );
      const chats = await callTool(listChatsTool(deps), { limit: 5 });
      write(
        `2. Most recent chats (list_chats):\n${table(chats.chats, [
          { header: 'ID', value: (c) => c.chat_id, align: 'right' },
          { header: 'NAME', value: (c) => c.name ?? c.wa_id, max: 30 },
          { header: 'TYPE', value: (c) => c.type },
          countColumn('MESSAGES', (c) => c.message_count),
          { header: 'LAST', value: (c) => c.last_message_time ?? '' },
        ])}\n`,
      );
      for (const query of ['orcamento', '"mão de obra"', 'boleto -pago']) {
        const found = await callTool(searchMessagesTool(deps), { query, limit: 3, sort: 'newest' });
        write(`3. search_messages ${query} → ${formatCount(found.total)} matches:`);
        for (const h of found.hits) write(`   ${h.time}  ${h.chat_name ?? h.chat_wa_id}: ${h.snippet}`);
        write('');
      }
      write(
        'Next: point an MCP client at `wa-archive serve`, or run `wa-archive simulator` and sync from it.',
      );
    } finally {
      store.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
