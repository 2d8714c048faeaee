import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@tessera/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArns } from '../../platform/arns.ts';
import { createLogger } from '../../platform/logger.ts';
import { createMeter } from './meter.ts';

let dir: string;
let database: Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-meter-'));
  database = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the usage meter', () => {
  it('opens one record per running instance when several servers meter it at once, and closes it once', async () => {
    const db = database.prisma;
    const arns = createArns('us-east-1', '000000000000');
    await db.job.create({
      data: {
        id: 'j1',
        kind: 'Training',
        name: 'twice',
        arn: arns.named('training-job', 'twice'),
        spec: {},
        status: 'InProgress',
        instanceType: 'ml.m5.large',
        instanceCount: 2,
        startedAt: new Date(Date.now() - 60_000),
      },
    });
    const servers = Array.from({ length: 4 }, () => createMeter({ db, arns, logger: createLogger('silent') }));
    await Promise.all(servers.flatMap((m) => [m.sync('trainingJob', 'j1'), m.sync('trainingJob', 'j1')]));
    const open = await db.usageRecord.findMany({ where: { resourceArn: arns.named('training-job', 'twice') } });
    expect(open.map((r) => r.instance).sort()).toEqual(['algo-1', 'algo-2']);
    expect(open.every((r) => r.endedAt === null && r.openKey === `${r.resourceArn}#${r.instance}`)).toBe(true);

    await db.job.update({ where: { id: 'j1' }, data: { status: 'Completed', endedAt: new Date() } });
    await Promise.all(servers.map((m) => m.sync('trainingJob', 'j1')));
    const closed = await db.usageRecord.findMany({ where: { resourceArn: arns.named('training-job', 'twice') } });
    expect(closed).toHaveLength(2);
    expect(closed.every((r) => r.endedAt !== null && r.openKey === null)).toBe(true);
  });
});
