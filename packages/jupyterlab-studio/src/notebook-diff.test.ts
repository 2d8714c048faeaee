import { describe, expect, it } from 'vitest';
import { diffLines, diffNotebooks } from './notebook-diff.ts';

const cell = (source: string, id?: string) => ({ cell_type: 'code', source, ...(id ? { id } : {}) });

describe('checkpoint diff of notebooks', () => {
  it('matches cells by id and reports edits, additions and removals', () => {
    const changes = diffNotebooks(
      [cell('a', '1'), cell('b', '2'), cell('c', '3')],
      [cell('a', '1'), cell('B', '2'), cell('d', '4')],
    );
    expect(changes.map((c) => c.kind)).toEqual(['unchanged', 'changed', 'removed', 'added']);
  });

  it('pairs edited cells without ids by position between unchanged ones', () => {
    const changes = diffNotebooks(
      [cell('import x'), cell('x.run()'), cell('print(1)')],
      [cell('import x'), cell('x.run(fast=True)'), cell('print(1)'), cell('new')],
    );
    expect(changes.map((c) => c.kind)).toEqual(['unchanged', 'changed', 'unchanged', 'added']);
  });

  it('diffs lines', () => {
    expect(diffLines('a\nb\nc', 'a\nc\nd')).toEqual([
      { kind: ' ', text: 'a' },
      { kind: '-', text: 'b' },
      { kind: ' ', text: 'c' },
      { kind: '+', text: 'd' },
    ]);
  });
});
