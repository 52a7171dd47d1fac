import type { FixProposal } from '../core/review';
import type { FixReviewMode } from './settingsFromConfig';

/** The diff editor's title: "ADSA fix · iteration 2 · attempt 3: <reason>", with the direction's slug in a research run. */
export function reviewTitle(proposal: FixProposal, direction?: string): string {
  const what = proposal.kind === 'speedup' ? 'speed-up' : 'fix';
  const scope = direction === undefined ? '' : ` · ${direction}`;
  return `ADSA ${what}${scope} · iteration ${proposal.iteration} · attempt ${proposal.attempt}: ${oneLine(proposal.reason)}`;
}

/** The notification that offers Accept / Reject. */
export function reviewMessage(proposal: FixProposal, mode: FixReviewMode, direction?: string): string {
  const what = proposal.kind === 'speedup' ? 'a speed-up' : 'a fix';
  const scope = direction === undefined ? '' : ` of direction ${direction}`;
  const base = `ADSA proposes ${what} for iteration ${proposal.iteration}${scope}: ${oneLine(proposal.reason)}`;
  if (mode.kind === 'timed') return `${base} (accepted automatically in ${mode.seconds} s)`;
  return base;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
