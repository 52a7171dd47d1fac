import { applyPatch, parsePatch, type StructuredPatch } from 'diff';
import { EditError } from '../errors';

/** Mismatched context lines a hunk may have and still apply. */
const FUZZ = 2;

/** Applies a model-written unified diff to LF text, tolerating wrong hunk counts and trailing whitespace. */
export function applyUnifiedDiff(original: string, patch: string, fileName: string): string {
  let parsed: StructuredPatch[];
  try {
    parsed = parsePatch(normalizeHunks(patch));
  } catch (error) {
    throw new EditError(`The fixer's diff could not be read: ${(error as Error).message}.`, { cause: error });
  }
  const files = parsed.filter((p) => p.hunks.length > 0);
  if (files.length === 0) throw new EditError("The fixer's diff has no hunks.");
  if (files.length > 1) throw new EditError(`The fixer's diff changes ${files.length} files; it may change only ${fileName}.`);
  const file = files[0] as StructuredPatch;

  const options = { fuzzFactor: FUZZ, compareLine: (_n: number, line: string | undefined, _op: string, patchLine: string) => line?.trimEnd() === patchLine.trimEnd() };
  const result = applyPatch(original, file, options);
  if (result !== false) return result;
  // Name the first hunk that fails, so the fixer knows which part to redo.
  for (let k = 1; k <= file.hunks.length; k++) {
    if (applyPatch(original, { ...file, hunks: file.hunks.slice(0, k) }, options) === false) {
      const hunk = file.hunks[k - 1];
      const first = hunk?.lines.find((l) => l.startsWith('-') || l.startsWith(' ')) ?? hunk?.lines[0] ?? '';
      throw new EditError(`Hunk ${k} of ${file.hunks.length} of the fixer's diff does not apply to ${fileName}: \`${first.slice(1).trimEnd()}\``);
    }
  }
  throw new EditError(`The fixer's diff does not apply to ${fileName}.`);
}

const HUNK_HEADER = /^@@\s*(?:-(\d+)(?:,\d+)?\s+\+(\d+)(?:,\d+)?)?\s*@@.*$/;

/**
 * Models miscount hunk lengths, write `@@ @@` without numbers and drop the leading space of blank
 * context lines; the `diff` parser rejects all three. Recount each hunk from its body instead.
 */
function normalizeHunks(patch: string): string {
  const lines = patch.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const header = HUNK_HEADER.exec(lines[i] ?? '');
    if (!header) {
      out.push(lines[i] ?? '');
      i++;
      continue;
    }
    const body: string[] = [];
    i++;
    while (i < lines.length && !startsNextSection(lines, i)) {
      const line = lines[i] ?? '';
      body.push(/^[ +\-\\]/.test(line) ? line : ' ' + line);
      i++;
    }
    while (body.length > 0 && body[body.length - 1]?.trim() === '') body.pop();
    const oldCount = body.filter((l) => l[0] === ' ' || l[0] === '-').length;
    const newCount = body.filter((l) => l[0] === ' ' || l[0] === '+').length;
    out.push(`@@ -${header[1] ?? 1},${oldCount} +${header[2] ?? 1},${newCount} @@`, ...body);
  }
  return out.join('\n');
}

function startsNextSection(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? '';
  return (
    line.startsWith('@@') ||
    line.startsWith('diff ') ||
    line.startsWith('Index: ') ||
    (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ '))
  );
}
