// bench/api: DescribeDomain and ListUserProfiles through the real SDK client (SigV4 signed),
// at 1, 8 and 32 concurrent callers, beside a baseline measured in the same run: the same SDK
// client against a bare node:http server that answers a canned response with no auth, no
// validation and no database — the floor that client and HTTP alone impose on this machine.
// A second table takes the SDK client's own CPU out of the picture: wrk replays pre-signed
// requests against Tessera and against the same bare server.
// Prints figures; never fails on a time.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateDomainCommand,
  CreateUserProfileCommand,
  DescribeDomainCommand,
  ListUserProfilesCommand,
} from '@aws-sdk/client-sagemaker';
import { adminClients, sageMakerClient, startServer, waitFor } from '@tessera/test-support';
import { ensureWrk, runWrk, wrkScript } from './wrk.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LEVELS = [1, 8, 32];

interface Result {
  name: string;
  callers: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(name: string, callers: number, call: () => Promise<unknown>): Promise<Result> {
  // Warm-up, so JIT and connection set-up do not count.
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let i = 0; i < 20; i++) await call();
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await call();
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { name, callers, rps: latencies.length / elapsed, p50: q(0.5), p99: q(0.99), errors };
}

function print(rows: Result[]) {
  console.log(
    `${'operation'.padEnd(34)}${'callers'.padStart(8)}${'req/s'.padStart(10)}${'p50 ms'.padStart(9)}` +
      `${'p99 ms'.padStart(9)}${'errors'.padStart(8)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(34)}${String(r.callers).padStart(8)}${r.rps.toFixed(0).padStart(10)}` +
        `${r.p50.toFixed(2).padStart(9)}${r.p99.toFixed(2).padStart(9)}${String(r.errors).padStart(8)}`,
    );
  }
}

const server = await startServer({
  env: {
    LOG_LEVEL: 'warn',
    TESSERA_VALIDATE_RESPONSES: '0',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  },
});
const baseline = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(
      JSON.stringify({
        DomainId: 'd-baseline0000',
        DomainName: 'bench',
        Status: 'InService',
        CreationTime: 1,
        LastModifiedTime: 1,
      }),
    );
  });
});
await new Promise<void>((r) => baseline.listen(0, '127.0.0.1', r));
try {
  const { sagemaker, credentials } = await adminClients(server);
  const { DomainId } = await sagemaker.send(
    new CreateDomainCommand({ DomainName: 'bench', AuthMode: 'IAM', DefaultUserSettings: {} }),
  );
  await waitFor(
    async () =>
      (await sagemaker.send(new DescribeDomainCommand({ DomainId }))).Status === 'InService' ? true : undefined,
    'domain InService',
  );
  for (let i = 0; i < 20; i++)
    await sagemaker.send(new CreateUserProfileCommand({ DomainId, UserProfileName: `user-${i}` }));

  const client = sageMakerClient(server.url, credentials);
  const direct = sageMakerClient(`http://127.0.0.1:${(baseline.address() as AddressInfo).port}`, credentials);
  const rows: Result[] = [];
  for (const callers of LEVELS) {
    rows.push(
      await measure('baseline: bare http, same SDK', callers, () =>
        direct.send(new DescribeDomainCommand({ DomainId })),
      ),
    );
    rows.push(await measure('DescribeDomain', callers, () => client.send(new DescribeDomainCommand({ DomainId }))));
    rows.push(
      await measure('ListUserProfiles (10 of 20)', callers, () =>
        client.send(new ListUserProfilesCommand({ DomainIdEquals: DomainId, MaxResults: 10 })),
      ),
    );
  }
  console.log(
    `\nbench/api — ${SECONDS} s per row, server on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}, ` +
      `client and server on this ${(await import('node:os')).cpus().length}-core machine\n`,
  );
  print(rows);
  const d32 = rows.find((r) => r.name === 'DescribeDomain' && r.callers === 32)!;
  console.log(
    `\nDescribeDomain at 32 SDK callers: ${d32.rps.toFixed(0)} req/s (target ≥ 3000), ` +
      `p99 ${d32.p99.toFixed(2)} ms (target < 15)`,
  );

  if (ensureWrk()) {
    const baselineUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}/`;
    const describe = await wrkScript(server.url, credentials, 'SageMaker.DescribeDomain', { DomainId });
    const list = await wrkScript(server.url, credentials, 'SageMaker.ListUserProfiles', {
      DomainIdEquals: DomainId,
      MaxResults: 10,
    });
    const replay: Result[] = [];
    for (const callers of LEVELS) {
      for (const [name, url, script] of [
        ['baseline: bare http (wrk)', baselineUrl, describe],
        ['DescribeDomain (wrk, pre-signed)', `${server.url}/`, describe],
        ['ListUserProfiles (wrk, pre-signed)', `${server.url}/`, list],
      ] as const) {
        const r = await runWrk(url, script, callers, SECONDS);
        replay.push({ name, callers, rps: r.rps, p50: r.p50, p99: r.p99, errors: r.non2xx });
      }
    }
    console.log('\nServer capacity, without the SDK client (wrk replays a request signed in advance):\n');
    print(replay);
  } else {
    console.log('\nwrk is not installed and could not be (apt-get install wrk): server-capacity rows skipped');
  }
} finally {
  baseline.close();
  await server.stop();
  await server.cleanup();
}
