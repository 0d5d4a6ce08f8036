import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { z } from 'zod';
import { describeError, InputError } from '../errors.js';
import type { Logger } from '../logger.js';

/** What a tool's work can use besides its arguments: progress reporting and cancellation. */
export interface ToolContext {
  signal: AbortSignal;
  progress: (done: number, total: number | undefined, message: string) => void;
}

export interface ToolDefinition<I extends z.ZodRawShape, O extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  /** Reads only (no writes to the archive, no calls that change anything elsewhere). */
  readOnly: boolean;
  /** Talks to something outside the local archive (the Green API, files on disk). */
  openWorld: boolean;
  /** Calling again with the same arguments has no further effect. */
  idempotent: boolean;
  run: (
    args: z.infer<z.ZodObject<I>>,
    ctx: ToolContext,
  ) => Promise<z.infer<z.ZodObject<O>>> | z.infer<z.ZodObject<O>>;
  /** Compact text rendering of the structured result. */
  render: (result: z.infer<z.ZodObject<O>>) => string;
}

/** Keeps tool definitions in a list typed loosely enough to hold tools with different shapes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDefinition<any, any>;

export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  tool: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return tool;
}

/** A context for calls made outside MCP (the CLI): no cancellation, optional progress. */
export function localContext(
  progress?: ToolContext['progress'],
  signal: AbortSignal = new AbortController().signal,
): ToolContext {
  return { signal, progress: progress ?? (() => undefined) };
}

/** Validates raw arguments against the tool's input schema (applying defaults) and runs it. */
export async function callTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  tool: ToolDefinition<I, O>,
  raw: Record<string, unknown>,
  ctx: ToolContext = localContext(),
): Promise<z.infer<z.ZodObject<O>>> {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const parsed = z.object(tool.input).safeParse(defined);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`);
    throw new InputError(
      `Invalid arguments for ${tool.name}: ${problems.join('; ')}.`,
      'Check the values against the help text.',
    );
  }
  return tool.run(parsed.data, ctx);
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Registers a tool: annotations derived from its nature, errors turned into isError results that say
 * what failed and what to do next (never a stack trace), progress sent as MCP notifications.
 */
export function registerTool(server: McpServer, tool: AnyTool, logger: Logger): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      outputSchema: tool.output,
      annotations: {
        title: tool.title,
        readOnlyHint: tool.readOnly,
        destructiveHint: false,
        idempotentHint: tool.idempotent,
        openWorldHint: tool.openWorld,
      },
    },
    async (args: Record<string, unknown>, extra: Extra): Promise<CallToolResult> => {
      const progressToken = extra._meta?.progressToken;
      const ctx: ToolContext = {
        signal: extra.signal,
        progress: (done, total, message) => {
          if (progressToken === undefined) return;
          void extra
            .sendNotification({
              method: 'notifications/progress',
              params: { progressToken, progress: done, ...(total !== undefined ? { total } : {}), message },
            })
            .catch(() => undefined);
        },
      };
      try {
        const result = await tool.run(args, ctx);
        return { content: [{ type: 'text', text: tool.render(result) }], structuredContent: result };
      } catch (error) {
        const { message, hint, code } = describeError(error);
        if (code === 'internal') logger.error({ err: error, tool: tool.name }, 'tool failed');
        else logger.debug({ tool: tool.name, code }, message);
        return { isError: true, content: [{ type: 'text', text: `${message}\nNext step: ${hint}` }] };
      }
    },
  );
}

/** Output fields of every paged list. */
export const pageFields = {
  has_more: z.boolean().describe('More results follow: call again with next_cursor.'),
  next_cursor: z.string().nullable().describe('Pass as cursor to get the next page; null on the last page.'),
};

export function pageOf(nextCursor: string | null): { has_more: boolean; next_cursor: string | null } {
  return { has_more: nextCursor !== null, next_cursor: nextCursor };
}

/** Shared parameter shapes. */
export const limitParam = (defaultValue: number, max: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(max)
    .default(defaultValue)
    .describe(`Page size, 1-${max} (default ${defaultValue}).`);
export const cursorParam = z
  .string()
  .max(2000)
  .optional()
  .describe(
    'next_cursor from the previous page; omit for the first page. Keep the other arguments unchanged.',
  );
export const sinceParam = z
  .string()
  .max(40)
  .optional()
  .describe(
    'Only messages at or after this time: ISO date (2025-03-01), date-time, or a span before now (24h, 7d, 3mo).',
  );
export const untilParam = z
  .string()
  .max(40)
  .optional()
  .describe('Only messages before this time (same forms as since).');
