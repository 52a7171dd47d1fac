import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { IterationRecord } from '../core/store/historySchema';
import { archiveFiles } from '../core/store/paths';
import type { IterationView } from '../../webview/protocol';
import { HISTORY_SCHEME, type ReadonlyDocuments } from './readonlyDocuments';

/** Opens what the sidebar offers for a past iteration: its code, its diff, its fixes, its log. */
export async function openIterationView(
  workspace: string,
  records: IterationRecord[],
  iteration: number,
  view: IterationView,
  documents: ReadonlyDocuments,
): Promise<void> {
  const record = records.find((r) => r.iteration === iteration);
  if (!record) {
    void vscode.window.showWarningMessage(`ADSA: iteration ${iteration} is not in the history.`);
    return;
  }
  // A direction's iteration follows from the one before it in the same direction, not from a parallel one.
  const lineage = records.filter((r) => r.direction === record.direction);
  const previous = lineage[lineage.indexOf(record) - 1];
  const dir = join(workspace, record.archiveDir);
  switch (view) {
    case 'code':
      return openFile(finalCode(dir, record), `The code of iteration ${iteration} is not in ${record.archiveDir}.`);
    case 'log':
      return openFile(join(dir, archiveFiles.log), `The log of iteration ${iteration} is not in ${record.archiveDir}.`);
    case 'diff': {
      const current = finalCode(dir, record);
      if (!previous) {
        const first = record.direction === undefined ? 'the first' : `the first of direction ${record.direction}`;
        void vscode.window.showInformationMessage(`ADSA: iteration ${iteration} is ${first}; showing its code.`);
        return openFile(current, `The code of iteration ${iteration} is not in ${record.archiveDir}.`);
      }
      const before = finalCode(join(workspace, previous.archiveDir), previous);
      const missing = [before, current].find((path) => !existsSync(path));
      if (missing) {
        void vscode.window.showWarningMessage(`ADSA: ${missing} is missing, so there is no diff to show.`);
        return;
      }
      await vscode.commands.executeCommand(
        'vscode.diff',
        vscode.Uri.file(before),
        vscode.Uri.file(current),
        `ADSA · iteration ${previous.iteration} ↔ iteration ${iteration}`,
        { preview: true },
      );
      return;
    }
    case 'fixes': {
      const text = await fixesDocument(dir, record);
      if (text === null) {
        void vscode.window.showInformationMessage(`ADSA: iteration ${iteration} needed no fixes.`);
        return;
      }
      const uri = vscode.Uri.from({ scheme: HISTORY_SCHEME, path: `/iteration-${iteration}/fixes.md` });
      documents.set(uri, text);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: true });
      return;
    }
  }
}

/** The iteration's final solution.py, else the code of its last attempt (a crash before the copy). */
function finalCode(dir: string, record: IterationRecord): string {
  const final = join(dir, archiveFiles.finalCode);
  if (existsSync(final)) return final;
  const last = record.attempts.at(-1)?.attempt ?? 1;
  return join(dir, archiveFiles.attemptCode(last));
}

async function openFile(path: string, missingMessage: string): Promise<void> {
  if (!existsSync(path)) {
    void vscode.window.showWarningMessage(`ADSA: ${missingMessage}`);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(path), { preview: true });
}

/** Every fix of the iteration: why the attempt before failed, the fixer's reply, the applied diff. */
async function fixesDocument(dir: string, record: IterationRecord): Promise<string | null> {
  const fixes = record.attempts.filter((a) => a.kind !== 'generated');
  if (fixes.length === 0) return null;
  const sections = [`# Iteration ${record.iteration}: fixes\n`];
  for (const attempt of fixes) {
    const previous = record.attempts.find((a) => a.attempt === attempt.attempt - 1);
    sections.push(`## Attempt ${attempt.attempt} (${attempt.kind === 'speedup' ? 'speed-up' : 'fix'})\n`);
    if (previous?.problem) sections.push(`Attempt ${previous.attempt} did not count: ${previous.problem}\n`);
    if (attempt.problem) sections.push(`This attempt did not count: ${attempt.problem}\n`);
    const diff =
      (await readOptional(join(dir, archiveFiles.fixDiff(attempt.attempt)))) ??
      (await readOptional(join(dir, `${archiveFiles.fixDiff(attempt.attempt)}.rejected`)));
    if (diff !== null) sections.push('```diff\n' + diff.trimEnd() + '\n```\n');
    const reply = await readOptional(join(dir, archiveFiles.fixReply(attempt.attempt)));
    if (reply !== null) sections.push(`### The fixer's reply\n\n${reply.trim()}\n`);
  }
  return sections.join('\n');
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}
