/** The real MCP server in-process, driven by the SDK's Client over a linked in-memory transport. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createServer } from '../../src/server.js';
import type { Deps } from '../../src/tools/deps.js';

export interface McpSession {
  tools: string[];
  /** Calls a tool and returns its structured result; a tool error throws with its message. */
  call<T = Record<string, unknown>>(name: string, args: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function connectInProcess(deps: Deps): Promise<McpSession> {
  const { server, close } = createServer(deps);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'wa-archive-bench', version: '0.0.0' });
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  // Like a real client: list the tools first (the client then validates structured output).
  const { tools } = await client.listTools();
  return {
    tools: tools.map((t) => t.name),
    async call<T>(name: string, args: Record<string, unknown>): Promise<T> {
      const result = await client.callTool({ name, arguments: args });
      if (result.isError) {
        const text = (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join(' ');
        throw new Error(`${name} failed: ${text}`);
      }
      return result.structuredContent as T;
    },
    async close() {
      await client.close();
      await close();
    },
  };
}
