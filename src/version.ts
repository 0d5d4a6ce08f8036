/** The program's name and version, as the MCP server and `wa-archive --version` report them. */
export const SERVER_NAME = 'wa-archive';
export const SERVER_VERSION = '0.1.0';
