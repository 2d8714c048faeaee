// /api/v1/studio/git/*: the Git panel's view of the repositories in a user profile's home.
import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import express, { type Router } from 'express';
import { createInside } from '../../../platform/storage/inside-dir.ts';
import {
  ZGitCommitRequestSchema,
  ZGitDiffQuery,
  ZGitInitRequestSchema,
  ZGitStatusQuery,
  ZStudioGitScopeQuery,
  type GitCommitResponse,
  type GitDiffResponse,
  type GitInitResponse,
  type GitRepositoriesResponse,
  type GitStatusResponse,
} from '@tessera/contracts';
import { accessDenied, inUse, validation } from '../../../platform/errors.ts';
import type { Principal } from '../../../platform/identity/principal.ts';
import type { Services } from '../../../resources/services.ts';
import { studioAccess } from '../../../resources/profiles/studio-access.ts';
import { jsonRoute, parseInput } from '../route-helpers.ts';
import { parseStatus } from './parse-status.ts';
import { realHome, resolveRepo, resolveRepoPath } from '../../../platform/storage/home-paths.ts';
import type { GitRunners } from './git-runners.ts';
import type { GitRunner } from './run-git.ts';

const MAX_DIFF_BYTES = 2 * 1024 * 1024;
const MAX_UNTRACKED_DIFFS = 50;
// git's well-known empty tree: what HEAD is before the first commit.
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** The profile's home and the git that works on it, for a caller who may use that profile. */
async function scoped(services: Services, runners: GitRunners, principal: Principal, query: unknown) {
  const { domain, profile } = parseInput(ZStudioGitScopeQuery, pickScope(query));
  const { homeDir } = await studioAccess(services, principal, domain, profile);
  return { homeDir, git: await runners.forProfile(domain, profile, homeDir) };
}

const pickScope = (q: unknown) => {
  const o = (q ?? {}) as { domain?: unknown; profile?: unknown };
  return { domain: o.domain, profile: o.profile };
};

async function status(git: GitRunner, dir: string) {
  const { stdout } = await git.run(dir, ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all']);
  return parseStatus(stdout);
}

/** The home itself and its (non-hidden) directories two levels down that hold a repository. */
async function findRepositories(home: string): Promise<string[]> {
  const found: string[] = [];
  const isRepo = async (dir: string) => (await lstat(join(dir, '.git')).catch(() => undefined))?.isDirectory() ?? false;
  if (await isRepo(home)) found.push('.');
  const walk = async (rel: string, depth: number) => {
    const entries = await readdir(join(home, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'node_modules') continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (await isRepo(join(home, child))) found.push(child);
      else if (depth < 2) await walk(child, depth + 1);
    }
  };
  await walk('', 1);
  return found.slice(0, 200);
}

export function gitRoutes(services: Services, runners: GitRunners): Router {
  const router = express.Router();
  const base = '/api/v1/studio/git';

  router.get(
    `${base}/repositories`,
    jsonRoute(services, 'gitRepositories', async (req, _res, principal): Promise<GitRepositoriesResponse> => {
      const { homeDir, git } = await scoped(services, runners, principal, req.query);
      const home = await realHome(homeDir);
      const repositories = [];
      for (const repo of await findRepositories(home)) {
        const dir = repo === '.' ? home : join(home, repo);
        try {
          const s = await status(git, dir);
          repositories.push({ repo, branch: s.branch, head: s.head, changes: s.files.length });
        } catch {
          // A repository git refuses (unsafe config, corruption) is still listed, without status.
          repositories.push({ repo, branch: null, head: null, changes: 0 });
        }
      }
      return { repositories };
    }),
  );

  router.get(
    `${base}/status`,
    jsonRoute(services, 'gitStatus', async (req, _res, principal): Promise<GitStatusResponse> => {
      const q = parseInput(ZGitStatusQuery, req.query);
      const { homeDir, git } = await scoped(services, runners, principal, q);
      const repo = await resolveRepo(homeDir, q.repo);
      const s = await status(git, repo.dir);
      return { repo: repo.name, branch: s.branch, head: s.head, clean: s.files.length === 0, files: s.files };
    }),
  );

  router.get(
    `${base}/diff`,
    jsonRoute(services, 'gitDiff', async (req, _res, principal): Promise<GitDiffResponse> => {
      const q = parseInput(ZGitDiffQuery, req.query);
      const { homeDir, git } = await scoped(services, runners, principal, q);
      const repo = await resolveRepo(homeDir, q.repo);
      const path = q.path !== undefined ? await resolveRepoPath(repo.home, repo.dir, q.path) : undefined;
      const s = await status(git, repo.dir);
      const diffArgs = ['diff', '--no-ext-diff', '--no-textconv', '--no-color'];
      let diff = (
        await git.run(
          repo.dir,
          [...diffArgs, s.head ? 'HEAD' : EMPTY_TREE, '--', ...(path !== undefined ? [path] : [])],
          { maxBytes: MAX_DIFF_BYTES },
        )
      ).stdout;
      // Untracked files are not in `git diff`; show them as wholly added.
      const untracked = s.files.filter((f) => f.status === 'untracked' && (path === undefined || f.path === path));
      for (const f of untracked.slice(0, MAX_UNTRACKED_DIFFS)) {
        if (diff.length >= MAX_DIFF_BYTES) break;
        diff += (
          await git.run(repo.dir, [...diffArgs, '--no-index', '--', '/dev/null', f.path], {
            okCodes: [1],
            maxBytes: MAX_DIFF_BYTES,
          })
        ).stdout;
      }
      const truncated = diff.length >= MAX_DIFF_BYTES || untracked.length > MAX_UNTRACKED_DIFFS;
      return {
        repo: repo.name,
        ...(q.path !== undefined ? { path: q.path } : {}),
        diff: diff.slice(0, MAX_DIFF_BYTES),
        truncated,
      };
    }),
  );

  router.post(
    `${base}/commit`,
    express.json({ limit: services.config.maxBodyBytes }),
    jsonRoute(services, 'gitCommit', async (req, _res, principal): Promise<GitCommitResponse> => {
      const { homeDir: home, git } = await scoped(services, runners, principal, req.query);
      const body = parseInput(ZGitCommitRequestSchema, req.body ?? {});
      const repo = await resolveRepo(home, body.repo);
      const paths = body.paths
        ? await Promise.all(body.paths.map((p) => resolveRepoPath(repo.home, repo.dir, p)))
        : undefined;
      await git.run(repo.dir, ['add', '--all', '--', ...(paths ?? ['.'])]);
      // The user's own identity wins when their repository or home config has one.
      const configured = (await git.run(repo.dir, ['config', '--get', 'user.email'], { okCodes: [1] })).code === 0;
      const env: Record<string, string> = configured
        ? {}
        : {
            GIT_AUTHOR_NAME: principal.username,
            GIT_AUTHOR_EMAIL: `${principal.username}@users.tessera.local`,
            GIT_COMMITTER_NAME: principal.username,
            GIT_COMMITTER_EMAIL: `${principal.username}@users.tessera.local`,
          };
      const committed = await git.run(
        repo.dir,
        ['commit', '--quiet', '--no-verify', '-m', body.message, ...(paths ? ['--', ...paths] : [])],
        { env, okCodes: [1] },
      );
      if (committed.code !== 0) throw validation('Nothing to commit: the chosen files have no changes');
      const { stdout: head } = await git.run(repo.dir, ['rev-parse', '--short=12', 'HEAD']);
      const { stdout: summary } = await git.run(repo.dir, ['log', '-1', '--format=%s']);
      const s = await status(git, repo.dir);
      return { repo: repo.name, branch: s.branch, commit: head.trim(), summary: summary.trim() };
    }),
  );

  router.post(
    `${base}/init`,
    express.json({ limit: services.config.maxBodyBytes }),
    jsonRoute(services, 'gitInit', async (req, _res, principal): Promise<GitInitResponse> => {
      const { homeDir: home, git } = await scoped(services, runners, principal, req.query);
      const body = parseInput(ZGitInitRequestSchema, req.body ?? {});
      const target = await resolveRepo(home, body.repo, { mustExist: false });
      if (await lstat(join(target.dir, '.git')).catch(() => undefined))
        throw inUse(`${body.repo} is already a Git repository`);
      await git.init(target.dir, target.home);
      // Created through a link planted in the home? Check where it really landed before using it.
      const landed = await resolveRepo(home, body.repo, { mustExist: false });
      if (landed.dir !== target.dir) throw accessDenied(`Repository ${body.repo} is outside the home directory`);
      // Jupyter's checkpoints are not the user's work; a new repository starts out ignoring them.
      // Written by handle below the home, so a directory swapped for a link meanwhile is refused.
      await createInside(
        landed.home,
        join(relative(landed.home, landed.dir), '.gitignore'),
        '.ipynb_checkpoints/\n',
      ).catch(() => false);
      const s = await status(git, landed.dir);
      return { repo: landed.name, branch: s.branch ?? 'main' };
    }),
  );

  return router;
}
