import { describe, expect, it } from 'vitest';
import { compileMetrics, extractMetrics } from './metric-definitions.ts';
import { metricDefinitionsOf } from './builtin-metrics.ts';

const XGBOOST = '683313688378.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1';

describe('built-in metric definitions', () => {
  it("give the built-in XGBoost's train and validation metrics, within the regex budget", async () => {
    const metrics = compileMetrics(metricDefinitionsOf({ TrainingImage: XGBOOST }));
    const lines = ['[3]#011train-rmse:0.51234#011validation-rmse:0.62000', '[4]#011validation-auc:1e-3'];
    const { samples } = await extractMetrics(
      metrics,
      lines.map((message, i) => ({ message, timestamp: i })),
    );
    expect(samples.map((s) => [s.name, s.value])).toEqual([
      ['train:rmse', 0.51234],
      ['validation:rmse', 0.62],
      ['validation:auc', 0.001],
    ]);
  });

  it("keep a job's own definitions, and give none to other images", () => {
    const own = [{ Name: 'loss', Regex: 'loss=(\\S+)' }];
    expect(metricDefinitionsOf({ TrainingImage: XGBOOST, MetricDefinitions: own })).toBe(own);
    expect(metricDefinitionsOf({ TrainingImage: 'my-image:1' })).toEqual([]);
  });
});
