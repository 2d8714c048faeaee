import { describe, expect, it } from 'vitest';
import { parseStatus } from './parse-status.ts';

describe('parseStatus (git status --porcelain=v2 --branch -z)', () => {
  it('reads the branch, the head and every kind of entry', () => {
    const out = [
      '# branch.oid 0123456789abcdef0123456789abcdef01234567',
      '# branch.head main',
      '1 .M N... 100644 100644 100644 aaa bbb notebook with spaces.ipynb',
      '1 A. N... 000000 100644 100644 000 ccc added.py',
      '2 R. N... 100644 100644 100644 ddd ddd R100 new-name.txt',
      'old-name.txt',
      'u UU N... 100644 100644 100644 100644 e f g both.txt',
      '? untracked.csv',
      '',
    ].join('\0');
    expect(parseStatus(out)).toEqual({
      branch: 'main',
      head: '0123456789ab',
      files: [
        { path: 'notebook with spaces.ipynb', code: ' M', status: 'modified', staged: false },
        { path: 'added.py', code: 'A ', status: 'added', staged: true },
        { path: 'new-name.txt', from: 'old-name.txt', code: 'R ', status: 'renamed', staged: true },
        { path: 'both.txt', code: 'UU', status: 'conflicted', staged: false },
        { path: 'untracked.csv', code: '??', status: 'untracked', staged: false },
      ],
    });
  });

  it('has no head before the first commit and no branch when detached', () => {
    expect(parseStatus('# branch.oid (initial)\0# branch.head main\0')).toEqual({
      branch: 'main',
      head: null,
      files: [],
    });
    expect(parseStatus('# branch.oid abcdef\0# branch.head (detached)\0').branch).toBeNull();
  });
});
