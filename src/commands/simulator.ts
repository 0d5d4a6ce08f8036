import { int, str, type Command } from './command.js';
import { write, writeJson } from './output.js';

export const SIMULATOR_INSTANCE = 1101000001;
export const SIMULATOR_TOKEN = 'simulator0token0000000000000000000000000000000000';

export const simulatorCommand: Command = {
  name: 'simulator',
  summary: 'Run a local Green API simulator with generated pt-BR conversations (for trying things out)',
  usage:
    'wa-archive simulator [--port 7700] [--seed 1] [--chats 40] [--messages 120] [--limits real|off|FACTOR]',
  options: {
    port: { type: 'string' },
    seed: { type: 'string' },
    chats: { type: 'string' },
    messages: { type: 'string' },
    limits: { type: 'string' },
  },
  async run(ctx) {
    const limits = str(ctx, 'limits') ?? 'real';
    // Loaded here: the simulator is only needed by this command.
    const { createSimulator } = await import('../simulator/index.js');
    const sim = await createSimulator({
      host: '127.0.0.1',
      port: int(ctx, 'port', 7700),
      seed: int(ctx, 'seed', 1),
      limits: limits === 'off' ? 'off' : { speedFactor: limits === 'real' ? 1 : Number(limits) },
      instances: [
        {
          idInstance: SIMULATOR_INSTANCE,
          token: SIMULATOR_TOKEN,
          chats: int(ctx, 'chats', 40),
          messagesPerChat: int(ctx, 'messages', 120),
        },
      ],
    });
    const info = { url: sim.url, idInstance: String(SIMULATOR_INSTANCE), apiTokenInstance: SIMULATOR_TOKEN };
    if (ctx.json) writeJson(info);
    else {
      write(`Green API simulator on ${sim.url} (Ctrl-C to stop). Sync from it with:\n`);
      write(
        `  GREEN_API_URL=${sim.url} GREEN_API_ID_INSTANCE=${info.idInstance} GREEN_API_TOKEN_INSTANCE=${info.apiTokenInstance} wa-archive sync --full`,
      );
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await sim.close();
  },
};
