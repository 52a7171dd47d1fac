import { metricDirection } from '../verify/metricDirection';

/** A metric the engine recognises in prose. */
interface KnownMetric {
  name: string;
  pattern: RegExp;
}

// Separators between words: "roc auc", "roc_auc", "roc-auc".
const S = '[\\s_-]*';

/** Ordered only for readability; the longest match at the earliest position wins. */
export const KNOWN_METRICS: readonly KnownMetric[] = [
  { name: 'balanced_accuracy', pattern: new RegExp(`\\bbalanced${S}accuracy\\b`, 'i') },
  { name: 'accuracy', pattern: /\baccuracy\b/i },
  { name: 'f1_macro', pattern: new RegExp(`\\b(?:macro${S}(?:averaged${S})?f1|f1${S}macro)\\b`, 'i') },
  { name: 'f1_micro', pattern: new RegExp(`\\b(?:micro${S}(?:averaged${S})?f1|f1${S}micro)\\b`, 'i') },
  { name: 'f1_weighted', pattern: new RegExp(`\\b(?:weighted${S}f1|f1${S}weighted)\\b`, 'i') },
  { name: 'f1', pattern: new RegExp(`\\b(?:f${S}1(?:${S}score)?|f${S}score|f${S}measure)\\b`, 'i') },
  {
    name: 'roc_auc',
    pattern: new RegExp(
      `\\b(?:roc${S}auc|auc${S}roc|auroc|auc|area under (?:the )?(?:roc|receiver operating characteristic) curve)\\b`,
      'i',
    ),
  },
  { name: 'log_loss', pattern: new RegExp(`\\b(?:log${S}loss|logarithmic loss|(?:binary |categorical )?cross${S}entropy)\\b`, 'i') },
  { name: 'rmsle', pattern: /\b(?:rmsle|root mean squared? log(?:arithmic)? error)\b/i },
  { name: 'rmse', pattern: /\b(?:rmse|root mean squared? error)\b/i },
  { name: 'mse', pattern: /\b(?:mse|mean squared error)\b/i },
  { name: 'mape', pattern: /\b(?:mape|mean absolute percentage error)\b/i },
  { name: 'smape', pattern: /\b(?:smape|symmetric mean absolute percentage error)\b/i },
  { name: 'mae', pattern: /\b(?:mae|mean absolute error)\b/i },
  { name: 'r2', pattern: new RegExp(`(?:\\br${S}2\\b|\\br²|\\br${S}squared\\b|\\bcoefficient of determination\\b)`, 'i') },
  { name: 'mcc', pattern: /\b(?:mcc|matthews(?:'s)? correlation(?: coefficient)?)\b/i },
  { name: 'qwk', pattern: /\b(?:qwk|quadratic(?:ally)? weighted kappa)\b/i },
  { name: 'precision', pattern: /\bprecision\b/i },
  { name: 'recall', pattern: /\brecall\b/i },
  { name: 'map@k', pattern: /\bmap@\d*k?\b/i },
  { name: 'ndcg', pattern: /\bndcg(?:@\d+)?\b/i },
];

export interface ParsedMetric {
  /** Canonical name of a known metric, or the text of an explicit "Metric:" line; null when none is stated. */
  metric: string | null;
  /** From "higher/lower is better" (or maximize/minimize) near the metric, else the known metric's direction. */
  higherIsBetter: boolean | null;
}

/**
 * Reads the metric from task.md: a "Metric: …" line (bold or listed forms too) wins; otherwise the
 * first sentence of a Metric / Evaluation / Scoring section that names a known metric.
 */
export function parseMetric(markdown: string): ParsedMetric {
  const lines = markdown.split(/\r?\n/);

  for (const raw of lines) {
    const line = raw.replace(/[*`]/g, '');
    const match = /^\s*(?:[-+>]\s+)?(?:#{1,6}\s*)?(?:evaluation\s+|scoring\s+|target\s+)?metric\s*:\s*(.+)$/i.exec(line);
    if (!match?.[1]) continue;
    const value = match[1].trim();
    const known = findKnownMetric(value);
    const metric = known?.name ?? (value.split(/\s*[(.,;]|\s+[-–—]\s+/)[0]?.trim() || null);
    if (!metric) continue;
    return { metric, higherIsBetter: statedDirection(value) ?? directionOf(metric) };
  }

  const section = metricSection(lines);
  if (section !== null) {
    const sentences = section.split(/(?<=[.!?])\s+|\n\s*\n/);
    for (const sentence of sentences) {
      const known = findKnownMetric(sentence);
      if (known) return { metric: known.name, higherIsBetter: statedDirection(section) ?? directionOf(known.name) };
    }
  }
  return { metric: null, higherIsBetter: null };
}

/** The known metric named earliest in `text`; at the same position the longer name wins ("balanced accuracy"). */
export function findKnownMetric(text: string): KnownMetric | null {
  let best: { metric: KnownMetric; index: number; length: number } | null = null;
  for (const metric of KNOWN_METRICS) {
    const match = metric.pattern.exec(text);
    if (!match) continue;
    const better =
      best === null || match.index < best.index || (match.index === best.index && match[0].length > best.length);
    if (better) best = { metric, index: match.index, length: match[0].length };
  }
  return best?.metric ?? null;
}

/** The usual direction of a metric by name (one table for the engine: verify/metricDirection). */
function directionOf(metric: string): boolean | null {
  const direction = metricDirection(metric);
  return direction === null ? null : direction === 'higher';
}

function statedDirection(text: string): boolean | null {
  if (/\b(?:higher|larger|greater|bigger) (?:is|scores? (?:is|are)) better\b|\bmaximi[sz]e/i.test(text)) return true;
  if (/\b(?:lower|smaller|less) (?:is|scores? (?:is|are)) better\b|\bminimi[sz]e/i.test(text)) return false;
  return null;
}

/** The text under the first heading about the metric, up to the next heading. */
function metricSection(lines: string[]): string | null {
  const start = lines.findIndex((line) => /^#{1,6}\s+.*\b(?:metrics?|evaluation|scoring)\b/i.test(line));
  if (start === -1) return null;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^#{1,6}\s/.test(line));
  return (end === -1 ? rest : rest.slice(0, end)).join('\n');
}
