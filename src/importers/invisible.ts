/**
 * Invisible and bidirectional marks that WhatsApp sprinkles over exports (LRM before attachments and
 * names, FSI/PDI around mentions, LRE/PDF around phone numbers, stray BOMs). ZWJ/ZWNJ are kept: they
 * are part of emoji sequences and of some scripts.
 */
const INVISIBLE_TEST = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
const INVISIBLE_ALL = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Removes the invisible marks; returns the same string when there are none (the common case). */
export function stripInvisible(text: string): string {
  return INVISIBLE_TEST.test(text) ? text.replace(INVISIBLE_ALL, '') : text;
}

/** True for a code unit that may precede a header or a body marker without meaning anything. */
export function isInvisibleMark(code: number): boolean {
  return (
    code === 0x200e ||
    code === 0x200f ||
    code === 0xfeff ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

const SPACE_LIKE = /[\u00a0\u202f\u2007\u2009]/g;

/** Display form of a name: marks removed, no-break spaces and U+2011 hyphens made plain, trimmed. */
export function cleanName(name: string): string {
  let out = stripInvisible(name);
  if (out.indexOf('\u00a0') >= 0 || out.indexOf('\u202f') >= 0 || out.indexOf('\u2009') >= 0) {
    out = out.replace(SPACE_LIKE, ' ');
  }
  if (out.indexOf('\u2011') >= 0) out = out.replace(/\u2011/g, '-');
  return out.trim();
}
