// Parses `git status --porcelain=v2 --branch -z`, the format git promises to keep stable.
import type { GitFileStatus } from '@tessera/contracts';

export interface ParsedStatus {
  branch: string | null;
  head: string | null;
  files: GitFileStatus[];
}

function classify(xy: string): GitFileStatus['status'] {
  if (xy.includes('U') || xy === 'AA' || xy === 'DD') return 'conflicted';
  const c = xy[0] !== '.' ? xy[0] : xy[1];
  switch (c) {
    case 'A':
      return 'added';
    case 'D':
      return 'deleted';
    case 'R':
      return 'renamed';
    case 'C':
      return 'copied';
    case 'T':
      return 'typechange';
    default:
      return 'modified';
  }
}

export function parseStatus(out: string): ParsedStatus {
  const fields = out.split('\0');
  let branch: string | null = null;
  let head: string | null = null;
  const files: GitFileStatus[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (!f) continue;
    if (f.startsWith('# branch.oid ')) {
      const oid = f.slice(13);
      head = oid === '(initial)' ? null : oid.slice(0, 12);
    } else if (f.startsWith('# branch.head ')) {
      const h = f.slice(14);
      branch = h === '(detached)' ? null : h;
    } else if (f.startsWith('1 ') || f.startsWith('u ')) {
      const parts = f.split(' ');
      const xy = parts[1]!;
      const path = parts.slice(f.startsWith('1 ') ? 8 : 10).join(' ');
      files.push({
        path,
        code: xy.replace(/\./g, ' '),
        status: classify(xy),
        staged: xy[0] !== '.' && !f.startsWith('u '),
      });
    } else if (f.startsWith('2 ')) {
      const parts = f.split(' ');
      const xy = parts[1]!;
      const path = parts.slice(9).join(' ');
      // -z puts the original path of a rename in the next field.
      const from = fields[++i] ?? '';
      files.push({ path, from, code: xy.replace(/\./g, ' '), status: classify(xy), staged: xy[0] !== '.' });
    } else if (f.startsWith('? ')) {
      files.push({ path: f.slice(2), code: '??', status: 'untracked', staged: false });
    }
  }
  return { branch, head, files };
}
