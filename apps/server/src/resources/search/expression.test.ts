import { describe, expect, it } from 'vitest';
import { matches, propertyNames, sortKey, valuesAt } from './expression.ts';

const job = {
  TrainingJobName: 'xgb-7',
  TrainingJobStatus: 'Completed',
  CreationTime: Date.parse('2026-12-01T10:00:00Z') / 1000,
  HyperParameters: { eta: '0.3', max_depth: '6', objective: 'reg:squarederror' },
  Metrics: { 'validation:rmse': 0.42, 'train.loss': 0.1 },
  InputDataConfig: [
    { ChannelName: 'train', ContentType: 'text/csv' },
    { ChannelName: 'validation', ContentType: 'application/x-parquet' },
  ],
  Parameters: { lr: { NumberValue: 0.01 }, opt: { StringValue: 'adam' } },
  Tags: { team: 'fraud' },
};
const f = (Name: string, Operator: string, Value?: string) => ({ Filters: [{ Name, Operator, Value }] }) as never;

describe('Search expressions', () => {
  it('compare numbers as numbers, text as text, times against ISO dates', () => {
    expect(matches(job, f('HyperParameters.eta', 'GreaterThan', '0.25'))).toBe(true);
    expect(matches(job, f('HyperParameters.max_depth', 'LessThan', '10'))).toBe(true); // not "6" > "10" as text
    expect(matches(job, f('Metrics.validation:rmse', 'LessThanOrEqualTo', '0.42'))).toBe(true);
    expect(matches(job, f('Metrics.train.loss', 'Equals', '0.1'))).toBe(true); // a key with a dot
    expect(matches(job, f('CreationTime', 'GreaterThan', '2026-11-30T00:00:00Z'))).toBe(true);
    expect(matches(job, f('CreationTime', 'LessThan', '2026-11-30T00:00:00Z'))).toBe(false);
    expect(matches(job, f('TrainingJobName', 'Contains', 'xgb'))).toBe(true);
    expect(matches(job, f('TrainingJobStatus', 'In', 'Failed, Completed'))).toBe(true);
    expect(matches(job, f('TrainingJobStatus', 'NotEquals', 'Completed'))).toBe(false);
    expect(matches(job, f('Parameters.lr', 'Equals', '0.01'))).toBe(true);
    expect(matches(job, f('Parameters.opt', 'Equals', 'adam'))).toBe(true);
    expect(matches(job, f('Tags.team', 'Exists'))).toBe(true);
    expect(matches(job, f('Tags.owner', 'NotExists'))).toBe(true);
    // Contains looks into text and numbers, not into objects written out.
    expect(matches(job, f('HyperParameters', 'Contains', 'object'))).toBe(false);
  });

  it('reach every element of a list, and nested filters hold for one element', () => {
    expect(valuesAt(job, ['InputDataConfig', 'ChannelName'])).toEqual(['train', 'validation']);
    const nested = (channel: string, type: string) =>
      matches(job, {
        NestedFilters: [
          {
            NestedPropertyName: 'InputDataConfig',
            Filters: [
              { Name: 'InputDataConfig.ChannelName', Operator: 'Equals', Value: channel },
              { Name: 'InputDataConfig.ContentType', Operator: 'Equals', Value: type },
            ],
          },
        ],
      });
    expect(nested('train', 'text/csv')).toBe(true);
    // Each holds for some channel, but not both for the same one.
    expect(nested('train', 'application/x-parquet')).toBe(false);
  });

  it('combine filters with And, Or and sub-expressions', () => {
    const either = {
      Operator: 'Or',
      SubExpressions: [f('TrainingJobName', 'Equals', 'nope'), f('Tags.team', 'Equals', 'fraud')],
    } as never;
    expect(matches(job, either)).toBe(true);
    expect(
      matches(job, {
        Filters: [{ Name: 'TrainingJobName', Operator: 'Equals', Value: 'nope' }],
        SubExpressions: [either],
      }),
    ).toBe(false);
  });

  it('give sort keys and property names', () => {
    expect(sortKey(job, 'Metrics.validation:rmse')).toBe(0.42);
    expect(sortKey(job, 'Parameters.lr')).toBe(0.01);
    expect(sortKey(job, 'Nothing.here')).toBeUndefined();
    const names = propertyNames(job);
    for (const n of ['HyperParameters.eta', 'Metrics.validation:rmse', 'InputDataConfig.ChannelName', 'Parameters.lr'])
      expect(names).toContain(n);
  });
});

describe('the Search request shape', () => {
  it('refuses more than 20 elements, deep nesting (without exhausting the stack) and long property names', async () => {
    const { ZSearchExpression } = await import('@tessera/contracts');
    const filter = { Name: 'TrainingJobName', Operator: 'Equals', Value: 'x' };
    expect(ZSearchExpression.safeParse({ Filters: [filter] }).success).toBe(true);
    const many = { Filters: Array(15).fill(filter), SubExpressions: Array(6).fill({ Filters: [filter] }) };
    expect(ZSearchExpression.safeParse(many).error?.message).toMatch(/at most 20 filters/);
    let deep: object = { Filters: [filter] };
    for (let i = 0; i < 50_000; i++) deep = { SubExpressions: [deep] };
    expect(ZSearchExpression.safeParse(deep).error?.message).toMatch(/nest at most 5 deep/);
    const long = { Filters: [{ ...filter, Name: Array(30).fill('a').join('.') }] };
    expect(ZSearchExpression.safeParse(long).success).toBe(false);
  });
});
