/** Rough token estimate (4 characters a token): enough to keep prompts within budget. */
export const approxTokens = (text: string): number => Math.ceil(text.length / 4);

/** The last `maxChars` of a text, marked when cut, starting at a line boundary. */
export function tailOf(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(text.length - maxChars);
  const newline = cut.indexOf('\n');
  const clean = newline >= 0 && newline < 200 ? cut.slice(newline + 1) : cut;
  return `[… ${text.length - clean.length} earlier characters cut …]\n${clean}`;
}

/** The last Python traceback in some output, or null. */
export function lastTraceback(output: string): string | null {
  const start = output.lastIndexOf('Traceback (most recent call last):');
  return start >= 0 ? output.slice(start).trimEnd() : null;
}

/** The exception line ("KeyError: 'x'") of the last Python traceback in some output, or null. */
export function lastException(output: string): string | null {
  const traceback = lastTraceback(output);
  if (!traceback) return null;
  // The frames are indented; the first line after them that is not names the exception.
  return traceback.split('\n').slice(1).find((line) => line.trim() !== '' && !/^\s/.test(line)) ?? null;
}
