import type { FixEdit } from './parseFixReply';
import { applySearchReplace } from './searchReplace';
import { applyUnifiedDiff } from './applyUnifiedDiff';

/** The code after the fixer's edit; keeps the original's line endings (CRLF or LF). */
export function applyFix(original: string, edit: FixEdit, fileName = 'solution.py'): string {
  const crlf = original.includes('\r\n');
  const source = crlf ? original.replace(/\r\n/g, '\n') : original;
  const result =
    edit.kind === 'search-replace'
      ? applySearchReplace(source, edit.blocks, fileName)
      : edit.kind === 'unified-diff'
        ? applyUnifiedDiff(source, edit.patch, fileName)
        : edit.code.replace(/\r\n?/g, '\n');
  return crlf ? result.replace(/\n/g, '\r\n') : result;
}
