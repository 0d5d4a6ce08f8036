import type { AnyTool } from './define.js';
import type { Deps } from './deps.js';
import { getContactHistoryTool } from './get-contact-history.js';
import { getMessageContextTool } from './get-message-context.js';
import { getSyncStatusTool } from './get-sync-status.js';
import { listChatsTool } from './list-chats.js';
import { importChatExportTool } from './import-chat-export.js';
import { searchMessagesTool } from './search-messages.js';
import { syncChatsTool } from './sync-chats.js';

/** Every tool of the server, in the order clients list them. */
export function allTools(deps: Deps): AnyTool[] {
  return [
    searchMessagesTool(deps),
    getContactHistoryTool(deps),
    listChatsTool(deps),
    getMessageContextTool(deps),
    getSyncStatusTool(deps),
    syncChatsTool(deps),
    importChatExportTool(deps),
  ];
}
