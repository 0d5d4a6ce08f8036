import { createServer } from '../server.js';
import { serveStdio } from '../transports/stdio.js';
import { int, str, type Command } from './command.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the MCP server on stdio (default), or on Streamable HTTP with --http',
  usage: 'wa-archive serve [--http] [--host 127.0.0.1] [--port 3917]',
  options: { http: { type: 'boolean' }, host: { type: 'string' }, port: { type: 'string' } },
  async run(ctx) {
    const deps = ctx.deps();
    if (!ctx.values.http) {
      const { server } = createServer(deps);
      // Open the archive now, but after the first reply: a path or schema problem still stops the
      // server at start, with the same message.
      await serveStdio(server, () => void deps.store);
      return;
    }
    void deps.store; // opened before listening, as problems with the archive stop the server
    const { serveHttp } = await import('../transports/http.js');
    const { url, close } = await serveHttp(() => createServer(deps).server, {
      host: str(ctx, 'host') ?? '127.0.0.1',
      port: int(ctx, 'port', 3917),
      logger: ctx.logger,
    });
    ctx.logger.info(`MCP server listening on ${url}`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await close();
  },
};
