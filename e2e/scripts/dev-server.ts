// Development aid: a real server with a Studio user, kept running until Ctrl-C.
//   pnpm --filter @tessera/e2e exec tsx scripts/dev-server.ts   → prints the URL and the user's credentials
import { writeFileSync } from 'node:fs';
import { startStudioWorld } from '../support/studio-world.ts';

const world = await startStudioWorld();
const user = await world.newUser();
const info = {
  url: world.server.url,
  username: user.username,
  password: user.password,
  domainId: user.domainId,
  profile: user.profile,
  dataDir: world.server.dataDir,
  pid: world.server.process.pid,
};
console.log(JSON.stringify(info));
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(info));
const stop = async () => {
  await world.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Echo the server's log lines, for debugging what the browser does.
let printed = 0;
setInterval(() => {
  while (printed < world.server.output.length) console.log(world.server.output[printed++]);
}, 500);
