import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { FixProposal, FixReviewer, ReviewDecision } from '../core/review';
import { workspacePaths } from '../core/store/paths';
import { BEFORE_SCHEME, HISTORY_SCHEME, type ReadonlyDocuments } from './readonlyDocuments';
import { ReviewSession, type ReviewResult } from './reviewState';
import { reviewMessage, reviewTitle } from './reviewText';
import type { FixReviewMode } from './settingsFromConfig';

/** True while a fix waits for Accept / Reject: shows the editor-title buttons and enables the keybindings. */
export const REVIEW_PENDING_CONTEXT = 'adsa.reviewPending';

/**
 * Reviews each fix in a diff editor: the code before on the left (read-only), the real
 * solution.py holding the proposal on the right. Whatever solution.py holds on Accept runs.
 */
export class EditorFixReviewer implements FixReviewer {
  private current: ReviewSession | undefined;

  constructor(
    private readonly workspace: string,
    private readonly mode: FixReviewMode,
    private readonly documents: ReadonlyDocuments,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** For the Accept / Reject commands; false when no review is pending. */
  accept(): boolean {
    return this.current?.accept() ?? false;
  }

  reject(): boolean {
    return this.current?.reject() ?? false;
  }

  async review(proposal: FixProposal, signal: AbortSignal): Promise<ReviewDecision> {
    const solution = vscode.Uri.file(workspacePaths(this.workspace).solution);
    const before = vscode.Uri.from({
      scheme: BEFORE_SCHEME,
      path: `/iteration-${proposal.iteration}/attempt-${proposal.attempt - 1}/solution.py`,
    });
    this.documents.set(before, proposal.before);
    await replaceContent(solution, proposal.after);
    await vscode.commands.executeCommand('vscode.diff', before, solution, reviewTitle(proposal), {
      preview: false,
      preserveFocus: this.mode.kind === 'auto',
    });

    const session = new ReviewSession({
      mode: this.mode,
      proposed: proposal.after,
      currentCode: () => currentText(solution),
      signal,
    });
    if (session.pending) {
      this.current = session;
      await vscode.commands.executeCommand('setContext', REVIEW_PENDING_CONTEXT, true);
      void vscode.window.showInformationMessage(reviewMessage(proposal, this.mode), 'Accept', 'Reject').then((choice) => {
        if (choice === 'Accept') session.accept();
        if (choice === 'Reject') session.reject();
      });
    }

    const result = await session.result;
    const { outcome, decision } = result;
    if (this.current === session) {
      this.current = undefined;
      await vscode.commands.executeCommand('setContext', REVIEW_PENDING_CONTEXT, false);
    }
    this.log.info(`Iteration ${proposal.iteration}, attempt ${proposal.attempt}: fix ${outcome}.`);
    if (decision.decision === 'reject') {
      await replaceContent(solution, proposal.before);
    } else {
      // Saved so the engine's own write of the same code meets no unsaved editor.
      await vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === solution.toString())?.save();
    }
    await this.freezeDiff(proposal, before, solution, result);
    return decision;
  }

  /**
   * The decided review's diff tab would keep following solution.py, so once the next attempt
   * or iteration writes it, the tab titled with this fix would show other code. It is swapped
   * for a read-only diff of what was decided; a tab the user closed stays closed.
   */
  private async freezeDiff(proposal: FixProposal, before: vscode.Uri, solution: vscode.Uri, result: ReviewResult): Promise<void> {
    // Tab objects go stale when the tab model changes, so they are looked up right before use.
    const liveTabs = () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .filter(
          (tab) =>
            tab.input instanceof vscode.TabInputTextDiff &&
            tab.input.original.toString() === before.toString() &&
            tab.input.modified.toString() === solution.toString(),
        );
    const column = liveTabs()[0]?.group.viewColumn;
    if (column === undefined) return;
    const decided = vscode.Uri.from({
      scheme: HISTORY_SCHEME,
      path: `/iteration-${proposal.iteration}/attempt-${proposal.attempt}/solution.py`,
    });
    this.documents.set(decided, result.decision.decision === 'edited' ? result.decision.code : proposal.after);
    try {
      await vscode.commands.executeCommand('vscode.diff', before, decided, `${reviewTitle(proposal)} (${result.outcome})`, {
        preview: false,
        preserveFocus: true,
        viewColumn: column,
      });
      await vscode.window.tabGroups.close(liveTabs(), true);
    } catch (error) {
      // Only the display of a decided review: the loop goes on either way.
      this.log.warn(`Could not replace the review diff of iteration ${proposal.iteration}, attempt ${proposal.attempt}: ${String(error)}`);
    }
  }
}

/** Puts `content` into the document and saves it, so the editor and the file agree at once. */
async function replaceContent(uri: vscode.Uri, content: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.getText() !== content) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), content);
    await vscode.workspace.applyEdit(edit);
  }
  if (document.isDirty) await document.save();
}

/** The open document's text (with unsaved edits), else the file on disk. */
function currentText(uri: vscode.Uri): string {
  const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString() && !doc.isClosed);
  return open ? open.getText() : readFileSync(uri.fsPath, 'utf8');
}
