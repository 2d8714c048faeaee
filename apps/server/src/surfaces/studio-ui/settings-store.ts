// JupyterLab's settings service as jupyterlab_server provides it: each plugin's schema (from the
// Studio build's dist/schemas, with Studio's overrides.json applied to the defaults) and the
// user's own settings, kept per user as the JSON5 text they wrote (`raw`).
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSON5 from 'json5';
import { notFound, validation } from '../../platform/errors.ts';

export interface PluginSettings {
  id: string;
  raw: string;
  schema: Record<string, unknown>;
  settings: Record<string, unknown>;
  version: string;
  last_modified?: string;
  created?: string;
}

export interface SettingsStore {
  list(userId: string): Promise<PluginSettings[]>;
  get(userId: string, id: string): Promise<PluginSettings>;
  save(userId: string, id: string, raw: string): Promise<void>;
}

const VERSION = '4.6.6';
// Plugin ids are "<package>:<plugin>"; the package may be scoped.
const PLUGIN_ID = /^(@[a-z0-9._-]+\/)?[a-z0-9._-]+:[a-zA-Z0-9._-]+$/;

export function createSettingsStore(opts: { schemasDir: string; userDir: (userId: string) => string }): SettingsStore {
  let cache: { stamp: number; schemas: Map<string, Record<string, unknown>> } | undefined;

  async function schemas() {
    const stamp = (await stat(join(opts.schemasDir, 'overrides.json')).catch(() => undefined))?.mtimeMs ?? 0;
    if (cache && cache.stamp === stamp) return cache.schemas;
    const overrides: Record<string, Record<string, unknown>> = stamp
      ? JSON.parse(await readFile(join(opts.schemasDir, 'overrides.json'), 'utf8'))
      : {};
    const found = new Map<string, Record<string, unknown>>();
    const walk = async (dir: string, pkg: string) => {
      for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        if (e.isDirectory()) await walk(join(dir, e.name), pkg ? `${pkg}/${e.name}` : e.name);
        else if (pkg && e.name.endsWith('.json')) {
          const id = `${pkg}:${e.name.slice(0, -5)}`;
          const schema = JSON.parse(await readFile(join(dir, e.name), 'utf8'));
          for (const [key, value] of Object.entries(overrides[id] ?? {})) {
            schema.properties ??= {};
            schema.properties[key] = { ...(schema.properties[key] ?? {}), default: value };
          }
          found.set(id, schema);
        }
      }
    };
    await walk(opts.schemasDir, '');
    cache = { stamp, schemas: found };
    return found;
  }

  const userFile = (userId: string, id: string) => {
    const [pkg, plugin] = id.split(':') as [string, string];
    return join(opts.userDir(userId), 'settings', pkg, `${plugin}.jupyterlab-settings`);
  };

  async function read(userId: string, id: string, schema: Record<string, unknown>): Promise<PluginSettings> {
    const file = userFile(userId, id);
    const info = await stat(file).catch(() => undefined);
    const raw = info ? await readFile(file, 'utf8') : '{}';
    let settings: Record<string, unknown> = {};
    try {
      settings = JSON5.parse(raw);
    } catch {
      // A hand-edited file that no longer parses: the user sees their text and the defaults.
    }
    return {
      id,
      raw,
      schema,
      settings,
      version: VERSION,
      ...(info ? { last_modified: info.mtime.toISOString(), created: info.birthtime.toISOString() } : {}),
    };
  }

  return {
    async list(userId) {
      return Promise.all([...(await schemas())].map(([id, schema]) => read(userId, id, schema)));
    },
    async get(userId, id) {
      const schema = PLUGIN_ID.test(id) ? (await schemas()).get(id) : undefined;
      if (!schema) throw notFound(`No settings schema for plugin ${id}`);
      return read(userId, id, schema);
    },
    async save(userId, id, raw) {
      if (!PLUGIN_ID.test(id) || !(await schemas()).has(id)) throw notFound(`No settings schema for plugin ${id}`);
      if (typeof raw !== 'string' || raw.length > 1024 * 1024)
        throw validation('Send {"raw": "<JSON5 text>"} of at most 1 MiB');
      let parsed: unknown;
      try {
        parsed = JSON5.parse(raw);
      } catch (err) {
        throw validation(`The settings are not valid JSON5: ${(err as Error).message}`);
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw validation('Settings must be a JSON5 object');
      const file = userFile(userId, id);
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, raw);
    },
  };
}
