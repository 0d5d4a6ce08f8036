import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server.js';
import { Store } from '../../src/store/index.js';
import { serveHttp } from '../../src/transports/http.js';
import { silentLogger } from '../../src/logger.js';
import { testDeps } from '../helpers/client.js';
import { seedCorpus } from '../helpers/corpus.js';
import { tempDir } from '../helpers/tmp.js';

describe('Streamable HTTP transport', () => {
  const tmp = tempDir();
  let store: Store;
  let http: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    store = Store.open(tmp.path('a.db'));
    seedCorpus(store);
    const deps = testDeps(store, tmp.path('a.db'));
    http = await serveHttp(() => createServer(deps).server, {
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger(),
    });
  });
  afterAll(async () => {
    await http.close();
    store.close();
    tmp.cleanup();
  });

  it('serves the tools to two independent sessions on /mcp', async () => {
    const clients = await Promise.all(
      [1, 2].map(async () => {
        const client = new Client({ name: 'http-test', version: '0.0.0' });
        await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
        return client;
      }),
    );
    for (const client of clients) {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('search_messages');
      const result = await client.callTool({ name: 'search_messages', arguments: { query: 'orcamento' } });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { total: number }).total).toBeGreaterThan(0);
    }
    await Promise.all(clients.map((c) => c.close()));
  });

  it('answers 404 with a hint outside /mcp', async () => {
    const response = await fetch(http.url.replace('/mcp', '/other'));
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('/mcp');
  });
});
