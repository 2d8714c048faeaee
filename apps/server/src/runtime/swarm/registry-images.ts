// Images reach every node of the cluster through a registry: the image the local engine holds
// (Tessera's built-in ones, or any a user's task names) is pushed once, tagged with its image id,
// and services name it by digest, so every node runs the very bytes this host has. This host's
// engine pushes to `pushRegistry` (a loopback address the engine trusts without TLS); nodes pull
// the same storage as `registry`.
import type Docker from 'dockerode';

export interface RegistryImages {
  /** The reference nodes pull `image` by (`<registry>/<repo>@sha256:…`), pushing it first if need be. */
  reference(image: string): Promise<string>;
}

/** A repository name the registry takes, from any local image name. */
export function repositoryOf(image: string): string {
  const name = image.replace(/@.*$/, '').replace(/:[^/:]+$/, '');
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9._/-]/g, '-')
      .replace(/^[./-]+/, '') || 'image'
  );
}

export function createRegistryImages(deps: { docker: Docker; registry: string; pushRegistry: string }): RegistryImages {
  const { docker } = deps;
  const pushed = new Map<string, Promise<string>>(); // image id and repository → digest

  async function push(id: string, repo: string): Promise<string> {
    const tag = id.replace(/^sha256:/, '').slice(0, 20);
    const target = `${deps.pushRegistry}/${repo}`;
    await docker.getImage(id).tag({ repo: target, tag });
    // The engine wants an auth header even for a registry without any.
    const stream = (await docker
      .getImage(`${target}:${tag}`)
      .push({ authconfig: {} } as never)) as unknown as NodeJS.ReadableStream;
    const events = await new Promise<{ error?: string; aux?: { Digest?: string } }[]>((resolve, reject) =>
      docker.modem.followProgress(stream, (err: Error | null, out: unknown[]) =>
        err ? reject(err) : resolve(out as { error?: string; aux?: { Digest?: string } }[]),
      ),
    );
    const failed = events.find((e) => e.error);
    if (failed) throw new Error(`pushing ${repo} to ${deps.pushRegistry} failed: ${failed.error}`);
    const digest = events.map((e) => e.aux?.Digest).find(Boolean);
    if (!digest) throw new Error(`the registry at ${deps.pushRegistry} gave no digest for ${repo}`);
    return digest;
  }

  return {
    async reference(image) {
      const info = await docker
        .getImage(image)
        .inspect()
        .catch(() => undefined);
      if (!info) {
        throw new Error(
          `image ${image} is not present on this host's Docker engine (nothing is pulled; scripts/docker.sh builds ` +
            "Tessera's images)",
        );
      }
      const repo = repositoryOf(image);
      const key = `${info.Id}\0${repo}`;
      let digest = pushed.get(key);
      if (!digest) {
        digest = push(info.Id, repo);
        pushed.set(key, digest);
        digest.catch(() => pushed.delete(key));
      }
      return `${deps.registry}/${repo}@${await digest}`;
    },
  };
}
