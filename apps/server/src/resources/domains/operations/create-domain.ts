import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import { inUse, limitExceeded } from '../../../platform/errors.ts';
import { newDomainId, newFileSystemId } from '../../../platform/identity/ids.ts';
import type { OpContext } from '../../services.ts';
import { json } from '../../../platform/db/json.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';

export async function createDomain(
  ctx: OpContext<'arns' | 'config' | 'db' | 'events' | 'publicUrl' | 'reconciler'>,
  input: OperationInput<'CreateDomain'>,
): Promise<OperationOutput<'CreateDomain'>> {
  const { db, arns, config, reconciler, events } = ctx.services;
  requireAdmin(ctx.principal, 'CreateDomain', arns.domain('*'));
  const id = newDomainId();
  const arn = arns.domain(id);
  const url = `${ctx.services.publicUrl()}/studio/${id}`;
  await writeTransaction(db, async (tx) => {
    const count = await tx.domain.count();
    if (count >= config.limits.domains) {
      throw limitExceeded(
        `This installation already has ${count} domains, its limit (TESSERA_MAX_DOMAINS=${config.limits.domains}). ` +
          'Delete a domain or raise the limit.',
      );
    }
    const same = await tx.domain.findFirst({ where: { name: input.DomainName, desiredState: 'Present' } });
    if (same) throw inUse(`Domain name ${input.DomainName} is already used by domain ${same.id}; choose another name`);
    await tx.domain.create({
      data: {
        id,
        name: input.DomainName,
        arn,
        authMode: input.AuthMode,
        status: 'Pending',
        vpcId: input.VpcId ?? '',
        subnetIds: input.SubnetIds ?? [],
        // SageMaker requires an execution role; here the installation's own stands in when none is named,
        // so the SDK's get_execution_role() finds one (its credentials are the caller's: identity/README.md).
        defaultUserSettings: json({ ExecutionRole: ctx.services.arns.executionRole, ...input.DefaultUserSettings }),
        domainSettings: input.DomainSettings && json(input.DomainSettings),
        defaultSpaceSettings: input.DefaultSpaceSettings && json(input.DefaultSpaceSettings),
        appNetworkAccessType: input.AppNetworkAccessType ?? 'PublicInternetOnly',
        appSecurityGroupManagement: input.AppSecurityGroupManagement,
        kmsKeyId: input.KmsKeyId,
        homeEfsFileSystemKmsKeyId: input.HomeEfsFileSystemKmsKeyId,
        homeEfsFileSystemId: newFileSystemId(),
        url,
      },
    });
    if (input.Tags?.length)
      await tx.tag.createMany({ data: input.Tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
  });
  events.publish({ type: 'domain.status', resourceArn: arn, status: 'Pending', audienceUserIds: [] });
  reconciler.enqueue('domain', id);
  return { DomainArn: arn, DomainId: id, Url: url };
}
