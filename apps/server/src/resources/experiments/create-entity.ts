// What creating an experiment, a trial or a trial component shares: the name is taken once (names
// are unique, as in an AWS account; a taken one is SageMaker's ValidationException "already
// exists", which the SageMaker SDK's Run looks for), the tags are written with the row, in one
// transaction. Names Tessera gives what it records (a job's component, a tuning job's experiment,
// a default run group) are not for users to take, so no one can block another's job by taking one.
import type { Tag } from '@tessera/contracts';
import { validation } from '../../platform/errors.ts';
import { type Tx, writeTransaction } from '../../platform/db/transaction.ts';
import type { OpContext } from '../services.ts';

/** The names of what jobs and tuning jobs record. */
export const RESERVED = /(-aws-(training|processing|transform|tuning)-job|-aws-trial)$|^Default-Run-Group-/i;

const WHAT = { experiment: 'An experiment', trial: 'A trial', trialComponent: 'A trial component' } as const;

export async function createEntity(
  ctx: OpContext<'db'>,
  table: keyof typeof WHAT,
  name: string,
  arn: string,
  tags: Tag[] | undefined,
  create: (tx: Tx) => Promise<unknown>,
): Promise<void> {
  const taken = () => validation(`${WHAT[table]} named ${name} already exists; names are unique`);
  if (RESERVED.test(name))
    throw validation(
      `${name} is a name Tessera gives what it records (…-aws-training-job, …-aws-tuning-job, …-aws-trial, ` +
        'Default-Run-Group-…); choose another',
    );
  try {
    await writeTransaction(ctx.services.db, async (tx) => {
      const delegate = tx[table] as unknown as { findFirst(a: object): Promise<unknown> };
      if (await delegate.findFirst({ where: { OR: [{ name }, { arn }] }, select: { id: true } })) throw taken();
      await create(tx);
      await tx.tag.deleteMany({ where: { resourceArn: arn } });
      if (tags?.length)
        await tx.tag.createMany({ data: tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') throw taken();
    throw err;
  }
}
