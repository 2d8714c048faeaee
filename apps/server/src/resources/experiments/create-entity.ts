// What creating an experiment, a trial or a trial component shares: the name is taken once (names
// are unique, as in an AWS account), the tags are written with the row, in one transaction.
import type { Tag } from '@tessera/contracts';
import { inUse } from '../../platform/errors.ts';
import { type Tx, writeTransaction } from '../../platform/db/transaction.ts';
import type { OpContext } from '../services.ts';

const WHAT = { experiment: 'An experiment', trial: 'A trial', trialComponent: 'A trial component' } as const;

export async function createEntity(
  ctx: OpContext<'db'>,
  table: keyof typeof WHAT,
  name: string,
  arn: string,
  tags: Tag[] | undefined,
  create: (tx: Tx) => Promise<unknown>,
): Promise<void> {
  const taken = () => inUse(`${WHAT[table]} named ${name} already exists; names are unique`);
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
