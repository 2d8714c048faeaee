// Preloaded into the server (NODE_OPTIONS=--import) when BENCH_CPU_PROF is set: Node 20 refuses
// --cpu-prof in NODE_OPTIONS, and the server is started by test-support with fixed arguments.
// The in-process inspector session answers synchronously, so the profile is written on exit.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
