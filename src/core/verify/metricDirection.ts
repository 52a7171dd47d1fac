const HIGHER = new Set([
  'accuracy', 'acc', 'balancedaccuracy', 'rocauc', 'auc', 'auroc', 'aucroc', 'prauc', 'averageprecision', 'ap',
  'f1', 'f1score', 'f1macro', 'f1micro', 'f1weighted', 'macrof1', 'microf1', 'weightedf1', 'fbeta',
  'precision', 'recall', 'r2', 'r2score', 'rsquared', 'map', 'ndcg', 'mcc', 'kappa', 'cohenkappa',
  'qwk', 'quadraticweightedkappa', 'iou', 'jaccard', 'dice', 'spearman', 'pearson', 'gini',
]);
const LOWER = new Set([
  'rmse', 'mse', 'mae', 'logloss', 'crossentropy', 'rmsle', 'msle', 'mape', 'smape', 'error', 'errorrate',
  'meansquarederror', 'rootmeansquarederror', 'meanabsoluteerror', 'medae', 'medianabsoluteerror',
  'meanabsolutepercentageerror', 'rootmeansquaredlogerror', 'meansquaredlogerror', 'binarycrossentropy',
]);

/** Whether larger values of a named metric are better; null when the name is not known. */
export function metricDirection(metric: string): 'higher' | 'lower' | null {
  // "MAP@5", "ndcg@10", "ROC AUC", "roc-auc", "log_loss" all reduce to a bare lower-case name.
  const name = metric.toLowerCase().replace(/@\w*$/, '').replace(/[\s_\-.]+/g, '');
  if (HIGHER.has(name)) return 'higher';
  if (LOWER.has(name)) return 'lower';
  // scikit-learn's scorers negate errors so that larger is better: neg_root_mean_squared_error.
  if (name.startsWith('neg')) return LOWER.has(name.slice(3)) ? 'higher' : null;
  return null;
}
