import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { EngineEvent } from '../core/events';
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
 * In a research run each direction fixes the solution.py of its own folder, and parallel
 * directions may each wait for a review at the same time.
 */
export class EditorFixReviewer implements FixReviewer {
  /** Open reviews, each with the solution.py it shows. */
  private readonly pending = new Map<ReviewSession, vscode.Uri>();
  /** The direction a proposal comes from (its fix-proposed event arrives just before review() with the same object). */
  private readonly directionOf = new WeakMap<FixProposal, string>();
  /** Each started direction's folder, where its solution.py is. */
  private readonly runDirs = new Map<string, string>();

  constructor(
    private readonly workspace: string,
    private readonly mode: FixReviewMode,
    private readonly documents: ReadonlyDocuments,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Learns from the engine's events where each direction runs and which direction a proposal is of. */
  handle(event: EngineEvent): void {
    if (event.type === 'direction-started') this.runDirs.set(event.info.slug, event.runDir);
    if (event.type === 'fix-proposed' && event.direction !== undefined) this.directionOf.set(event.proposal, event.direction);
  }

  /** For the Accept / Reject commands: the review in the active editor, else the latest; false when none is pending. */
  accept(): boolean {
    return this.target()?.accept() ?? false;
  }

  reject(): boolean {
    return this.target()?.reject() ?? false;
  }

  private target(): ReviewSession | undefined {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const active = input instanceof vscode.TabInputTextDiff ? input.modified : vscode.window.activeTextEditor?.document.uri;
    const sessions = [...this.pending];
    return (sessions.find(([, uri]) => uri.toString() === active?.toString()) ?? sessions.at(-1))?.[0];
  }

  async review(proposal: FixProposal, signal: AbortSignal): Promise<ReviewDecision> {
    const direction = this.directionOf.get(proposal);
    const folder = direction === undefined ? this.workspace : this.runDirs.get(direction);
    if (folder === undefined) {
      // Never the user's own solution.py for a direction's fix: without its folder, the fix runs unreviewed.
      this.log.warn(`The folder of direction ${direction} is unknown, so its fix for iteration ${proposal.iteration} was accepted without review.`);
      return { decision: 'accept' };
    }
    const solution = vscode.Uri.file(workspacePaths(folder).solution);
    const scope = direction === undefined ? '' : `/${direction}`;
    const before = vscode.Uri.from({
      scheme: BEFORE_SCHEME,
      path: `${scope}/iteration-${proposal.iteration}/attempt-${proposal.attempt - 1}/solution.py`,
    });
    this.documents.set(before, proposal.before);
    await replaceContent(solution, proposal.after);
    await vscode.commands.executeCommand('vscode.diff', before, solution, reviewTitle(proposal, direction), {
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
      this.pending.set(session, solution);
      await vscode.commands.executeCommand('setContext', REVIEW_PENDING_CONTEXT, true);
      void vscode.window.showInformationMessage(reviewMessage(proposal, this.mode, direction), 'Accept', 'Reject').then((choice) => {
        if (choice === 'Accept') session.accept();
        if (choice === 'Reject') session.reject();
      });
    }

    const result = await session.result;
    const { outcome, decision } = result;
    if (this.pending.delete(session)) {
      await vscode.commands.executeCommand('setContext', REVIEW_PENDING_CONTEXT, this.pending.size > 0);
    }
    const prefix = direction === undefined ? '' : `[${direction}] `;
    this.log.info(`${prefix}Iteration ${proposal.iteration}, attempt ${proposal.attempt}: fix ${outcome}.`);
    if (decision.decision === 'reject') {
      await replaceContent(solution, proposal.before);
    } else {
      // Saved so the engine's own write of the same code meets no unsaved editor.
      await vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === solution.toString())?.save();
    }
    await this.freezeDiff(proposal, before, solution, result, scope, direction);
    return decision;
  }

  /**
   * The decided review's diff tab would keep following solution.py, so once the next attempt
   * or iteration writes it, the tab titled with this fix would show other code. It is swapped
   * for a read-only diff of what was decided; a tab the user closed stays closed.
   */
  private async freezeDiff(
    proposal: FixProposal,
    before: vscode.Uri,
    solution: vscode.Uri,
    result: ReviewResult,
    scope: string,
    direction: string | undefined,
  ): Promise<void> {
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
      path: `${scope}/iteration-${proposal.iteration}/attempt-${proposal.attempt}/solution.py`,
    });
    this.documents.set(decided, result.decision.decision === 'edited' ? result.decision.code : proposal.after);
    try {
      await vscode.commands.executeCommand('vscode.diff', before, decided, `${reviewTitle(proposal, direction)} (${result.outcome})`, {
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
