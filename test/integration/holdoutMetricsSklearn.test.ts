import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { metricFunction } from '../../src/core/holdout/metrics';
import { seededRandom } from '../../src/core/holdout/random';
import { testPython } from '../helpers/python';

// The hand-checked unit values pin each formula; this checks the same code against scikit-learn
// on larger inputs with many ties, which hand arithmetic cannot cover.
test('metrics agree with scikit-learn', (t) => {
  const python = testPython();
  const probe = spawnSync(python, ['-c', 'import sklearn'], { encoding: 'utf8' });
  if (probe.status !== 0) return t.skip(`scikit-learn is not importable by ${python}: ${probe.stderr.trim().split('\n').pop()}`);

  const random = seededRandom(5);
  const n = 500;
  const binary = Array.from({ length: n }, () => (random() < 0.4 ? 'True' : 'False'));
  // Rounded to 1 decimal so that many scores tie.
  const probabilities = binary.map((label) => String(Math.round(Math.min(1, Math.max(0, (label === 'True' ? 0.6 : 0.4) + (random() - 0.5))) * 10) / 10));
  const predicted = probabilities.map((p) => (Number(p) >= 0.5 ? 'True' : 'False'));
  const multi = Array.from({ length: n }, () => ['a', 'b', 'c'][Math.floor(random() * 3)] ?? 'a');
  const multiPredicted = multi.map((label) => (random() < 0.7 ? label : ['a', 'b', 'c'][Math.floor(random() * 3)] ?? 'a'));
  const values = Array.from({ length: n }, () => String(random() * 100 - 20));
  const valuePredictions = values.map((v) => String(Number(v) + (random() - 0.5) * 30));

  const script = `
import json, sys
from sklearn import metrics
d = json.load(sys.stdin)
yb = [1 if v == 'True' else 0 for v in d['binary']]
p = [float(v) for v in d['probabilities']]
yt = [float(v) for v in d['values']]
yp = [float(v) for v in d['valuePredictions']]
print(json.dumps({
  'accuracy': metrics.accuracy_score(d['multi'], d['multiPredicted']),
  'roc_auc': metrics.roc_auc_score(yb, p),
  'log_loss': metrics.log_loss(yb, p),
  'f1': metrics.f1_score(d['binary'], d['predicted'], pos_label='True'),
  'f1_macro': metrics.f1_score(d['multi'], d['multiPredicted'], average='macro'),
  'rmse': metrics.mean_squared_error(yt, yp) ** 0.5,
  'mse': metrics.mean_squared_error(yt, yp),
  'mae': metrics.mean_absolute_error(yt, yp),
  'r2': metrics.r2_score(yt, yp),
}))
`;
  const input = JSON.stringify({ binary, probabilities, predicted, multi, multiPredicted, values, valuePredictions });
  const result = spawnSync(python, ['-c', script], { input, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const expected = JSON.parse(result.stdout) as Record<string, number>;

  const ours: Record<string, number | undefined> = {
    accuracy: metricFunction('accuracy')?.score(multi, multiPredicted),
    roc_auc: metricFunction('roc_auc')?.score(binary, probabilities),
    log_loss: metricFunction('log_loss')?.score(binary, probabilities),
    f1: metricFunction('f1')?.score(binary, predicted),
    f1_macro: metricFunction('f1_macro')?.score(multi, multiPredicted),
    rmse: metricFunction('rmse')?.score(values, valuePredictions),
    mse: metricFunction('mse')?.score(values, valuePredictions),
    mae: metricFunction('mae')?.score(values, valuePredictions),
    r2: metricFunction('r2')?.score(values, valuePredictions),
  };
  for (const [name, value] of Object.entries(expected)) {
    assert.ok(Math.abs((ours[name] ?? NaN) - value) < 1e-9, `${name}: ours ${ours[name]}, scikit-learn ${value}`);
  }
  // The data really has ties and zero/one probabilities, which is what the comparison is for.
  assert.ok(new Set(probabilities).size <= 11);
  assert.ok(probabilities.includes('0') || probabilities.includes('1'));
});
