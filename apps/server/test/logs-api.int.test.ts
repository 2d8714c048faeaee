// The CloudWatch Logs API against a real server (child process) with the AWS SDK's CloudWatch
// Logs client and boto3. No job produces logs in this test: it writes them with the real
// FileLogStore pointed at the server's data directory and database, before and while the server
// runs — which the store allows because it reads files and rows on every call, caching nothing.
//
// Other users' logs: a caller sees only the streams they own (admins see all). Someone else's
// group looks exactly like a group that does not exist (absent from DescribeLogGroups,
// ResourceNotFoundException elsewhere) rather than AccessDeniedException, so that the names of
// other users' jobs and endpoints do not leak.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { openDatabase } from '@tessera/db';
import {
  adminClients,
  rawSageMakerRequest,
  startServer,
  testDatabase,
  type Credentials,
  type RunningServer,
  type Session,
} from '@tessera/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFileLogStore } from '../src/platform/logs/file-log-store.ts';
import type { LogStore } from '../src/platform/logs/log-store.ts';
import { answersWithin, otherUser, useCleanups, type Harness } from './harness.ts';

const run = promisify(execFile);
const cleanup = useCleanups();

const TRAINING = '/aws/sagemaker/TrainingJobs';
const ENDPOINTS = '/aws/sagemaker/Endpoints/churn';
const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);

let server: RunningServer;
let store: LogStore;
let admin: { session: Session; credentials: Credentials };
let alice: Awaited<ReturnType<typeof otherUser>> & { id: string; logs: CloudWatchLogsClient };
let bob: Awaited<ReturnType<typeof otherUser>> & { id: string; logs: CloudWatchLogsClient };
let adminLogs: CloudWatchLogsClient;
let newUser: (name: string) => Promise<{ id: string; logs: CloudWatchLogsClient }>;

const logsClient = (credentials: Credentials) =>
  new CloudWatchLogsClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
const lines = (from: number, n: number, stream: string) =>
  Array.from({ length: n }, (_, i) => ({ timestamp: T0 + (from + i) * 1000, message: `${stream} line ${from + i}` }));
const owner = (id: string, job: string) => ({
  ownerUserId: id,
  resourceArn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${job}`,
});

beforeAll(async () => {
  const db = await testDatabase();
  cleanup(() => db.drop());
  server = await startServer({ databaseUrl: db.url });
  cleanup(
    () => server.cleanup(),
    () => server.stop(),
  );
  admin = await adminClients(server);
  const h = { server, session: admin.session } as Harness;
  const user = async (name: string) => {
    const u = await otherUser(h, name);
    const me = await u.session.rest('GET', '/api/v1/me');
    return { ...u, id: me.body.user.id as string, logs: logsClient(u.credentials) };
  };
  newUser = user;
  alice = await user(`alice-${process.pid}`);
  bob = await user(`bob-${process.pid}`);
  adminLogs = logsClient(admin.credentials);

  // The server migrated the database; this process writes through the store as a job would.
  const direct = await openDatabase(db.url ?? `file:${join(server.dataDir, 'tessera.db')}`);
  cleanup(() => direct.close());
  store = createFileLogStore({ db: direct.prisma, dir: join(server.dataDir, 'logs') });
  await store.append(TRAINING, 'job-a/algo-1-1700000000', lines(0, 25, 'a1'), owner(alice.id, 'job-a'));
  await store.append(TRAINING, 'job-a/algo-2-1700000000', lines(10, 5, 'a2'), owner(alice.id, 'job-a'));
  await store.append(TRAINING, 'job-b/algo-1-1700000000', lines(30, 3, 'b1'), owner(alice.id, 'job-b'));
  await store.append(TRAINING, 'job-z/algo-1-1700000000', lines(0, 2, 'z1'), owner(bob.id, 'job-z'));
  await store.append(
    ENDPOINTS,
    'AllTraffic/i-0',
    [
      { timestamp: T0, message: 'ERROR model failed to load' },
      { timestamp: T0 + 1, message: 'INFO ready' },
    ],
    owner(alice.id, 'ep'),
  );
});

describe('CloudWatch Logs API: groups and streams', () => {
  it("lists the caller's groups by name, with a prefix and paging", async () => {
    const all = await alice.logs.send(new DescribeLogGroupsCommand({}));
    expect(all.logGroups!.map((g) => g.logGroupName)).toEqual([ENDPOINTS, TRAINING]);
    const [endpoints] = all.logGroups!;
    expect(endpoints).toMatchObject({
      creationTime: expect.any(Number),
      storedBytes: expect.any(Number),
      metricFilterCount: 0,
    });
    expect(endpoints!.arn).toMatch(/^arn:aws:logs:us-east-1:\d{12}:log-group:\/aws\/sagemaker\/Endpoints\/churn:\*$/);

    const first = await alice.logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/sagemaker/', limit: 1 }),
    );
    expect(first.logGroups!.map((g) => g.logGroupName)).toEqual([ENDPOINTS]);
    const second = await alice.logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/sagemaker/', limit: 1, nextToken: first.nextToken }),
    );
    expect(second.logGroups!.map((g) => g.logGroupName)).toEqual([TRAINING]);
    expect(second.nextToken).toBeUndefined();
    expect(
      (await alice.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/sagemaker/Training' })))
        .logGroups,
    ).toHaveLength(1);
    const wrongToken = await alice.logs
      .send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/', nextToken: first.nextToken }))
      .catch((e) => e);
    expect(wrongToken).toBeInstanceOf(InvalidParameterException);
  });

  it('lists streams by name or by last event time, with a prefix and paging', async () => {
    const names = (r: { logStreams?: { logStreamName?: string }[] }) => r.logStreams!.map((s) => s.logStreamName);
    const byName = await alice.logs.send(new DescribeLogStreamsCommand({ logGroupName: TRAINING }));
    expect(names(byName)).toEqual(['job-a/algo-1-1700000000', 'job-a/algo-2-1700000000', 'job-b/algo-1-1700000000']);
    expect(byName.logStreams![0]).toMatchObject({
      firstEventTimestamp: T0,
      lastEventTimestamp: T0 + 24_000,
      lastIngestionTime: expect.any(Number),
    });
    expect(byName.logStreams![0]!.arn).toMatch(
      /:log-group:\/aws\/sagemaker\/TrainingJobs:log-stream:job-a\/algo-1-1700000000$/,
    );

    const newest = await alice.logs.send(
      new DescribeLogStreamsCommand({ logGroupName: TRAINING, orderBy: 'LastEventTime', descending: true, limit: 2 }),
    );
    expect(names(newest)).toEqual(['job-b/algo-1-1700000000', 'job-a/algo-1-1700000000']);
    const rest = await alice.logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: TRAINING,
        orderBy: 'LastEventTime',
        descending: true,
        limit: 2,
        nextToken: newest.nextToken,
      }),
    );
    expect(names(rest)).toEqual(['job-a/algo-2-1700000000']);
    expect(rest.nextToken).toBeUndefined();

    const prefixed = await alice.logs.send(
      new DescribeLogStreamsCommand({ logGroupName: TRAINING, logStreamNamePrefix: 'job-a/', descending: true }),
    );
    expect(names(prefixed)).toEqual(['job-a/algo-2-1700000000', 'job-a/algo-1-1700000000']);
    const both = await alice.logs
      .send(
        new DescribeLogStreamsCommand({
          logGroupName: TRAINING,
          logStreamNamePrefix: 'job-a/',
          orderBy: 'LastEventTime',
        }),
      )
      .catch((e) => e);
    expect(both).toBeInstanceOf(InvalidParameterException);
    expect(both.message).toBe('Cannot order by LastEventTime with a logStreamNamePrefix.');
    const arn = byName.logStreams![0]!.arn!.replace(/:log-stream:.*$/, '');
    expect(names(await alice.logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: arn, limit: 1 })))).toEqual([
      'job-a/algo-1-1700000000',
    ]);
  });

  it(
    'answers an unknown group with ResourceNotFoundException ' + 'and a bad request with InvalidParameterException',
    async () => {
      const missing = await alice.logs
        .send(new DescribeLogStreamsCommand({ logGroupName: '/aws/sagemaker/Nothing' }))
        .catch((e) => e);
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
      expect(missing.message).toBe('The specified log group does not exist.');
      const noStream = await alice.logs
        .send(new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: 'nope' }))
        .catch((e) => e);
      expect(noStream).toBeInstanceOf(ResourceNotFoundException);
      expect(noStream.message).toBe('The specified log stream does not exist.');
      const badLimit = await alice.logs
        .send(new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: 'job-a/algo-1-1700000000', limit: 0 }))
        .catch((e) => e);
      expect(badLimit).toBeInstanceOf(InvalidParameterException);
      expect(badLimit.message).toMatch(
        /Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1/,
      );
    },
  );
});

describe('CloudWatch Logs API: events', () => {
  const group = TRAINING;
  const stream = 'job-a/algo-1-1700000000';

  it(
    'pages forward from the head and hands back the same ' + 'forward token at the end, until new events arrive',
    async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let page = await alice.logs.send(
        new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, limit: 10 }),
      );
      for (;;) {
        seen.push(...page.events!.map((e) => e.message!));
        if (page.nextForwardToken === token) break;
        token = page.nextForwardToken;
        page = await alice.logs.send(
          new GetLogEventsCommand({
            logGroupName: group,
            logStreamName: stream,
            startFromHead: true,
            limit: 10,
            nextToken: token,
          }),
        );
      }
      expect(seen).toEqual(lines(0, 25, 'a1').map((l) => l.message));
      expect(page.events).toEqual([]);
      expect(page.events).toHaveLength(0);
      const again = await alice.logs.send(
        new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, nextToken: token }),
      );
      expect(again.nextForwardToken).toBe(token);
      expect(again.events).toEqual([]);

      await store.append(group, stream, lines(25, 2, 'a1'), owner(alice.id, 'job-a'));
      const more = await alice.logs.send(
        new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, nextToken: token }),
      );
      expect(more.events!.map((e) => e.message)).toEqual(['a1 line 25', 'a1 line 26']);
      expect(more.events![0]).toMatchObject({ timestamp: T0 + 25_000, ingestionTime: expect.any(Number) });
      expect(more.nextForwardToken).not.toBe(token);
    },
  );

  it(
    'reads the newest events by default and pages backward to the start, ' + 'where the backward token stays put',
    async () => {
      const latest = await alice.logs.send(
        new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 10 }),
      );
      expect(latest.events!.map((e) => e.message)).toEqual(lines(17, 10, 'a1').map((l) => l.message));
      const pages = [latest.events!.map((e) => e.message)];
      let token = latest.nextBackwardToken;
      for (;;) {
        const page = await alice.logs.send(
          new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 10, nextToken: token }),
        );
        if (page.nextBackwardToken === token) {
          expect(page.events).toEqual([]);
          break;
        }
        pages.unshift(page.events!.map((e) => e.message));
        token = page.nextBackwardToken;
      }
      expect(pages.map((p) => p.length)).toEqual([7, 10, 10]);
      expect(pages.flat()).toEqual(lines(0, 27, 'a1').map((l) => l.message));
      // Backward then forward again from the same place.
      const forward = await alice.logs.send(
        new GetLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          limit: 3,
          nextToken: token!.replace(/^b\//, 'f/'),
        }),
      );
      expect(forward.events!.map((e) => e.message)).toEqual(['a1 line 0', 'a1 line 1', 'a1 line 2']);
    },
  );

  it('keeps startTime inclusive and endTime exclusive', async () => {
    const page = await alice.logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        startFromHead: true,
        startTime: T0 + 5_000,
        endTime: T0 + 8_000,
      }),
    );
    expect(page.events!.map((e) => e.message)).toEqual(['a1 line 5', 'a1 line 6', 'a1 line 7']);
  });

  it('refuses tokens that are not its own or belong to another stream', async () => {
    const page = await alice.logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, limit: 1 }),
    );
    const otherStream = await alice.logs
      .send(
        new GetLogEventsCommand({
          logGroupName: group,
          logStreamName: 'job-b/algo-1-1700000000',
          nextToken: page.nextForwardToken,
        }),
      )
      .catch((e) => e);
    expect(otherStream).toBeInstanceOf(InvalidParameterException);
    // Position 3 lies inside the first event's line.
    for (const nextToken of ['garbage', page.nextForwardToken!.replace(/^f\/\d{20}/, 'f/00000000000000000003')]) {
      const bad = await alice.logs
        .send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, nextToken }))
        .catch((e) => e);
      expect(bad, nextToken).toBeInstanceOf(InvalidParameterException);
    }
  });

  it('filters a group by pattern and streams, interleaved by time, with paging', async () => {
    const filtered = await alice.logs.send(
      new FilterLogEventsCommand({ logGroupName: group, filterPattern: '"line 1"', logStreamNamePrefix: 'job-a/' }),
    );
    expect(filtered.events!.map((e) => e.message)).toEqual([
      'a1 line 1',
      'a1 line 10',
      'a2 line 10',
      'a1 line 11',
      'a2 line 11',
      'a1 line 12',
      'a2 line 12',
      'a1 line 13',
      'a2 line 13',
      'a1 line 14',
      'a2 line 14',
      'a1 line 15',
      'a1 line 16',
      'a1 line 17',
      'a1 line 18',
      'a1 line 19',
    ]);
    expect(filtered.events!.every((e) => e.eventId && e.ingestionTime)).toBe(true);
    expect(filtered.searchedLogStreams).toEqual([
      { logStreamName: 'job-a/algo-1-1700000000', searchedCompletely: true },
      { logStreamName: 'job-a/algo-2-1700000000', searchedCompletely: true },
    ]);

    const collected: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await alice.logs.send(
        new FilterLogEventsCommand({
          logGroupName: group,
          logStreamNames: ['job-a/algo-2-1700000000', 'job-b/algo-1-1700000000'],
          startTime: T0 + 11_000,
          endTime: T0 + 31_000,
          limit: 2,
          nextToken,
        }),
      );
      collected.push(...page.events!.map((e) => (e.timestamp! - T0) / 1000));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(collected).toEqual([11, 12, 13, 14, 30, 31]);

    const errors = await alice.logs.send(
      new FilterLogEventsCommand({ logGroupName: ENDPOINTS, filterPattern: '?ERROR ?FATAL' }),
    );
    expect(errors.events!.map((e) => e.message)).toEqual(['ERROR model failed to load']);
    const json = await alice.logs
      .send(new FilterLogEventsCommand({ logGroupName: ENDPOINTS, filterPattern: '{ $.level = "ERROR" }' }))
      .catch((e) => e);
    expect(json).toBeInstanceOf(InvalidParameterException);
    expect(json.message).toMatch(/JSON filter patterns/);
  });
});

describe('CloudWatch Logs API: who sees what', () => {
  it("shows a user only their own streams, and someone else's group as one that does not exist", async () => {
    expect((await bob.logs.send(new DescribeLogGroupsCommand({}))).logGroups!.map((g) => g.logGroupName)).toEqual([
      TRAINING,
    ]);
    const streams = await bob.logs.send(new DescribeLogStreamsCommand({ logGroupName: TRAINING }));
    expect(streams.logStreams!.map((s) => s.logStreamName)).toEqual(['job-z/algo-1-1700000000']);
    for (const cmd of [
      new DescribeLogStreamsCommand({ logGroupName: ENDPOINTS }),
      new GetLogEventsCommand({ logGroupName: ENDPOINTS, logStreamName: 'AllTraffic/i-0' }),
      new FilterLogEventsCommand({ logGroupName: ENDPOINTS }),
    ]) {
      const err = await bob.logs.send(cmd as never).catch((e) => e);
      expect(err, cmd.constructor.name).toBeInstanceOf(ResourceNotFoundException);
      expect(err.message).toBe('The specified log group does not exist.');
    }
    const theirs = await bob.logs
      .send(new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: 'job-a/algo-1-1700000000' }))
      .catch((e) => e);
    expect(theirs.message).toBe('The specified log stream does not exist.');
    const filtered = await bob.logs.send(new FilterLogEventsCommand({ logGroupName: TRAINING }));
    expect(new Set(filtered.events!.map((e) => e.logStreamName))).toEqual(new Set(['job-z/algo-1-1700000000']));

    const everything = await adminLogs.send(new DescribeLogStreamsCommand({ logGroupName: TRAINING }));
    expect(everything.logStreams).toHaveLength(4);
  });

  it('refuses a bad signature and a request signed for another service', async () => {
    const forged = logsClient({ accessKeyId: alice.credentials.accessKeyId, secretAccessKey: 'not-the-secret-at-all' });
    const err = await forged.send(new DescribeLogGroupsCommand({})).catch((e) => e);
    expect(err.name).toBe('InvalidSignatureException');
    expect(err.$metadata.httpStatusCode).toBe(403);
    const unknownKey = await logsClient({ accessKeyId: 'AKIANOTAREALKEY00000', secretAccessKey: 'x' })
      .send(new DescribeLogGroupsCommand({}))
      .catch((e) => e);
    expect(unknownKey.name).toBe('UnrecognizedClientException');
    // Signed correctly, but for SageMaker: the credential scope must name `logs`.
    const scoped = await rawSageMakerRequest(server.url, alice.credentials, {
      target: 'Logs_20140328.DescribeLogGroups',
      service: 'sagemaker',
    });
    expect(scoped.status).toBe(403);
    expect(scoped.body).toEqual({
      __type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'logs'",
    });
    const unknownOp = await rawSageMakerRequest(server.url, alice.credentials, {
      target: 'Logs_20140328.PutLogEvents',
      service: 'logs',
    });
    expect(unknownOp.body.__type).toBe('UnknownOperationException');
  });
});

describe('CloudWatch Logs API: %regex% filter patterns', () => {
  // A user's regex must not hold the server: on a backtracking engine this pattern takes 2^50
  // steps on each of these lines, and every other request would wait behind it.
  it('runs a catastrophic regex quickly while the server answers other requests', async () => {
    const carol = await newUser(`carol-${process.pid}`);
    const group = '/aws/sagemaker/ProcessingJobs';
    const stream = 'redos/algo-1-1700000000';
    const evil = 'a'.repeat(50) + '!';
    await store.append(
      group,
      stream,
      [
        ...Array.from({ length: 20 }, (_, i) => ({ timestamp: T0 + i, message: evil })),
        { timestamp: T0 + 20, message: 'a'.repeat(100_000) + '!' },
        { timestamp: T0 + 21, message: 'a'.repeat(50) },
        { timestamp: T0 + 22, message: 'b' },
      ],
      { ownerUserId: carol.id, resourceArn: 'arn:aws:sagemaker:us-east-1:123456789012:processing-job/redos' },
    );

    const started = Date.now();
    const filtering = carol.logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '%(a+)+$%' }));
    // Sent once the filter request is on its way, so that a server stuck in it could not answer.
    const health = new Promise((r) => setTimeout(r, 200)).then(() => answersWithin(server, 1000));
    const [filtered, healthMs] = await Promise.all([filtering, health]);
    expect(healthMs).toBeLessThan(1000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(filtered.events!.map((e) => e.message)).toEqual(['a'.repeat(50)]);
  });

  it('refuses regex syntax RE2 cannot run and over-long patterns with InvalidParameterException', async () => {
    for (const [filterPattern, why] of [
      ['%(ERROR|WARN) \\1%', /RE2 does not support backreferences/],
      ['%ERROR(?=:)%', /RE2 does not support lookahead/],
      ['%(?<!WARN )ERROR%', /RE2 does not support lookbehind/],
    ] as const) {
      const err = await alice.logs
        .send(new FilterLogEventsCommand({ logGroupName: ENDPOINTS, filterPattern }))
        .catch((e) => e);
      expect(err, filterPattern).toBeInstanceOf(InvalidParameterException);
      expect(err.message, filterPattern).toMatch(why);
      expect(err.message, filterPattern).toContain(JSON.stringify(filterPattern));
    }
    const long = await alice.logs
      .send(new FilterLogEventsCommand({ logGroupName: ENDPOINTS, filterPattern: `%${'a'.repeat(1023)}%` }))
      .catch((e) => e);
    expect(long).toBeInstanceOf(InvalidParameterException);
    expect(long.message).toMatch(/filterPattern/);
  });
});

describe('CloudWatch Logs API with boto3', () => {
  it('tails a training job stream the way the SageMaker Python SDK does', async () => {
    const script = fileURLToPath(new URL('./boto3_logs.py', import.meta.url));
    const { stdout } = await run('/usr/bin/python3', [script], {
      env: {
        PATH: process.env.PATH,
        TESSERA_URL: server.url,
        AWS_ACCESS_KEY_ID: alice.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: alice.credentials.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      timeout: 60_000,
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(seen.streams).toEqual(['job-a/algo-1-1700000000', 'job-a/algo-2-1700000000']);
    expect(seen.lines).toBe(27 + 5);
    expect(seen.first).toBe('a1 line 0');
    expect(seen.not_found).toBe('ResourceNotFoundException');
  });
});
