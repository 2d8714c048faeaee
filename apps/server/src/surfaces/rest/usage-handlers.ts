// REST handlers for usage and prices (routes in @tessera/contracts rest/usage.ts; admins only).
import { notFound } from '../../platform/errors.ts';
import type { RestContext } from './context.ts';
import { usageCsv as toCsv, usageReport, usageWindow } from '../../resources/usage/usage-report.ts';

const priceView = (t: { name: string; vcpu: number; memoryGiB: number; gpus: number; pricePerHour: number }) => ({
  instanceType: t.name,
  vcpu: t.vcpu,
  memoryGiB: t.memoryGiB,
  gpus: t.gpus,
  pricePerHour: t.pricePerHour,
});

export const usageHandlers = {
  async getUsage(c: RestContext) {
    return usageReport(c.services.db, usageWindow(c.query), { domainId: c.query.domainId });
  },
  async usageCsv(c: RestContext) {
    const report = await usageReport(c.services.db, usageWindow(c.query), { domainId: c.query.domainId });
    c.res.set('content-disposition', `attachment; filename="tessera-usage-${report.from}-to-${report.to}.csv"`);
    return toCsv(report);
  },
  async listPrices(c: RestContext) {
    const types = await c.services.db.instanceType.findMany({ orderBy: [{ pricePerHour: 'asc' }, { name: 'asc' }] });
    return { currency: 'USD' as const, prices: types.map(priceView) };
  },
  async putPrice(c: RestContext) {
    const name = c.params.instanceType!;
    const { count } = await c.services.db.instanceType.updateMany({
      where: { name },
      data: { pricePerHour: c.body.pricePerHour },
    });
    if (!count) throw notFound(`Instance type ${name} is not offered by this installation`);
    c.services.logger.info(
      { by: c.principal!.username, instanceType: name, pricePerHour: c.body.pricePerHour },
      'price changed',
    );
    return priceView(await c.services.db.instanceType.findUniqueOrThrow({ where: { name } }));
  },
};
