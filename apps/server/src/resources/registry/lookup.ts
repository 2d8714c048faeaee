// Finding registry rows the way every registry operation needs them: a group by name or ARN, a
// versioned package by ARN, each only for its owner (and admins). Anyone else's is absent, with
// SageMaker's ValidationException, as models and endpoints are.
import type { ModelPackage, ModelPackageGroup } from '@tessera/db';
import { absentInvalid, validation } from '../../platform/errors.ts';
import type { OpContext } from '../services.ts';
import { visibleTo } from '../jobs/access.ts';

const isArn = (s: string) => s.startsWith('arn:');

export async function findGroup(ctx: OpContext<'db' | 'arns'>, nameOrArn: string): Promise<ModelPackageGroup> {
  const { db } = ctx.services;
  // By ARN either way: names are unique regardless of case, as their ARNs are.
  const arn = isArn(nameOrArn) ? nameOrArn.toLowerCase() : ctx.services.arns.named('model-package-group', nameOrArn);
  const row = await db.modelPackageGroup.findUnique({ where: { arn } });
  if (!row || !visibleTo(ctx.principal, row)) throw absentInvalid(`ModelPackageGroup ${nameOrArn} does not exist.`);
  return row;
}

/** The group a ListModelPackages filter names, by name or ARN (an ARN's name is lower-cased). */
export async function groupNameOf(ctx: OpContext<'db'>, nameOrArn: string): Promise<string> {
  if (!isArn(nameOrArn)) return nameOrArn;
  const row = await ctx.services.db.modelPackageGroup.findUnique({ where: { arn: nameOrArn.toLowerCase() } });
  return row?.name ?? nameOrArn;
}

export async function findPackage(ctx: OpContext<'db'>, arn: string): Promise<ModelPackage> {
  if (!isArn(arn))
    throw validation(
      `ModelPackageName ${arn} names an unversioned model package, which Tessera does not keep: ` +
        'give a versioned package ARN (…:model-package/<group>/<version>)',
    );
  const row = await ctx.services.db.modelPackage.findUnique({ where: { arn: arn.toLowerCase() } });
  if (!row || !visibleTo(ctx.principal, row)) throw absentInvalid(`ModelPackage ${arn} does not exist.`);
  return row;
}

/**
 * Where a group's version counter is kept once the group is gone: a later group of the name (anyone's)
 * goes on from there, so a version ARN never names two packages.
 */
export const counterKey = (groupArn: string) => `modelPackageNextVersion:${groupArn}`;
