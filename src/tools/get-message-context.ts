import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { cleanOrNull } from '../text.js';
import { defineTool } from './define.js';
import type { Deps } from './deps.js';
import { messageOut, messageView, renderMessageLine } from './views.js';

export function getMessageContextTool(deps: Deps) {
  return defineTool({
    name: 'get_message_context',
    title: 'Get message context',
    description:
      'Shows the messages just before and after one message in its chat. Use it after search_messages to read a hit in its conversation.',
    input: {
      message_id: z
        .number()
        .int()
        .positive()
        .describe('message_id from search_messages or get_contact_history.'),
      before: z
        .number()
        .int()
        .min(0)
        .max(100)
        .default(10)
        .describe('How many earlier messages (default 10).'),
      after: z.number().int().min(0).max(100).default(10).describe('How many later messages (default 10).'),
    },
    output: {
      chat: z.object({ chat_id: z.number().int(), wa_id: z.string(), name: z.string().nullable() }),
      message: messageOut,
      before: z.array(messageOut).describe('Earlier messages, oldest first.'),
      after: z.array(messageOut).describe('Later messages, oldest first.'),
    },
    readOnly: true,
    openWorld: false,
    idempotent: true,
    run(args) {
      const message = deps.store.history.get(args.message_id);
      if (!message)
        throw new NotFoundError(
          `No message has id ${args.message_id}.`,
          'Use a message_id returned by search_messages or get_contact_history.',
        );
      const tz = deps.config.timeZone;
      const before = deps.store.history.around(message.chat_id, message.id, 'before', args.before).reverse();
      const after = deps.store.history.around(message.chat_id, message.id, 'after', args.after);
      return {
        chat: { chat_id: message.chat_id, wa_id: message.chat_wa_id, name: cleanOrNull(message.chat_name) },
        message: messageView(message, tz),
        before: before.map((m) => messageView(m, tz)),
        after: after.map((m) => messageView(m, tz)),
      };
    },
    render(r) {
      const lines = [
        ...r.before.map(renderMessageLine),
        `${renderMessageLine(r.message)}   <== this message`,
        ...r.after.map(renderMessageLine),
      ];
      return `Chat ${r.chat.name ?? r.chat.wa_id} (#${r.chat.chat_id}):\n${lines.join('\n')}`;
    },
  });
}
