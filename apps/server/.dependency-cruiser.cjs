// The server's layers (README.md): surfaces → resources → runtime → platform. Imports point down
// only, never in a circle; a surface uses another surface only through the shared protocol
// helpers (surfaces/http, surfaces/aws, surfaces/web). Type-only imports count: a cycle of types is still a
// knot a reader has to untie. Run by scripts/test.sh (pnpm run -s lint:layers).
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'platform-is-the-floor',
      comment: 'platform/ (database, objects, identity, logs, config) builds on nothing of the server above it',
      severity: 'error',
      from: { path: layer('platform') },
      to: { path: ['^src/(runtime|resources|surfaces)/', '^src/(app|main)\\.ts$'] },
    },
    {
      name: 'runtime-below-resources',
      comment: 'runtime/ runs containers for whoever asks; it knows no resource kind or surface',
      severity: 'error',
      from: { path: layer('runtime') },
      to: { path: ['^src/(resources|surfaces)/', '^src/(app|main)\\.ts$'] },
    },
    {
      name: 'resources-below-surfaces',
      comment: 'resources/ (operations, reconcilers, quotas) never reach up into a protocol',
      severity: 'error',
      from: { path: layer('resources') },
      to: { path: ['^src/surfaces/', '^src/(app|main)\\.ts$'] },
    },
    {
      name: 'surfaces-apart',
      comment:
        'one surface does not import another; shared helpers live in surfaces/http, surfaces/aws and surfaces/web ' +
        '(the look of the pages)',
      severity: 'error',
      from: { path: '^src/surfaces/([^/]+)/' },
      to: { path: '^src/surfaces/([^/]+)/', pathNot: ['^src/surfaces/$1/', '^src/surfaces/(http|aws|web)/'] },
    },
    {
      name: 'only-the-root-wires',
      comment: 'app.ts and main.ts compose the server; nothing imports them back',
      severity: 'error',
      from: { pathNot: '^src/(app|main)\\.ts$' },
      to: { path: '^src/(app|main)\\.ts$' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$'] },
  },
};
