import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { loadConfig, type Config } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createServer } from '../../src/server.js';
import type { Store } from '../../src/store/index.js';
import type { Deps } from '../../src/tools/deps.js';
import { INSTANCES, NOW, TIME_ZONE } from './corpus.js';

/** Test configuration: São Paulo time, Brazil, the main instance configured. */
export function testConfig(dbPath: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    env: {
      WA_ARCHIVE_DB: dbPath,
      WA_ARCHIVE_TIMEZONE: TIME_ZONE,
      GREEN_API_ID_INSTANCE: INSTANCES.loja.externalId,
      GREEN_API_TOKEN_INSTANCE: 'test-token-0123456789',
      ...env,
    },
  });
}

export function testDeps(store: Store, dbPath: string, now: () => number = () => NOW): Deps {
  const deps = {
    store,
    config: testConfig(dbPath),
    logger: silentLogger(),
    now,
    /** The read tools never talk to the Green API; a call here is a bug. */
    greenApi: (): never => {
      throw new Error('the Green API is not available in these tests');
    },
  };
  return deps;
}

export interface Connected {
  client: Client;
  /** Calls a tool; the result as the client received it (output schema checked by the client). */
  call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;
  close: () => Promise<void>;
}

/** A real SDK Client connected to createServer(deps) over an in-memory transport pair. */
export async function connect(deps: Deps): Promise<Connected> {
  const { server, close } = createServer(deps);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'wa-archive-tests', version: '0.0.0' });
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      await close();
    },
  };
}

/** The text of a tool result (all text parts joined). */
export function textOf(result: CallToolResult): string {
  return result.content
    .filter((c): c is { type: 'text'; text: string } => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
}

/** The structured content of a successful result; fails loudly on an error result. */
export function ok<T = Record<string, unknown>>(result: CallToolResult): T {
  if (result.isError) throw new Error(`tool failed: ${textOf(result)}`);
  if (!result.structuredContent) throw new Error('tool returned no structuredContent');
  return result.structuredContent as T;
}

/** The message of an error result; fails loudly when the call succeeded. */
export function failure(result: CallToolResult): string {
  if (!result.isError) throw new Error(`expected an error result, got: ${textOf(result).slice(0, 300)}`);
  return textOf(result);
}
