// The metrics a built-in algorithm reports without MetricDefinitions, as SageMaker defines them for
// it: a training or tuning job over the built-in XGBoost can name `validation:rmse` as its objective
// without writing a regex. The container prints `[round]#011train-rmse:…#011validation-rmse:…`
// (docker/sagemaker/…/xgboost_metrics.py), the format these definitions were written against.
import { resolveImage } from '../jobs/images.ts';
import type { MetricDefinition } from './metric-definitions.ts';

const XGBOOST_METRICS = [
  'rmse',
  'mae',
  'mape',
  'logloss',
  'error',
  'merror',
  'mlogloss',
  'auc',
  'aucpr',
  'ndcg',
  'map',
  'accuracy',
  'f1',
  'mse',
  'r2',
  'poisson-nloglik',
  'gamma-nloglik',
  'gamma-deviance',
  'tweedie-nloglik',
  'cox-nloglik',
];
const NUMBER = '([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)';

const xgboost = (): MetricDefinition[] =>
  ['train', 'validation'].flatMap((channel) =>
    XGBOOST_METRICS.map((m) => ({
      Name: `${channel}:${m}`,
      Regex: `.*\\[[0-9]+\\].*#011${channel}-${m}:${NUMBER}`,
    })),
  );

const BY_IMAGE: Record<string, () => MetricDefinition[]> = {
  'tessera/sagemaker-xgboost:latest': xgboost,
};

/** The job's own definitions when it has any, else its built-in algorithm's (none for other images). */
export function metricDefinitionsOf(algo: {
  TrainingImage?: string | undefined;
  MetricDefinitions?: MetricDefinition[] | undefined;
}): MetricDefinition[] {
  if (algo.MetricDefinitions?.length) return algo.MetricDefinitions;
  return BY_IMAGE[resolveImage(algo.TrainingImage ?? '').image]?.() ?? [];
}
