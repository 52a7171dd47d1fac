import './zodConfig';
import { renderChart } from './chart';
import {
  HostToWebviewSchema,
  type DirectionGroup,
  type HistoryItem,
  type HistoryRow,
  type HistoryView,
  type IterationView,
  type WebviewToHost,
} from './protocol';
import { button, divider, progressRing } from './toolkit';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const send = (message: WebviewToHost) => vscode.postMessage(message);

const STATUS_ICONS: Record<HistoryRow['status'], string> = { ok: '✓', failed: '✗', timeout: '⏱', stopped: '■' };
const VIEWS: { view: IterationView; label: string }[] = [
  { view: 'code', label: 'Code' },
  { view: 'diff', label: 'Diff' },
  { view: 'fixes', label: 'Fixes' },
  { view: 'log', label: 'Log' },
];

let history: HistoryView | null = null;
let live = { line: 'Loading…', running: false };
/** The iteration whose actions are open; kept across re-renders and reloads of the view. */
let selected: number | null = (vscode.getState() as { selected?: number } | undefined)?.selected ?? null;

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = HostToWebviewSchema.safeParse(event.data);
  if (!parsed.success) return;
  if (parsed.data.type === 'history') history = parsed.data.view;
  else live = { line: parsed.data.line, running: parsed.data.running };
  render();
});
send({ type: 'ready' });

function select(iteration: number | null): void {
  selected = iteration;
  vscode.setState({ selected });
  render();
  if (iteration !== null) document.querySelector(`li.adsa-iteration[data-iteration="${iteration}"]`)?.scrollIntoView({ block: 'nearest' });
}

function render(): void {
  const root = document.getElementById('adsa-root');
  if (!root) return;
  root.setAttribute('aria-busy', 'false');
  root.replaceChildren(phaseLine(), ...(history ? historyParts(history) : []));
}

function phaseLine(): HTMLElement {
  const line = element('p', 'adsa-phase');
  line.id = 'adsa-phase';
  line.setAttribute('role', 'status');
  line.setAttribute('aria-live', 'polite');
  line.dataset.running = String(live.running);
  if (live.running) line.append(progressRing('Running'));
  line.append(element('span', 'adsa-phase-text', live.line));
  return line;
}

function historyParts(view: HistoryView): HTMLElement[] {
  if (view.items.length === 0) {
    const empty = element('div', 'adsa-empty');
    empty.id = 'adsa-empty';
    empty.append(
      element('p', '', 'No iterations yet. Describe the task in task.md, then start iterations.'),
      button('Start Iterations', { appearance: 'primary', onClick: () => send({ type: 'command', command: 'start' }) }),
      button('Open Task', { onClick: () => send({ type: 'command', command: 'openTask' }) }),
    );
    return view.suggestions.length > 0 ? [empty, suggestions(view.suggestions)] : [empty];
  }
  const parts: HTMLElement[] = [summary(view)];
  if (view.chart) {
    const figure = element('figure', 'adsa-chart-figure');
    figure.append(renderChart(view.chart, view.metric, (iteration) => select(iteration)));
    parts.push(figure);
  }
  if (view.suggestions.length > 0 || view.items.some((item) => item.kind === 'direction')) parts.push(suggestions(view.suggestions));
  parts.push(divider());
  const list = element('ul', 'adsa-iterations');
  list.id = 'adsa-iterations';
  list.setAttribute('aria-label', 'Iterations and research directions, newest first');
  list.append(...view.items.map(historyItem));
  parts.push(list);
  return parts;
}

function historyItem(item: HistoryItem): HTMLElement {
  return item.kind === 'iteration' ? row(item.row) : directionGroup(item.group);
}

function summary(view: HistoryView): HTMLElement {
  const box = element('div', 'adsa-summary');
  box.id = 'adsa-summary';
  const metric = view.metric ?? 'score';
  box.append(element('span', 'adsa-metric', `${metric} (${view.higherIsBetter ? 'higher' : 'lower'} is better)`));
  if (view.best) {
    const { best } = view;
    const hidden = best.privateText === null ? '' : ` · private ${best.privateText}`;
    const where = best.direction === null ? '' : ` (${best.direction})`;
    box.append(element('span', 'adsa-best', `best ${best.scoreText}${hidden} at #${best.iteration}${where}`));
  }
  box.append(element('span', 'adsa-totals', `${view.totals.tokensText} tokens · ${view.totals.costText}`));
  return box;
}

/** The queued suggestions and the button that adds one. */
function suggestions(texts: string[]): HTMLElement {
  const box = element('section', 'adsa-suggestions');
  box.id = 'adsa-suggestions';
  box.setAttribute('aria-label', 'Suggested directions');
  if (texts.length > 0) {
    box.append(element('p', 'adsa-suggestions-title', `Queued suggestions (${texts.length})`));
    const list = element('ul', 'adsa-suggestion-list');
    list.append(...texts.map((text) => element('li', 'adsa-suggestion', text)));
    box.append(list);
  }
  box.append(
    button('Suggest Direction', { className: 'adsa-suggest', onClick: () => send({ type: 'command', command: 'suggestDirection' }) }),
  );
  return box;
}

/** A research direction: what it is, its state and devices, its best scores, an overfitting flag, then its iterations. */
function directionGroup(group: DirectionGroup): HTMLElement {
  const item = element('li', 'adsa-direction');
  item.dataset.direction = group.slug;
  item.dataset.status = group.status ?? '';
  item.dataset.overfitting = String(group.overfitting !== null);
  item.setAttribute('aria-label', `Direction ${group.title}${group.statusText ? `, ${group.statusText}` : ''}`);

  const head = element('div', 'adsa-direction-head');
  const title = element('span', 'adsa-direction-title', group.title);
  title.title = group.branch ? `${group.slug} · branch ${group.branch}` : group.slug;
  head.append(title);
  if (group.statusText) head.append(element('span', `adsa-direction-status adsa-direction-status-${group.status}`, group.statusText));
  if (group.devices) {
    const devices = element('span', 'adsa-direction-devices', group.devices);
    devices.title = group.status === 'in_progress' ? `Runs on ${group.devices}` : `Ran on ${group.devices}`;
    head.append(devices);
  }
  item.append(head);

  if (group.best) {
    const { best } = group;
    const parts = [`best ${best.scoreText}`];
    if (best.privateText !== null) parts.push(`private ${best.privateText}`);
    if (best.gapText !== null) parts.push(`gap ${best.gapText}`);
    item.append(element('div', 'adsa-direction-best', `${parts.join(' · ')} at #${best.iteration}`));
  }
  if (group.activity) {
    const activity = element('div', 'adsa-direction-activity', group.activity);
    activity.setAttribute('role', 'status');
    item.append(activity);
  }
  if (group.overfitting) {
    const flag = element('div', 'adsa-overfitting', `⚠ Overfitting: ${group.overfitting}`);
    flag.setAttribute('role', 'note');
    item.append(flag);
  }
  if (group.rows.length > 0) {
    const list = element('ul', 'adsa-direction-iterations');
    list.setAttribute('aria-label', `Iterations of ${group.title}, newest first`);
    list.append(...group.rows.map(row));
    item.append(list);
  }
  return item;
}

function row(data: HistoryRow): HTMLElement {
  const item = element('li', 'adsa-iteration');
  item.dataset.iteration = String(data.iteration);
  item.dataset.status = data.status;
  item.dataset.best = String(data.best);
  item.dataset.score = data.score === null ? '' : String(data.score);
  if (data.direction !== null) item.dataset.direction = data.direction;
  if (data.privateScore !== null) item.dataset.private = String(data.privateScore);
  if (data.gap !== null) item.dataset.gap = String(data.gap);
  const open = selected === data.iteration;

  const head = element('div', 'adsa-row-head');
  head.setAttribute('role', 'button');
  head.tabIndex = 0;
  head.setAttribute('aria-expanded', String(open));
  const hidden = data.privateText === null ? '' : `, private ${data.privateText}`;
  head.setAttribute('aria-label', `Iteration ${data.iteration}, ${data.status}, score ${data.scoreText}${hidden}${data.best ? ', best' : ''}`);
  const toggle = () => select(open ? null : data.iteration);
  head.addEventListener('click', toggle);
  head.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      toggle();
    }
  });
  const icon = element('span', `adsa-status adsa-status-${data.status}`, STATUS_ICONS[data.status]);
  icon.setAttribute('aria-hidden', 'true');
  icon.title = data.status;
  const number = element('span', 'adsa-number', `#${data.iteration}`);
  if (data.direction !== null && data.directionIteration !== null) number.title = `Iteration ${data.directionIteration} of ${data.direction}`;
  head.append(icon, number, element('span', 'adsa-score', data.scoreText));
  if (data.best) head.append(element('span', 'adsa-best-badge', 'best'));
  head.append(element('span', 'adsa-duration', data.durationText));
  item.append(head);
  if (data.privateText !== null) {
    const scores = [`private ${data.privateText}`];
    if (data.gapText !== null) scores.push(`gap ${data.gapText}`);
    const line = element('div', 'adsa-row-private', scores.join(' · '));
    line.title = 'Score on the private hold-out the code never saw; the gap is CV minus private, positive when the CV looks better.';
    item.append(line);
  }

  const fixes = data.fixes === 1 ? '1 fix' : `${data.fixes} fixes`;
  item.append(element('div', 'adsa-row-meta', `${fixes} · ${data.tokensText} tokens · ${data.costText}`));
  if (data.classShares.length > 0) item.append(classShares(data.classShares));
  if (data.error) item.append(element('div', 'adsa-error', data.error));
  if (open) {
    const actions = element('div', 'adsa-actions');
    actions.append(
      ...VIEWS.map(({ view, label }) =>
        button(label, {
          className: `adsa-open-${view}`,
          ariaLabel: `${label} of iteration ${data.iteration}`,
          onClick: () => send({ type: 'open', iteration: data.iteration, view }),
        }),
      ),
    );
    item.append(actions);
  }
  return item;
}

function classShares(shares: HistoryRow['classShares']): HTMLElement {
  const box = element('div', 'adsa-shares');
  box.setAttribute('aria-label', `Predicted classes: ${shares.map((s) => `${s.label} ${s.percent}%`).join(', ')}`);
  const bar = element('div', 'adsa-shares-bar');
  shares.forEach((share, index) => {
    const segment = element('span', `adsa-share adsa-share-${index}`);
    // CSSOM writes are allowed by the page's style-src; inline style attributes are not.
    segment.style.width = `${share.percent}%`;
    segment.title = `${share.label}: ${share.percent}%`;
    bar.append(segment);
  });
  box.append(bar, element('span', 'adsa-shares-text', shares.map((s) => `${s.label} ${s.percent}%`).join(' · ')));
  return box;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
