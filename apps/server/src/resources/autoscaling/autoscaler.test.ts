import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@tessera/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger.ts';
import { createAutoscaler, variantResourceId } from './autoscaler.ts';

let dir: string;
let database: Database;
let clock = Date.UTC(2026, 10, 27, 12, 0, 0);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-autoscaler-'));
  database = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

async function register(endpoint: string, min: number, max: number, config?: Record<string, unknown>) {
  const id = `t-${endpoint}`;
  await database.prisma.scalableTarget.create({
    data: {
      id,
      serviceNamespace: 'sagemaker',
      resourceId: variantResourceId(endpoint, 'AllTraffic'),
      scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      minCapacity: min,
      maxCapacity: max,
      ownerUserId: 'alice',
    },
  });
  if (config) {
    await database.prisma.scalingPolicy.create({
      data: {
        id: `p-${endpoint}`,
        arn: `arn:p-${endpoint}`,
        name: 'ipi',
        targetId: id,
        policyType: 'TargetTrackingScaling',
        config: config as never,
      },
    });
  }
}

describe('createAutoscaler().evaluate', () => {
  const autoscaler = () => createAutoscaler({ db: database.prisma, logger: createLogger('silent'), now: () => clock });

  it('leaves variants without a scalable target alone', async () => {
    expect(await autoscaler().evaluate('unregistered', 'AllTraffic', 3, 1e6)).toBe(3);
  });

  it('scales out, records the activity for the owner, and respects the cooldown it started', async () => {
    await register('ep-out', 1, 4, {
      TargetValue: 100,
      ScaleOutCooldown: 60,
      PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
    });
    expect(await autoscaler().evaluate('ep-out', 'AllTraffic', 1, 250)).toBe(3);
    const [activity] = await database.prisma.scalingActivity.findMany({
      where: { resourceId: variantResourceId('ep-out', 'AllTraffic') },
    });
    expect(activity).toMatchObject({
      ownerUserId: 'alice',
      fromCapacity: 1,
      toCapacity: 3,
      statusCode: 'Successful',
      description: 'Setting desired instance count to 3.',
    });
    expect(activity!.cause).toMatch(/scaling out from 1 to 3/);

    clock += 30_000;
    expect(await autoscaler().evaluate('ep-out', 'AllTraffic', 3, 400)).toBe(3);
    clock += 30_000;
    expect(await autoscaler().evaluate('ep-out', 'AllTraffic', 3, 400)).toBe(4);
    expect(
      await database.prisma.scalingActivity.count({ where: { resourceId: variantResourceId('ep-out', 'AllTraffic') } }),
    ).toBe(2);
  });

  it('lets only one of two concurrent evaluations scale a variant', async () => {
    await register('ep-race', 1, 5, { TargetValue: 10 });
    const a = autoscaler();
    const b = autoscaler();
    const results = await Promise.all([
      a.evaluate('ep-race', 'AllTraffic', 1, 30),
      b.evaluate('ep-race', 'AllTraffic', 1, 30),
    ]);
    expect(results.sort()).toEqual([1, 3]);
    expect(
      await database.prisma.scalingActivity.count({
        where: { resourceId: variantResourceId('ep-race', 'AllTraffic') },
      }),
    ).toBe(1);
  });

  it('brings a variant up to a raised minimum without any policy', async () => {
    await register('ep-min', 2, 3);
    expect(await autoscaler().evaluate('ep-min', 'AllTraffic', 1, 0)).toBe(2);
    expect(await autoscaler().evaluate('ep-min', 'AllTraffic', 2, 0)).toBe(2);
  });
});
