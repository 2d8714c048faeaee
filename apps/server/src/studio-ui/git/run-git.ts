// Runs the system git on a repository inside a user's home, as the server's own user. The
// repository's files are the user's to write (their kernels and terminals can), so nothing in
// them may make git run a program here: discovery is off (explicit --git-dir/--work-tree),
// hooks, fsmonitor, signing, pagers and prompts are disabled, and a repository whose config
// names commands (filters, diff drivers, includes, ...) is refused (see assertSafeConfig).
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, validation } from '../../errors.ts';

export interface GitRunner {
  /** stdout of `git <args>` in the repository; rejects with an ApiError on failure. */
  run(repoDir: string, args: string[], opts?: { okCodes?: number[]; env?: Record<string, string>; maxBytes?: number }): Promise<{ stdout: string; code: number }>;
  /** `git init` of a directory (no repository exists yet, so no --git-dir). */
  init(dir: string): Promise<void>;
}

const HARDENING = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgSign=false', '-c', 'core.pager=cat', '-c', 'core.quotePath=false'];

export function createGitRunner(stateDir: string): GitRunner {
  // The repositories belong to whichever uid the user's apps run as; git refuses repositories
  // owned by someone else unless a global config trusts them. Ours trusts them because the
  // caller has already resolved the path inside the right home and passes --git-dir explicitly.
  mkdirSync(stateDir, { recursive: true });
  const globalConfig = join(stateDir, 'gitconfig');
  writeFileSync(globalConfig, '[safe]\n\tdirectory = *\n[init]\n\tdefaultBranch = main\n');
  const baseEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: stateDir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: globalConfig,
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_LITERAL_PATHSPECS: '1',
    LC_ALL: 'C',
  };
  const exec = (args: string[], env: Record<string, string>, maxBytes: number, okCodes: number[], cwd?: string) =>
    new Promise<{ stdout: string; code: number }>((resolve, reject) => {
      execFile('git', args, { cwd, env: { ...baseEnv, ...env }, maxBuffer: maxBytes, timeout: 30_000, encoding: 'utf8' }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : -1) : 0;
        if (err && !okCodes.includes(code)) {
          if ((err as any).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return resolve({ stdout, code: 0 });
          return reject(new ApiError('GitFailed', `git ${args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? ''} failed: ${(stderr || String(err)).trim().slice(0, 2000)}`, 400));
        }
        resolve({ stdout, code });
      });
    });
  return {
    async run(repoDir, args, opts = {}) {
      await assertSafeConfig(repoDir, exec);
      const full = [...HARDENING, `--git-dir=${join(repoDir, '.git')}`, `--work-tree=${repoDir}`, ...args];
      // cwd matters for --no-index, whose paths are plain file paths.
      return exec(full, opts.env ?? {}, opts.maxBytes ?? 8 * 1024 * 1024, [0, ...(opts.okCodes ?? [])], repoDir);
    },
    async init(dir) {
      await exec([...HARDENING, '-C', dir, 'init', '--quiet'], {}, 1024 * 1024, [0]);
    },
  };
}

// Config keys whose values git would execute or follow to other files.
const DANGEROUS = [
  /^filter\..*\.(clean|smudge|process)$/,
  /^diff\..*\.(command|textconv)$/,
  /^merge\..*\.driver$/,
  /^include\.path$/,
  /^includeif\./,
  /^core\.(fsmonitor|hookspath|sshcommand|pager|editor|askpass|worktree|gitproxy|alternaterefscommand)$/,
  /^(gpg|credential|uploadpack|receive|sequence)\./,
  /^alias\./,
];

async function assertSafeConfig(repoDir: string, exec: (a: string[], e: Record<string, string>, m: number, ok: number[]) => Promise<{ stdout: string; code: number }>) {
  // Reading a config file with --file runs nothing; exit code 1 means the file is empty.
  const { stdout } = await exec(['config', '--file', join(repoDir, '.git', 'config'), '--name-only', '--list'], {}, 1024 * 1024, [0, 1]);
  const bad = stdout.split('\n').filter((k) => k && DANGEROUS.some((re) => re.test(k.toLowerCase())));
  if (bad.length) {
    throw validation(`This repository's configuration names commands (${bad.slice(0, 3).join(', ')}); the Git panel does not run them. Use a terminal for this repository.`);
  }
}
