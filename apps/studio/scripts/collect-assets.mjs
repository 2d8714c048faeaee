// Writes what jupyterlab_server would serve from its app directory, next to the bundle:
//   dist/schemas/<package>/<plugin>.json   every extension's settings schemas (jupyterlab.schemaDir)
//   dist/schemas/overrides.json            Studio's defaults for other packages' settings
//   dist/themes/<package>/<file>.css       theme CSS with its @imports inlined (loaded by URL)
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const dist = join(appDir, 'dist');

function packageDir(name, from) {
  return dirname(createRequire(join(from, 'package.json')).resolve(`${name}/package.json`));
}

/** Inlines `@import` recursively; bare specifiers resolve like Node modules from the importing file. */
function inlineCss(file, seen = new Set()) {
  if (seen.has(file)) return '';
  seen.add(file);
  return readFileSync(file, 'utf8').replace(/@import\s+(?:url\()?['"]([^'"]+)['"]\)?\s*;/g, (_m, spec) => {
    const target = spec.startsWith('.') ? resolve(dirname(file), spec) : createRequire(file).resolve(spec);
    return inlineCss(target, seen);
  });
}

export async function collectAssets() {
  for (const sub of ['schemas', 'themes']) rmSync(join(dist, sub), { recursive: true, force: true });
  const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
  let schemas = 0;
  let themes = 0;
  for (const name of Object.keys(pkg.dependencies)) {
    const dir = packageDir(name, appDir);
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const lab = meta.jupyterlab ?? {};
    if (lab.schemaDir && existsSync(join(dir, lab.schemaDir))) {
      const out = join(dist, 'schemas', name);
      mkdirSync(out, { recursive: true });
      for (const f of readdirSync(join(dir, lab.schemaDir)).filter((f) => f.endsWith('.json'))) {
        cpSync(join(dir, lab.schemaDir, f), join(out, f));
        schemas++;
      }
    }
    // JupyterLab's convention: one theme per package, built to <package>/index.css.
    const themeFiles = lab.themePath ? { index: lab.themePath } : {};
    // Ours: several named themes in one package (tessera.themes: {name: path}).
    Object.assign(themeFiles, meta.tessera?.themes ?? {});
    for (const [themeName, path] of Object.entries(themeFiles)) {
      const out = join(dist, 'themes', name, `${themeName}.css`);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, inlineCss(join(dir, path)));
      themes++;
    }
  }
  cpSync(join(appDir, 'overrides.json'), join(dist, 'schemas', 'overrides.json'));
  return { schemas, themes };
}
