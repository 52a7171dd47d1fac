import type { Chart } from './protocol';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  className?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (className) element.setAttribute('class', className);
  return element;
}

/** Draws the score chart the host computed; colours come from sidebar.css (VS Code theme variables). */
export function renderChart(chart: Chart, metric: string | null, onSelect: (iteration: number) => void): SVGSVGElement {
  const root = svg('svg', { id: 'adsa-chart', viewBox: `0 0 ${chart.width} ${chart.height}`, role: 'img' }, 'adsa-chart');
  root.setAttribute('aria-label', `${metric ?? 'Score'} per iteration`);
  const { plot } = chart;
  root.append(
    svg('line', { x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom }, 'adsa-chart-axis'),
    svg('line', { x1: plot.left, y1: plot.top, x2: plot.left, y2: plot.bottom }, 'adsa-chart-axis'),
  );
  for (const label of chart.yLabels) {
    root.append(svg('line', { x1: plot.left, y1: label.y, x2: plot.right, y2: label.y }, 'adsa-chart-grid'));
    const text = svg('text', { x: plot.left - 4, y: label.y, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, 'adsa-chart-label');
    text.textContent = label.text;
    root.append(text);
  }
  for (const label of chart.xLabels) {
    const text = svg('text', { x: label.x, y: plot.bottom + 14, 'text-anchor': 'middle' }, 'adsa-chart-label');
    text.textContent = `#${label.text}`;
    root.append(text);
  }
  if (chart.points.length > 1) root.append(svg('polyline', { points: chart.line }, 'adsa-chart-line'));
  for (const failure of chart.failures) {
    const size = 3;
    const cross = svg(
      'path',
      {
        d: `M${failure.x - size},${failure.y - size}L${failure.x + size},${failure.y + size}M${failure.x + size},${failure.y - size}L${failure.x - size},${failure.y + size}`,
        'data-iteration': failure.iteration,
      },
      'adsa-chart-failure',
    );
    const title = svg('title', {});
    title.textContent = `Iteration ${failure.iteration}: no score`;
    cross.append(title);
    cross.addEventListener('click', () => onSelect(failure.iteration));
    root.append(cross);
  }
  for (const point of chart.points) {
    const circle = svg(
      'circle',
      { cx: point.x, cy: point.y, r: point.best ? 4.5 : 3, 'data-iteration': point.iteration },
      point.best ? 'adsa-point adsa-point-best' : 'adsa-point',
    );
    const title = svg('title', {});
    title.textContent = `Iteration ${point.iteration}: ${point.scoreText}${point.best ? ' (best)' : ''}`;
    circle.append(title);
    circle.addEventListener('click', () => onSelect(point.iteration));
    root.append(circle);
  }
  return root;
}
