// Runs git on a repository inside a user's home, always through the runtime's `exec` into the
// profile's own Studio instance. Where the runtime isolates instances (docker), git runs inside
// the user's container, where only their home is mounted and they could run anything anyway:
// nothing in the repository can reach another home or this host. Where it does not (the process
// runtime, whose instances are processes of this host as the server's user), the repository's
// files are the user's to write, so nothing in them may make git run a program: discovery is off
// (explicit --git-dir/--work-tree), hooks, fsmonitor, signing, pagers and prompts are disabled,
// a global config of our own trusts the repository, and a repository whose config names commands
// (filters, diff drivers, includes, ...) is refused (see assertSafeConfig).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecOptions, ExecResult } from '../../../runtime/contract.ts';
import { ApiError, validation } from '../../../platform/errors.ts';

export interface GitRunner {
  /** stdout of `git <args>` in the repository; rejects with an ApiError on failure. */
  run(
    repoDir: string,
    args: string[],
    opts?: { okCodes?: number[]; env?: Record<string, string>; maxBytes?: number },
  ): Promise<{ stdout: string; code: number }>;
  /**
   * `git init` of a directory (no repository exists yet, so no --git-dir), run from `cwd`: git makes
   * the directory itself, so it belongs to whoever runs git (the user, in their container).
   */
  init(dir: string, cwd: string): Promise<void>;
}

const HARDENING = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'commit.gpgSign=false',
  '-c',
  'core.pager=cat',
  '-c',
  'core.quotePath=false',
];

type Exec = (
  args: string[],
  env: Record<string, string>,
  maxBytes: number,
  okCodes: number[],
  cwd?: string,
) => Promise<{ stdout: string; code: number }>;

const failed = (args: string[], detail: string) =>
  new ApiError(
    'GitFailed',
    `git ${args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? ''} failed: ${detail.trim().slice(0, 2000)}`,
    400,
  );

const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
  GIT_OPTIONAL_LOCKS: '0',
  GIT_LITERAL_PATHSPECS: '1',
  LC_ALL: 'C',
};

function runnerOver(exec: Exec, checkConfig: (repoDir: string) => Promise<void>): GitRunner {
  return {
    async run(repoDir, args, opts = {}) {
      await checkConfig(repoDir);
      const full = [...HARDENING, `--git-dir=${join(repoDir, '.git')}`, `--work-tree=${repoDir}`, ...args];
      // cwd matters for --no-index, whose paths are plain file paths.
      return exec(full, opts.env ?? {}, opts.maxBytes ?? 8 * 1024 * 1024, [0, ...(opts.okCodes ?? [])], repoDir);
    },
    async init(dir, cwd) {
      await exec([...HARDENING, 'init', '--quiet', dir], {}, 1024 * 1024, [0], cwd);
    },
  };
}

/**
 * git in a user's instance. `run` is the runtime's exec into it (host paths in, mapped by the
 * runtime); `isolated` says whether the instance is kept from this host.
 */
export function createInstanceGitRunner(
  run: (cmd: string[], opts: ExecOptions) => Promise<ExecResult>,
  opts: { home: string; isolated: boolean; stateDir: string },
): GitRunner {
  let extraEnv: Record<string, string> = {};
  if (!opts.isolated) {
    // The repositories belong to whichever uid the user's apps run as; git refuses repositories
    // owned by someone else unless a global config trusts them. Ours trusts them because the
    // caller has already resolved the path inside the right home and passes --git-dir explicitly.
    mkdirSync(opts.stateDir, { recursive: true });
    const globalConfig = join(opts.stateDir, 'gitconfig');
    writeFileSync(globalConfig, '[safe]\n\tdirectory = *\n[init]\n\tdefaultBranch = main\n');
    extraEnv = { HOME: opts.stateDir, GIT_CONFIG_GLOBAL: globalConfig };
  }
  const exec: Exec = async (args, env, maxBytes, okCodes, cwd) => {
    const full = ['-c', 'safe.directory=*', '-c', 'init.defaultBranch=main', ...args];
    const r = await run(['git', ...full], {
      env: { ...GIT_ENV, ...extraEnv, ...env },
      cwd: cwd ?? opts.home,
      maxBytes,
      timeoutMs: 30_000,
    }).catch((err: Error) => {
      throw failed(args, err.message);
    });
    if (r.code !== 0 && !okCodes.includes(r.code)) throw failed(args, r.stderr || `exit code ${r.code}`);
    return { stdout: r.stdout, code: r.truncated ? 0 : r.code };
  };
  // Inside the user's own container a config can run only what the user could run there anyway.
  return runnerOver(exec, opts.isolated ? async () => undefined : (repoDir) => assertSafeConfig(repoDir, exec));
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

async function assertSafeConfig(repoDir: string, exec: Exec) {
  // Reading a config file with --file runs nothing; exit code 1 means the file is empty.
  const { stdout } = await exec(
    ['config', '--file', join(repoDir, '.git', 'config'), '--name-only', '--list'],
    {},
    1024 * 1024,
    [0, 1],
  );
  const bad = stdout.split('\n').filter((k) => k && DANGEROUS.some((re) => re.test(k.toLowerCase())));
  if (bad.length) {
    throw validation(
      `This repository's configuration names commands (${bad.slice(0, 3).join(', ')}); ` +
        'the Git panel does not run them. Use a terminal for this repository.',
    );
  }
}
