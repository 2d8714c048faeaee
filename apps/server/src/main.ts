// Entry point: `pnpm start` (see README). Prints one "listening" log line with the port; on the
// first start it prints the generated admin password once, to the terminal and not the log.
import { createApp } from './app.ts';
import { loadConfig } from './platform/config.ts';

const config = loadConfig();
const app = await createApp(config, { validateResponses: process.env.TESSERA_VALIDATE_RESPONSES === '1' });
const { logger } = app.services;
const started = await app.start();
if (started.adminUsername) {
  if (started.adminPassword) {
    process.stderr.write(
      `\n  Tessera created the administrator "${started.adminUsername}" with password:\n\n` +
        `      ${started.adminPassword}\n\n` +
        '  It is shown only this once. Sign in and change it (POST /api/v1/me/password), or set\n' +
        '  TESSERA_ADMIN_PASSWORD before the first start.\n\n',
    );
  } else {
    logger.info({ username: started.adminUsername }, 'administrator created from TESSERA_ADMIN_PASSWORD');
  }
}
// Always printed, whatever LOG_LEVEL says: scripts and tests wait for this line.
logger
  .child({}, { level: 'info' })
  .info(
    { port: started.port, url: app.services.publicUrl(), database: app.services.provider, dataDir: config.dataDir },
    'listening',
  );

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.stop();
    process.exit(0);
  });
}
