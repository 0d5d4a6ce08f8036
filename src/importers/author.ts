/**
 * Authors: where the author ends (export-formats.md §6) and what identity it carries.
 * A name may itself contain `: ` (`Dra. Ana: Pediatra`); the first pass counts, for every prefix
 * before the first `: `, whether the following segment is always the same — if so that segment is
 * part of the name. Names with ` - ` need nothing: the header expression already stopped at the
 * first ` - ` after the time.
 */
import { cleanName } from './invisible.js';
import { looksLikeNoticeAuthor } from './system-messages.js';

/** Upper bound on distinct prefixes tracked, so garbage input cannot grow memory without limit. */
const MAX_TRACKED = 20_000;
const MAX_NAME_SEGMENT = 40;

interface PrefixStats {
  count: number;
  /** Segment between the first and second `: ` on every line so far; null once they differ. */
  second: string | null;
}

export class AuthorEvidence {
  private readonly prefixes = new Map<string, PrefixStats>();

  /** Records the part of a header after the date (first pass). */
  add(rest: string): void {
    const colon = rest.indexOf(': ');
    if (colon <= 0) return;
    const prefix = rest.slice(0, colon);
    const next = rest.indexOf(': ', colon + 2);
    const second =
      next > colon + 2 && next - colon - 2 <= MAX_NAME_SEGMENT ? rest.slice(colon + 2, next) : null;
    const stats = this.prefixes.get(prefix);
    if (stats === undefined) {
      if (this.prefixes.size < MAX_TRACKED) this.prefixes.set(prefix, { count: 1, second });
      return;
    }
    stats.count++;
    if (stats.second !== second) stats.second = null;
  }

  /** Freezes the evidence into the splitter used by the second pass. */
  toSplitter(): AuthorSplitter {
    const longNames = new Map<string, string>();
    const counts = new Map<string, number>();
    for (const [prefix, stats] of this.prefixes) {
      counts.set(prefix, stats.count);
      if (stats.count >= 2 && stats.second !== null && !stats.second.includes('://')) {
        longNames.set(prefix, `${prefix}: ${stats.second}`);
      }
    }
    return new AuthorSplitter(counts, longNames);
  }
}

/** Result of splitting a header's rest; filled in place. */
export interface AuthorSplit {
  /** Raw author text (null: no author, a notice). */
  author: string | null;
  bodyStart: number;
}

export class AuthorSplitter {
  constructor(
    private readonly counts: ReadonlyMap<string, number>,
    private readonly longNames: ReadonlyMap<string, string>,
  ) {}

  split(rest: string, androidLike: boolean, out: AuthorSplit): void {
    const colon = rest.indexOf(': ');
    if (colon <= 0) {
      this.splitWithoutSpace(rest, out);
      return;
    }
    const prefix = rest.slice(0, colon);
    const long = this.longNames.get(prefix);
    if (long !== undefined && rest.startsWith(long) && rest.startsWith(': ', long.length)) {
      out.author = long;
      out.bodyStart = long.length + 2;
      return;
    }
    // `+55 31 98877-1122 added you to a group in the community: Bairro` is a notice, not an author.
    if (androidLike && (this.counts.get(prefix) ?? 0) <= 1 && looksLikeNoticeAuthor(prefix, rest)) {
      out.author = null;
      out.bodyStart = 0;
      return;
    }
    out.author = prefix;
    out.bodyStart = colon + 2;
  }

  /** `Carla:` or `Carla:.` (empty body with its space trimmed) when Carla is a known author. */
  private splitWithoutSpace(rest: string, out: AuthorSplit): void {
    out.author = null;
    out.bodyStart = 0;
    const end = rest.endsWith(':') ? rest.length - 1 : rest.endsWith(':.') ? rest.length - 2 : -1;
    if (end <= 0) return;
    const prefix = rest.slice(0, end);
    if ((this.counts.get(prefix) ?? 0) > 0) {
      out.author = prefix;
      out.bodyStart = rest.length;
    }
  }
}

export interface AuthorIdentity {
  /** Display form: marks removed, `~` dropped, U+2011 and no-break spaces made plain. */
  name: string;
  isPushName: boolean;
  /** Digits, when the author is a formatted phone number. */
  phone?: string;
}

const PHONE_SHAPE = /^\+[\d ().-]+$/;

/** Identity of a raw author string (`~\u202fElisa`, `\u202a+55 31 3344-5566\u202c`). */
export function authorIdentity(raw: string): AuthorIdentity {
  let name = cleanName(raw);
  let isPushName = false;
  if (name.startsWith('~')) {
    isPushName = true;
    name = name.slice(1).trim();
  }
  if (PHONE_SHAPE.test(name)) {
    const digits = name.replace(/\D/g, '');
    if (digits.length >= 8 && digits.length <= 15) return { name, isPushName, phone: digits };
  }
  return { name, isPushName };
}

/** Memoises authorIdentity: a chat has few distinct authors, so each is cleaned once. */
export class AuthorIdentityCache {
  private readonly cache = new Map<string, AuthorIdentity>();

  get(raw: string): AuthorIdentity {
    let identity = this.cache.get(raw);
    if (identity === undefined) {
      identity = authorIdentity(raw);
      if (this.cache.size < MAX_TRACKED) this.cache.set(raw, identity);
    }
    return identity;
  }
}
