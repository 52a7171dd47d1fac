import './zodConfig';
import { renderChart } from './chart';
import {
  HostToWebviewSchema,
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
  if (iteration !== null) document.querySelector(`[data-iteration="${iteration}"]`)?.scrollIntoView({ block: 'nearest' });
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
  if (view.rows.length === 0) {
    const empty = element('div', 'adsa-empty');
    empty.id = 'adsa-empty';
    empty.append(
      element('p', '', 'No iterations yet. Describe the task in task.md, then start iterations.'),
      button('Start Iterations', { appearance: 'primary', onClick: () => send({ type: 'command', command: 'start' }) }),
      button('Open Task', { onClick: () => send({ type: 'command', command: 'openTask' }) }),
    );
    return [empty];
  }
  const parts: HTMLElement[] = [summary(view)];
  if (view.chart) {
    const figure = element('figure', 'adsa-chart-figure');
    figure.append(renderChart(view.chart, view.metric, (iteration) => select(iteration)));
    parts.push(figure);
  }
  parts.push(divider());
  const list = element('ul', 'adsa-iterations');
  list.id = 'adsa-iterations';
  list.setAttribute('aria-label', 'Iterations, newest first');
  list.append(...view.rows.map(row));
  parts.push(list);
  return parts;
}

function summary(view: HistoryView): HTMLElement {
  const box = element('div', 'adsa-summary');
  box.id = 'adsa-summary';
  const metric = view.metric ?? 'score';
  box.append(element('span', 'adsa-metric', `${metric} (${view.higherIsBetter ? 'higher' : 'lower'} is better)`));
  if (view.best) box.append(element('span', 'adsa-best', `best ${view.best.scoreText} at #${view.best.iteration}`));
  box.append(element('span', 'adsa-totals', `${view.totals.tokensText} tokens · ${view.totals.costText}`));
  return box;
}

function row(data: HistoryRow): HTMLElement {
  const item = element('li', 'adsa-iteration');
  item.dataset.iteration = String(data.iteration);
  item.dataset.status = data.status;
  item.dataset.best = String(data.best);
  item.dataset.score = data.score === null ? '' : String(data.score);
  const open = selected === data.iteration;

  const head = element('div', 'adsa-row-head');
  head.setAttribute('role', 'button');
  head.tabIndex = 0;
  head.setAttribute('aria-expanded', String(open));
  head.setAttribute(
    'aria-label',
    `Iteration ${data.iteration}, ${data.status}, score ${data.scoreText}${data.best ? ', best' : ''}`,
  );
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
  head.append(icon, element('span', 'adsa-number', `#${data.iteration}`), element('span', 'adsa-score', data.scoreText));
  if (data.best) head.append(element('span', 'adsa-best-badge', 'best'));
  head.append(element('span', 'adsa-duration', data.durationText));
  item.append(head);

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
