import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/**
 * Serves MCP on stdin/stdout until the client disconnects. `afterConnect` runs once the server
 * listens, after the requests already waiting on stdin (the client's initialize) are handled; if it
 * throws, the server closes and the error is thrown from here.
 */
export async function serveStdio(server: McpServer, afterConnect?: () => void): Promise<void> {
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  if (afterConnect) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      afterConnect();
    } catch (error) {
      await server.close();
      throw error;
    }
  }
  await closed;
}
