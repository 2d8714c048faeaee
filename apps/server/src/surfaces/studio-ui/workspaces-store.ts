// JupyterLab workspaces (the saved layout of a session), one JSON file per user and workspace.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validation } from '../../platform/errors.ts';

export interface Workspace {
  data: Record<string, unknown>;
  metadata: { id: string; [k: string]: unknown };
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function createWorkspacesStore(userDir: (userId: string) => string) {
  const dir = (userId: string) => join(userDir(userId), 'workspaces');
  const file = (userId: string, id: string) => {
    if (!ID.test(id)) throw validation(`Invalid workspace id ${id}`);
    return join(dir(userId), `${id}.jupyterlab-workspace`);
  };
  const read = async (userId: string, id: string): Promise<Workspace> => {
    const text = await readFile(file(userId, id), 'utf8').catch(() => undefined);
    return text ? JSON.parse(text) : { data: {}, metadata: { id } };
  };
  return {
    read,
    async list(userId: string) {
      const ids = (await readdir(dir(userId)).catch(() => [] as string[]))
        .filter((f) => f.endsWith('.jupyterlab-workspace'))
        .map((f) => f.slice(0, -'.jupyterlab-workspace'.length));
      return { ids, values: await Promise.all(ids.map((id) => read(userId, id))) };
    },
    async save(userId: string, id: string, body: unknown) {
      const ws = body as Workspace;
      if (!ws || typeof ws !== 'object' || typeof ws.data !== 'object' || typeof ws.metadata !== 'object')
        throw validation('A workspace is {data, metadata}');
      await mkdir(dir(userId), { recursive: true });
      await writeFile(file(userId, id), JSON.stringify({ data: ws.data, metadata: { ...ws.metadata, id } }));
    },
    async remove(userId: string, id: string) {
      await rm(file(userId, id), { force: true });
    },
  };
}
