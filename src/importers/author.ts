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

  /** Records the author/body part of a header line, which starts at start (first pass). */
  add(line: string, start: number): void {
    const colon = line.indexOf(': ', start);
    if (colon <= start) return;
    const prefix = line.slice(start, colon);
    const stats = this.prefixes.get(prefix);
    if (stats === undefined) {
      if (this.prefixes.size < MAX_TRACKED)
        this.prefixes.set(prefix, { count: 1, second: secondSegment(line, colon) });
      return;
    }
    stats.count++;
    const second = stats.second;
    if (
      second !== null &&
      !(line.startsWith(second, colon + 2) && line.startsWith(': ', colon + 2 + second.length))
    ) {
      stats.second = null;
    }
  }

  /** Freezes the evidence into the splitter used by the second pass. */
  toSplitter(): AuthorSplitter {
    const known = new Map<string, KnownPrefix>();
    for (const [prefix, stats] of this.prefixes) {
      const long = stats.count >= 2 && stats.second !== null && !stats.second.includes('://');
      known.set(prefix, { count: stats.count, longName: long ? `${prefix}: ${stats.second}` : null });
    }
    return new AuthorSplitter(known);
  }
}

function secondSegment(line: string, colon: number): string | null {
  const next = line.indexOf(': ', colon + 2);
  return next > colon + 2 && next - colon - 2 <= MAX_NAME_SEGMENT ? line.slice(colon + 2, next) : null;
}

interface KnownPrefix {
  count: number;
  /** `Dra. Ana: Pediatra` when the prefix `Dra. Ana` was always followed by `Pediatra: `. */
  longName: string | null;
  identity?: AuthorIdentity;
  longIdentity?: AuthorIdentity;
}

/** Result of splitting a header's author/body part; filled in place. */
export interface AuthorSplit {
  /** null: no author (a notice). */
  author: AuthorIdentity | null;
  /** Index in the line where the body starts. */
  bodyStart: number;
}

export class AuthorSplitter {
  constructor(private readonly known: ReadonlyMap<string, KnownPrefix>) {}

  /** Splits the part of line from start; androidLike: notices there have no author at all. */
  split(line: string, start: number, androidLike: boolean, out: AuthorSplit): void {
    const colon = line.indexOf(': ', start);
    if (colon <= start) {
      this.splitWithoutSpace(line, start, out);
      return;
    }
    const prefix = line.slice(start, colon);
    const known = this.known.get(prefix);
    const long = known?.longName;
    if (
      known !== undefined &&
      long != null &&
      line.startsWith(long, start) &&
      line.startsWith(': ', start + long.length)
    ) {
      out.author = known.longIdentity ??= authorIdentity(long);
      out.bodyStart = start + long.length + 2;
      return;
    }
    // `+55 31 98877-1122 added you to a group in the community: Bairro` is a notice, not an author.
    if (androidLike && (known?.count ?? 0) <= 1 && looksLikeNoticeAuthor(prefix, line.slice(start))) {
      out.author = null;
      out.bodyStart = start;
      return;
    }
    out.author = known === undefined ? authorIdentity(prefix) : (known.identity ??= authorIdentity(prefix));
    out.bodyStart = colon + 2;
  }

  /** `Carla:` or `Carla:.` (empty body with its space trimmed) when Carla is a known author. */
  private splitWithoutSpace(line: string, start: number, out: AuthorSplit): void {
    out.author = null;
    out.bodyStart = start;
    const end = line.endsWith(':') ? line.length - 1 : line.endsWith(':.') ? line.length - 2 : -1;
    if (end <= start) return;
    const known = this.known.get(line.slice(start, end));
    if (known !== undefined) {
      out.author = known.identity ??= authorIdentity(line.slice(start, end));
      out.bodyStart = line.length;
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
