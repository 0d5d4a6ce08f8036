import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { connect, testConfig, testDeps, type Connected } from '../helpers/client.js';
import { seedCorpus } from '../helpers/corpus.js';
import { tempDir } from '../helpers/tmp.js';

describe('read-only archive (WA_ARCHIVE_READ_ONLY)', () => {
  const tmp = tempDir();
  let writable: Store;
  let store: Store;
  let mcp: Connected;

  beforeAll(async () => {
    writable = Store.open(tmp.path('a.db'));
    seedCorpus(writable);
    writable.close();
    store = Store.open(tmp.path('a.db'), { readOnly: true });
    const deps = {
      ...testDeps(store, tmp.path('a.db')),
      config: testConfig(tmp.path('a.db'), { WA_ARCHIVE_READ_ONLY: 'yes' }),
    };
    mcp = await connect(deps);
    await mcp.client.listTools();
  });
  afterAll(async () => {
    await mcp.close();
    store.close();
    tmp.cleanup();
  });

  it('still answers reading tools', async () => {
    const result = await mcp.call('search_messages', { query: 'orcamento' });
    expect(result.isError).toBeFalsy();
  });

  it.each([
    ['sync_chats', {}],
    ['import_chat_export', { paths: ['.'] }],
  ])('refuses %s with a next step', async (name, args) => {
    const result = await mcp.call(name, args);
    expect(result.isError).toBe(true);
    const text = (result.content[0] as { text: string }).text;
    expect(text).toMatch(/read-only/);
    expect(text).toMatch(/WA_ARCHIVE_READ_ONLY/);
  });

  it('refuses to create an archive that does not exist', () => {
    expect(() => Store.open(tmp.path('missing.db'), { readOnly: true })).toThrow(/read-only|Cannot open/);
  });
});
