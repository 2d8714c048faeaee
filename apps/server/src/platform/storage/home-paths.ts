// Turns the browser's repository and path names into host paths, refusing anything that would
// leave the user's home: `..`, absolute paths, and symbolic links that point outside (the home
// is writable by the user's containers, so links in it are not to be trusted).
import { lstat, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { accessDenied, notFound, validation } from '../errors.ts';

const inside = (root: string, p: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);

function lexical(root: string, rel: string, what: string): string {
  if (isAbsolute(rel) || rel.includes('\0')) throw validation(`${what} must be a path relative to the home directory`);
  const full = resolve(root, rel);
  if (!inside(root, full)) throw accessDenied(`${what} ${rel} is outside the home directory`);
  return full;
}

async function real(p: string): Promise<string | undefined> {
  return realpath(p).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
    throw err;
  });
}

export async function realHome(homeDir: string): Promise<string> {
  const home = await real(homeDir);
  if (!home) throw notFound('The home directory of this user profile does not exist yet; open Studio first');
  return home;
}

/** A repository directory inside the home; `mustExist` also requires a `.git` directory inside the home. */
export async function resolveRepo(
  homeDir: string,
  repo: string,
  opts: { mustExist: boolean } = { mustExist: true },
): Promise<{ home: string; dir: string; name: string }> {
  const home = await realHome(homeDir);
  const wanted = lexical(home, repo, 'Repository');
  const dir = await real(wanted);
  if (dir && !inside(home, dir)) throw accessDenied(`Repository ${repo} is outside the home directory`);
  const name = relative(home, dir ?? wanted) || '.';
  if (!opts.mustExist) {
    // Not there yet: whatever exists of it must already be inside the home.
    let ancestor = wanted;
    let r = dir;
    while (!r) {
      ancestor = resolve(ancestor, '..');
      r = await real(ancestor);
    }
    if (!inside(home, r)) throw accessDenied(`Repository ${repo} is outside the home directory`);
    return { home, dir: dir ?? wanted, name };
  }
  if (!dir) throw notFound(`No directory ${repo} in the home directory`);
  const gitDir = join(dir, '.git');
  const stat = await lstat(gitDir).catch(() => undefined);
  // A .git file (worktrees, submodules) or link may point anywhere: not served.
  if (!stat?.isDirectory()) throw notFound(`${repo} is not a Git repository`);
  return { home, dir, name };
}

/** A path inside a repository, as a literal pathspec relative to the repository. */
export async function resolveRepoPath(home: string, repoDir: string, path: string): Promise<string> {
  const full = lexical(repoDir, path, 'Path');
  if (full === join(repoDir, '.git') || full.startsWith(join(repoDir, '.git') + sep))
    throw accessDenied('Paths inside .git are not served');
  // Deleted files no longer exist, so only a path that does must also resolve inside the home.
  const r = await real(full);
  if (r && !inside(home, r)) throw accessDenied(`Path ${path} is outside the home directory`);
  return relative(repoDir, full);
}
