// Bundles the console with esbuild into dist/ (console.js + console.css), in about a second.
// --watch rebuilds on change while developing.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const watch = process.argv.includes('--watch');
rmSync(`${root}dist`, { recursive: true, force: true });
const options = {
  absWorkingDir: root,
  entryPoints: { console: 'src/main.tsx' },
  outdir: 'dist',
  bundle: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: !watch,
  sourcemap: watch ? 'inline' : false,
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': JSON.stringify(watch ? 'development' : 'production') },
  logLevel: 'info',
};
if (watch) await (await esbuild.context(options)).watch();
else await esbuild.build(options);
