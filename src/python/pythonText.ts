/**
 * Reading Python source as text, for the editor's completion, the stub index and the exporter: brackets and
 * commas that count are those outside string literals and comments.
 */

/**
 * Walks `text` from `start`, skipping string literals and comments, and calls `visit` with each other
 * character, its offset and the bracket depth before it; `visit` returns true to stop there. Returns where it
 * stopped, or -1 at the end (`depth` then holds the final depth).
 */
export function scan(
  text: string,
  start: number,
  visit: (ch: string, at: number, depth: number) => boolean | undefined,
): { stop: number; depth: number } {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      let end = i + quote.length;
      while (end < text.length && !text.startsWith(quote, end)) end += text[end] === "\\" ? 2 : 1;
      i = end + quote.length - 1;
      continue;
    }
    if (ch === "#") {
      const eol = text.indexOf("\n", i);
      if (eol < 0) break;
      i = eol - 1;
      continue;
    }
    if (visit(ch, i, depth)) return { stop: i, depth };
    if ("([{".includes(ch)) depth += 1;
    else if (")]}".includes(ch)) depth -= 1;
  }
  return { stop: -1, depth };
}

/** The offset of the bracket closing the one at `open`, or -1. */
export function matchingClose(text: string, open: number): number {
  return scan(text, open, (ch, _at, depth) => ")]}".includes(ch) && depth === 1).stop;
}

/** The bracket depth at the end of `text` (> 0 where brackets are still open). */
export function bracketDepth(text: string): number {
  return scan(text, 0, () => false).depth;
}

/** `text` split at the separators outside brackets and strings (a call's arguments, a list's items). */
export function splitTopLevel(text: string, separator = ","): string[] {
  const out: string[] = [];
  let from = 0;
  scan(text, 0, (ch, at, depth) => {
    if (ch === separator && depth === 0) {
      out.push(text.slice(from, at));
      from = at + 1;
    }
    return false;
  });
  out.push(text.slice(from));
  return out;
}

/** An expression without the parentheses around all of it (a call's argument, an if's condition). */
export function bare(code: string): string {
  return code.startsWith("(") && matchingClose(code, 0) === code.length - 1 ? code.slice(1, -1) : code;
}
