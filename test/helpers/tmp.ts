import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory; call `cleanup` in afterAll/afterEach. */
export function tempDir(prefix = 'wa-archive-test-'): {
  dir: string;
  path: (name: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    path: (name) => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** UTC seconds of an ISO 8601 date-time with offset. */
export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test time ${iso}`);
  return ms / 1000;
}

/** Folds case and accents like the `unicode61 remove_diacritics 2` tokenizer (a test oracle). */
export function foldedTokens(text: string | null): string[] {
  if (text === null) return [];
  return (text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? []) as string[];
}

/** Invisible and bidirectional control characters that must never reach a reader. */
export const INVISIBLE_CONTROLS = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

/** The error `work` throws (the test fails when it throws nothing). */
export function thrown(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
