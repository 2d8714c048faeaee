import { describe, expect, it } from 'vitest';
import {
  filterInput,
  formatOf,
  isPassThrough,
  planDataProcessing,
  processOutput,
  splitOutput,
} from './data-processing.ts';

describe('data processing', () => {
  it('plans: $ and None are no processing; filters are parsed', () => {
    expect(isPassThrough(planDataProcessing(undefined))).toBe(true);
    expect(isPassThrough(planDataProcessing({ InputFilter: '$', OutputFilter: '$', JoinSource: 'None' }))).toBe(true);
    expect(planDataProcessing({ InputFilter: '$[1:]' }).input).toBeDefined();
    expect(() => planDataProcessing({ OutputFilter: '$[?(@.x)]' })).toThrow(/not supported/);
  });
  it('tells CSV from JSON by media type, else by the first character', () => {
    expect(formatOf('text/csv', '{')).toBe('csv');
    expect(formatOf('application/jsonlines')).toBe('json');
    expect(formatOf('application/json; charset=utf-8')).toBe('json');
    expect(formatOf(undefined, ' {"a":1}')).toBe('json');
    expect(formatOf(undefined, '1,2')).toBe('csv');
  });
  it('filters input records: CSV fields, JSON members', () => {
    expect(filterInput(Buffer.from('id1,1.5,2'), planDataProcessing({ InputFilter: '$[1:]' }), 'csv').toString()).toBe(
      '1.5,2',
    );
    expect(
      filterInput(
        Buffer.from('{"id":1,"features":[1,2]}'),
        planDataProcessing({ InputFilter: '$.features' }),
        'json',
      ).toString(),
    ).toBe('[1,2]');
  });
  it('joins CSV: input fields then output fields, then the output filter', () => {
    const plan = planDataProcessing({ InputFilter: '$[1:]', JoinSource: 'Input', OutputFilter: '$[0,-1]' });
    expect(processOutput(Buffer.from('id1,1.5,2'), '3.0', plan, { input: 'csv', output: 'csv' })).toBe('id1,3.0');
    const all = planDataProcessing({ JoinSource: 'Input' });
    expect(processOutput(Buffer.from('id1,1.5'), '3.0,4.0', all, { input: 'csv', output: 'csv' })).toBe(
      'id1,1.5,3.0,4.0',
    );
  });
  it('joins JSON: the input object plus SageMakerOutput (SageMakerInput for non-objects)', () => {
    const plan = planDataProcessing({ JoinSource: 'Input' });
    expect(
      JSON.parse(processOutput(Buffer.from('{"id":1,"features":[2]}'), '4.0', plan, { input: 'json', output: 'csv' })),
    ).toEqual({ id: 1, features: [2], SageMakerOutput: 4 });
    expect(
      JSON.parse(processOutput(Buffer.from('[2]'), '{"score":4}', plan, { input: 'json', output: 'json' })),
    ).toEqual({ SageMakerInput: [2], SageMakerOutput: { score: 4 } });
    const picked = planDataProcessing({ JoinSource: 'Input', OutputFilter: "$['id','SageMakerOutput']" });
    expect(
      JSON.parse(
        processOutput(Buffer.from('{"id":1,"features":[2]}'), '4.0', picked, { input: 'json', output: 'csv' }),
      ),
    ).toEqual({ id: 1, SageMakerOutput: 4 });
  });
  it('filters outputs without a join', () => {
    expect(
      processOutput(Buffer.from('x'), '0.1,0.9', planDataProcessing({ OutputFilter: '$[1]' }), {
        input: 'csv',
        output: 'csv',
      }),
    ).toBe('0.9');
  });
  it('cuts a multi-record answer into one output per record', () => {
    expect(splitOutput(Buffer.from('1\n2\n3\n'), 3)).toEqual(['1', '2', '3']);
    expect(splitOutput(Buffer.from('{\n "a": 1\n}\n'), 1)).toEqual(['{\n "a": 1\n}']);
    expect(splitOutput(Buffer.from('[1,[2],{"s":3}]'), 3)).toEqual(['1', '[2]', '{"s":3}']);
    expect(splitOutput(Buffer.from('{"predictions":[{"score":1},{"score":2}]}'), 2)).toEqual([
      '{"score":1}',
      '{"score":2}',
    ]);
    expect(() => splitOutput(Buffer.from('1\n2\n'), 3)).toThrow(/2 lines for 3 records/);
  });
});
