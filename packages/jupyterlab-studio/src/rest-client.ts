// The Studio's view of the Tessera REST API: everything scoped to one user profile carries
// ?domain=&profile= so an admin can open anyone's Studio and a user only their own.
import type {
  GitCommitRequest,
  GitCommitResponse,
  GitDiffResponse,
  GitInitResponse,
  GitRepositoriesResponse,
  GitStatusResponse,
  StudioCheckpointResponse,
} from '@tessera/contracts';
import { requestJson } from './api-error.ts';
import type { InstanceType, KernelUsage, OpenStudioResponse, StudioImage, StudioResources } from './types.ts';

export interface StudioScope {
  domainId: string;
  userProfileName: string;
}

/** POST /api/v1/studio/open — also the poll while the JupyterServer app starts. */
export function openStudio(scope: Partial<StudioScope> = {}): Promise<OpenStudioResponse> {
  const body =
    scope.domainId && scope.userProfileName ? { DomainId: scope.domainId, UserProfileName: scope.userProfileName } : {};
  return requestJson('/api/v1/studio/open', { method: 'POST', body });
}

export interface StudioClient {
  readonly scope: StudioScope;
  instanceTypes(): Promise<InstanceType[]>;
  images(): Promise<StudioImage[]>;
  resources(): Promise<StudioResources>;
  deleteApp(appType: string, appName: string): Promise<void>;
  kernelUsage(jupyterBaseUrl: string, kernelId: string): Promise<KernelUsage>;
  checkpoint(path: string): Promise<StudioCheckpointResponse>;
  git: {
    repositories(): Promise<GitRepositoriesResponse>;
    status(repo: string): Promise<GitStatusResponse>;
    diff(repo: string, path?: string): Promise<GitDiffResponse>;
    commit(request: GitCommitRequest): Promise<GitCommitResponse>;
    init(repo: string): Promise<GitInitResponse>;
  };
}

export function createStudioClient(scope: StudioScope): StudioClient {
  const q = (extra: Record<string, string | undefined> = {}) => {
    const params = new URLSearchParams({ domain: scope.domainId, profile: scope.userProfileName });
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) params.set(k, v);
    return `?${params}`;
  };
  return {
    scope,
    instanceTypes: async () =>
      (await requestJson<{ InstanceTypes: InstanceType[] }>('/api/v1/instance-types')).InstanceTypes,
    images: async () => (await requestJson<{ Images: StudioImage[] }>('/api/v1/images')).Images,
    resources: () => requestJson(`/api/v1/studio/resources${q()}`),
    deleteApp: async (appType, appName) => {
      await requestJson(`/api/v1/studio/apps/${encodeURIComponent(appType)}/${encodeURIComponent(appName)}${q()}`, {
        method: 'DELETE',
      });
    },
    kernelUsage: (base, kernelId) =>
      requestJson(`${base.replace(/\/?$/, '/')}tessera/kernels/${encodeURIComponent(kernelId)}/usage`),
    checkpoint: (path) => requestJson(`/api/v1/studio/checkpoint${q({ path })}`),
    git: {
      repositories: () => requestJson(`/api/v1/studio/git/repositories${q()}`),
      status: (repo) => requestJson(`/api/v1/studio/git/status${q({ repo })}`),
      diff: (repo, path) => requestJson(`/api/v1/studio/git/diff${q({ repo, path })}`),
      commit: (request) => requestJson(`/api/v1/studio/git/commit${q()}`, { method: 'POST', body: request }),
      init: (repo) => requestJson(`/api/v1/studio/git/init${q()}`, { method: 'POST', body: { repo } }),
    },
  };
}

// What the boot code (which loads before JupyterLab) needs from this package, importable alone.
export { StudioApiError } from './api-error.ts';
export type { OpenStudioResponse } from './types.ts';
