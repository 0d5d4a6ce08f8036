import { afterEach, describe, expect, it, vi } from 'vitest';
import { countColumn, suggestCompact, table } from '../../src/commands/output.js';
import { formatCount } from '../../src/text.js';

afterEach(() => vi.restoreAllMocks());

function printed(work: () => void): string {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  work();
  vi.restoreAllMocks();
  return out;
}

describe('CLI output', () => {
  it('suggests compacting from 50,000 new messages on', () => {
    expect(printed(() => suggestCompact(49_999, 'an import'))).toBe('');
    expect(printed(() => suggestCompact(50_000, 'a sync'))).toBe(
      'Tip: `wa-archive compact` makes the archive smaller and its searches faster after a sync this big.\n',
    );
  });

  it('aligns table columns and cuts long values with an ellipsis', () => {
    const rows = [
      { name: 'Carla Mendes', n: 5 },
      { name: 'Boi Gaucho X BMA e mais um nome longo', n: 12_345 },
    ];
    expect(
      table(rows, [
        { header: 'NAME', value: (r) => r.name, max: 20 },
        { header: 'MESSAGES', value: (r) => r.n, align: 'right' },
      ]),
    ).toBe(
      [
        'NAME                  MESSAGES',
        '--------------------  --------',
        'Carla Mendes                 5',
        'Boi Gaucho X BMA e …     12345',
      ].join('\n'),
    );
  });

  it('groups the digits of counts and aligns them right', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1_000_000)).toBe('1,000,000');
    const rows = [{ n: 7 }, { n: 292_286 }];
    expect(table(rows, [countColumn('NEW', (r) => r.n)])).toBe(
      ['    NEW', '-------', '      7', '292,286'].join('\n'),
    );
  });
});
