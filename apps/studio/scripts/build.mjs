// Builds apps/studio/dist: `node scripts/build.mjs` (production) or `--dev` (fast, with source maps).
// Uses webpack's Node API directly (webpack-cli pulls in a dependency that wants Node 22).
import webpack from 'webpack';
import config from '../webpack.config.mjs';
import { collectAssets } from './collect-assets.mjs';

const production = !process.argv.includes('--dev');
const started = Date.now();
const stats = await new Promise((resolve, reject) => {
  webpack(config({ production }), (err, result) => (err ? reject(err) : resolve(result)));
});
const info = stats.toJson({ all: false, errors: true, warnings: true });
for (const w of info.warnings ?? []) console.warn(`warning: ${w.message.split('\n')[0]}`);
if (stats.hasErrors()) {
  for (const e of info.errors) console.error(e.message);
  process.exit(1);
}
const collected = await collectAssets();
// toJson() groups small assets; the compilation has every emitted file.
const assets = Object.values(stats.compilation.assets);
const bytes = assets.reduce((sum, a) => sum + a.size(), 0);
console.log(
  `studio: ${production ? 'production' : 'development'} build in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
    `${assets.length} files, ${(bytes / 1e6).toFixed(1)} MB of JS/assets, ${collected.schemas} settings schemas, ` +
    `${collected.themes} themes`,
);
