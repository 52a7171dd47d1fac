import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A small binary-classification task in `dir`: task.md, data/train.csv (300 rows),
 * data/test.csv (100 rows), data/sample_submission.csv. Deterministic, learnable.
 */
export function writeTinyTask(dir: string): void {
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(
    join(dir, 'task.md'),
    `# Tiny task\nPredict \`label\` (0/1) from x1 and x2.\n\n## Data\n- data/train.csv: id, x1, x2, label\n- data/test.csv: id, x1, x2\n- data/sample_submission.csv\n\n## Submission\nsubmission.csv with columns id,label.\n\nMetric: accuracy\n`,
  );
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const row = (id: number) => {
    const x1 = random() * 2 - 1;
    const x2 = random() * 2 - 1;
    const label = x1 + 0.5 * x2 + (random() - 0.5) * 0.3 > 0 ? 1 : 0;
    return { id, x1: x1.toFixed(4), x2: x2.toFixed(4), label };
  };
  const train = Array.from({ length: 300 }, (_, i) => row(i + 1));
  const test = Array.from({ length: 100 }, (_, i) => row(i + 1001));
  writeFileSync(join(dir, 'data', 'train.csv'), ['id,x1,x2,label', ...train.map((r) => `${r.id},${r.x1},${r.x2},${r.label}`)].join('\n') + '\n');
  writeFileSync(join(dir, 'data', 'test.csv'), ['id,x1,x2', ...test.map((r) => `${r.id},${r.x1},${r.x2}`)].join('\n') + '\n');
  writeFileSync(join(dir, 'data', 'sample_submission.csv'), ['id,label', ...test.map((r) => `${r.id},0`)].join('\n') + '\n');
}

export interface ScriptOptions {
  /** A line of Python inserted before training (e.g. a bug). */
  inject?: string;
  /** The scikit-learn estimator expression. */
  model?: string;
  /** Read the staged data view and predict the private hold-out too. */
  staged?: boolean;
}

/** Lines that name the task's private hold-out in task.md. */
export const TINY_HOLDOUT_SPEC = 'Training file: data/train.csv\nId column: id\nTarget: label\n';

/** A real solution.py for the tiny task: 5-fold CV, submission, progress report. */
export function tinySolution(options: ScriptOptions = {}): string {
  const input = options.staged ? 'staged_data' : 'data';
  const holdout = options.staged
    ? `holdout = pd.read_csv("staged_data/holdout_X.csv")\npd.DataFrame({"id": holdout["id"], "label": model.predict(holdout[["x1", "x2"]])}).to_csv("holdout_predictions.csv", index=False)\n`
    : '';
  return `import json
import pandas as pd
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

train = pd.read_csv("${input}/train.csv")
test = pd.read_csv("${input}/test.csv")
X, y = train[["x1", "x2"]], train["label"]
${options.inject ?? ''}
model = ${options.model ?? 'LogisticRegression()'}
scores = cross_val_score(model, X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0), scoring="accuracy")
print("fold scores", [round(float(s), 4) for s in scores], flush=True)
model.fit(X, y)
pd.DataFrame({"id": test["id"], "label": model.predict(test[["x1", "x2"]])}).to_csv("submission.csv", index=False)
${holdout}with open("progress_report.json", "w") as f:
    json.dump({"metric": "accuracy", "cv_scores": [float(s) for s in scores], "cv_mean": float(scores.mean()), "higher_is_better": True}, f)
`;
}

/** A generator reply in the format the prompt asks for. */
export function generatorReply(code: string, approach = 'logistic regression baseline'): string {
  return `APPROACH: ${approach}\n- plan\n\n\`\`\`python\n${code}\`\`\`\n`;
}
