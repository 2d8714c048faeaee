// GET /api/v1/studio/checkpoint?domain=&profile=&path=: the last checkpoint Jupyter kept of a
// file. Jupyter's contents API lists checkpoints but never returns their content (and hides
// .ipynb_checkpoints), so the notebook toolbar's checkpoint diff reads it here, from the home.
import { basename, dirname, extname, join } from 'node:path';
import { ZStudioCheckpointQuery, type StudioCheckpointResponse } from '@tessera/contracts';
import type { Services } from '../../resources/services.ts';
import { readInside } from '../../platform/storage/inside-dir.ts';
import { studioAccess } from '../../resources/profiles/studio-access.ts';
import { realHome, resolveRepoPath } from '../../platform/storage/home-paths.ts';
import { jsonRoute, parseInput } from './route-helpers.ts';

const MAX_BYTES = 20 * 1024 * 1024;

export function checkpointRoute(services: Services) {
  return jsonRoute(services, 'studioCheckpoint', async (req, _res, principal): Promise<StudioCheckpointResponse> => {
    const q = parseInput(ZStudioCheckpointQuery, req.query);
    const home = await realHome((await studioAccess(services, principal, q.domain, q.profile)).homeDir);
    const rel = await resolveRepoPath(home, home, q.path);
    const ext = extname(rel);
    // Jupyter's FileCheckpoints layout: <dir>/.ipynb_checkpoints/<stem>-checkpoint<ext>.
    const file = join(home, dirname(rel), '.ipynb_checkpoints', `${basename(rel, ext)}-checkpoint${ext}`);
    const checked = await resolveRepoPath(home, home, file.slice(home.length + 1)).catch(() => undefined);
    const read = checked ? await readInside(home, checked, { maxBytes: MAX_BYTES, larger: 'refuse' }) : undefined;
    if (read?.kind !== 'file') return { path: q.path, checkpoint: null };
    const text = read.bytes.toString('utf8');
    let content: unknown = text;
    if (ext === '.ipynb') {
      try {
        content = JSON.parse(text);
      } catch {
        content = null;
      }
    }
    return { path: q.path, checkpoint: { lastModified: read.mtime.toISOString(), content } };
  });
}
