// REST shapes of Studio's Git panel (/api/v1/studio/git/*) and of the notebook checkpoint read
// (/api/v1/studio/checkpoint). Everything is scoped to one user profile by ?domain=&profile=;
// repositories and paths are relative to the profile's home directory and never leave it.
import { z } from 'zod';

/** A path relative to the home directory (or to a repository), as the browser names it. */
const ZRelativePath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.includes('\0'), 'must not contain NUL');

export const ZStudioGitScopeQuery = z.strictObject({
  domain: z.string().min(1).max(63),
  profile: z.string().min(1).max(63),
});

/** `.` is the home directory itself. */
export const ZGitRepoName = ZRelativePath;

export const ZGitRepository = z.object({
  repo: z.string(),
  branch: z.string().nullable(),
  /** Abbreviated commit id of HEAD; null before the first commit. */
  head: z.string().nullable(),
  changes: z.number().int(),
});
export const ZGitRepositoriesResponseSchema = z.object({ repositories: z.array(ZGitRepository) });
export type GitRepositoriesResponse = z.infer<typeof ZGitRepositoriesResponseSchema>;

export const ZGitStatusQuery = ZStudioGitScopeQuery.extend({ repo: ZGitRepoName });
export const ZGitFileStatus = z.object({
  path: z.string(),
  /** Set for renames: where the file came from. */
  from: z.string().optional(),
  /** git's two status letters (index, work tree), e.g. " M", "A ", "??". */
  code: z.string().length(2),
  status: z.enum(['modified', 'added', 'deleted', 'renamed', 'copied', 'untracked', 'conflicted', 'typechange']),
  staged: z.boolean(),
});
export const ZGitStatusResponseSchema = z.object({
  repo: z.string(),
  branch: z.string().nullable(),
  head: z.string().nullable(),
  clean: z.boolean(),
  files: z.array(ZGitFileStatus),
});
export type GitFileStatus = z.infer<typeof ZGitFileStatus>;
export type GitStatusResponse = z.infer<typeof ZGitStatusResponseSchema>;

export const ZGitDiffQuery = ZStudioGitScopeQuery.extend({ repo: ZGitRepoName, path: ZRelativePath.optional() });
export const ZGitDiffResponseSchema = z.object({
  repo: z.string(),
  path: z.string().optional(),
  /** Unified diff of the work tree against HEAD (untracked files diff against nothing). */
  diff: z.string(),
  truncated: z.boolean(),
});
export type GitDiffResponse = z.infer<typeof ZGitDiffResponseSchema>;

export const ZGitCommitRequestSchema = z.strictObject({
  repo: ZGitRepoName,
  message: z.string().trim().min(1, 'a commit message is required').max(10_000),
  /** Only these paths (added, changed or deleted); all changes when absent. */
  paths: z.array(ZRelativePath).min(1).max(1000).optional(),
});
export const ZGitCommitResponseSchema = z.object({
  repo: z.string(),
  branch: z.string().nullable(),
  commit: z.string(),
  summary: z.string(),
});
export type GitCommitRequest = z.infer<typeof ZGitCommitRequestSchema>;
export type GitCommitResponse = z.infer<typeof ZGitCommitResponseSchema>;

export const ZGitInitRequestSchema = z.strictObject({ repo: ZGitRepoName });
export const ZGitInitResponseSchema = z.object({ repo: z.string(), branch: z.string() });
export type GitInitResponse = z.infer<typeof ZGitInitResponseSchema>;

export const ZStudioCheckpointQuery = ZStudioGitScopeQuery.extend({ path: ZRelativePath });
export const ZStudioCheckpointResponseSchema = z.object({
  path: z.string(),
  /** The last checkpoint Jupyter kept of the file; null when it has none. */
  checkpoint: z.object({ lastModified: z.string(), content: z.unknown() }).nullable(),
});
export type StudioCheckpointResponse = z.infer<typeof ZStudioCheckpointResponseSchema>;
