// The Studio bundle: one JS entry (src/index.ts) that shows Studio's boot progress and then loads
// the JupyterLab application as a separate chunk. Themes and settings schemas are not bundled:
// scripts/collect-assets.mjs writes them beside the bundle for the server to serve by URL.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { EsbuildPlugin } from 'esbuild-loader';

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL('.', import.meta.url));

export default function config({ production }) {
  return {
    mode: production ? 'production' : 'development',
    context: here,
    entry: { studio: './src/index.ts' },
    output: {
      path: `${here}dist/static`,
      // The server serves dist/static at this path (apps/server/src/studio-ui).
      publicPath: '/studio/static/',
      // The page names the entry (studio.js); the chunks it loads carry content hashes.
      filename: '[name].js',
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      assetModuleFilename: 'assets/[name].[contenthash:8][ext]',
      clean: true,
    },
    devtool: production ? false : 'eval-cheap-module-source-map',
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      // Our workspace packages import siblings with explicit .ts extensions (tsx style).
      extensionAlias: { '.js': ['.ts', '.js'] },
      // JupyterLab's libraries reach for Node built-ins in code paths the browser never takes.
      fallback: { path: require.resolve('path-browserify'), process: false, fs: false, crypto: false, url: false },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          loader: 'esbuild-loader',
          options: { target: 'es2022', tsconfigRaw: { compilerOptions: { jsx: 'react' } } },
        },
        // Some of JupyterLab's dependencies ship ESM without file extensions in their imports.
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
        { test: /\.raw\.css$/, type: 'asset/source' },
        { test: /(?<!\.raw)\.css$/, use: ['style-loader', 'css-loader'] },
        // SVG imported from JS is an icon's source text; from CSS url() it is an inline data URL.
        { test: /\.svg$/, issuer: /\.css$/, type: 'asset/inline' },
        { test: /\.svg$/, issuer: /\.[cm]?[jt]sx?$/, type: 'asset/source' },
        { test: /\.(woff2?|ttf|eot|png|jpe?g|gif)$/, type: 'asset/resource' },
        { test: /\.md$/, type: 'asset/source' },
      ],
    },
    optimization: {
      minimizer: [new EsbuildPlugin({ target: 'es2022', css: false })],
      // The boot chunk stays small; JupyterLab and its vendors load after.
      splitChunks: false,
    },
    performance: { hints: false },
    stats: 'errors-warnings',
    ignoreWarnings: [/Failed to parse source map/, /size limit/],
    cache: production ? false : { type: 'filesystem', buildDependencies: { config: [fileURLToPath(import.meta.url)] } },
  };
}
