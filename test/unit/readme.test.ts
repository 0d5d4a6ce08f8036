import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReadme } from '../../scripts/readme.js';

describe('README', () => {
  it('has tool and configuration tables that match the code (run `npm run readme` to refresh)', () => {
    const current = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(renderReadme(current)).toBe(current);
  });
});
