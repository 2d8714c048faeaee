// What Search looks through, per resource: the caller's rows (everyone's, for admins), newest
// first, each as the record Search returns (its description, with its tags) and the document the
// filters read (the record, with metrics and tags as maps by name).
import type { Db } from '@tessera/db';
import type { Principal } from '../../platform/identity/principal.ts';
import { experimentView, componentViews, trialView } from '../experiments/views.ts';
import { describePackage } from '../registry/views.ts';
import { describeTrainingJobView } from '../training/views.ts';

export const SEARCHABLE = ['TrainingJob', 'Experiment', 'ExperimentTrial', 'ExperimentTrialComponent', 'ModelPackage'];

/** Rows read per search at most: beyond it, the newest are searched and TotalHits says "at least". */
export const SEARCH_WINDOW = 10_000;

export interface Searchable {
  /** The key in a search result: { TrainingJob: {...} }, { TrialComponent: {...} }, … */
  key: string;
  record: Record<string, unknown>;
  doc: Record<string, unknown>;
}

type Tagged = { Key: string; Value: string }[];

async function tagsOf(db: Db, arns: string[]): Promise<Map<string, Tagged>> {
  const out = new Map<string, Tagged>();
  if (!arns.length) return out;
  for (const t of await db.tag.findMany({ where: { resourceArn: { in: arns } }, orderBy: { key: 'asc' } }))
    (out.get(t.resourceArn) ?? out.set(t.resourceArn, []).get(t.resourceArn)!).push({ Key: t.key, Value: t.value });
  return out;
}

function entry(key: string, record: Record<string, unknown>, tags: Tagged | undefined, extra: object = {}): Searchable {
  const withTags = { ...record, Tags: tags ?? [] };
  return {
    key,
    record: withTags,
    doc: { ...withTags, ...extra, Tags: Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value])) },
  };
}

export async function loadSearchable(
  db: Db,
  principal: Principal,
  resource: string,
  window = SEARCH_WINDOW,
): Promise<{ items: Searchable[]; capped: boolean }> {
  const mine = principal.isAdmin ? {} : { ownerUserId: principal.userId };
  const page = { orderBy: [{ createdAt: 'desc' as const }, { arn: 'asc' as const }], take: window + 1 };
  const capped = <T>(rows: T[]) => ({ rows: rows.slice(0, window), capped: rows.length > window });

  if (resource === 'TrainingJob') {
    const { rows, capped: c } = capped(await db.job.findMany({ where: { kind: 'Training', ...mine }, ...page }));
    const tags = await tagsOf(
      db,
      rows.map((r) => r.arn),
    );
    return {
      capped: c,
      items: rows.map((job) => {
        const record = describeTrainingJobView(job) as unknown as Record<string, unknown>;
        const metrics = Object.fromEntries(
          ((record.FinalMetricDataList ?? []) as { MetricName: string; Value: number }[]).map((m) => [
            m.MetricName,
            m.Value,
          ]),
        );
        return entry('TrainingJob', record, tags.get(job.arn), { Metrics: metrics });
      }),
    };
  }
  if (resource === 'Experiment') {
    const { rows, capped: c } = capped(await db.experiment.findMany({ where: mine, ...page }));
    const tags = await tagsOf(
      db,
      rows.map((r) => r.arn),
    );
    return { capped: c, items: rows.map((e) => entry('Experiment', experimentView(e), tags.get(e.arn))) };
  }
  if (resource === 'ExperimentTrial') {
    const { rows, capped: c } = capped(
      await db.trial.findMany({ where: mine, ...page, include: { experiment: { select: { name: true } } } }),
    );
    const tags = await tagsOf(
      db,
      rows.map((r) => r.arn),
    );
    return { capped: c, items: rows.map((t) => entry('Trial', trialView(t, t.experiment.name), tags.get(t.arn))) };
  }
  if (resource === 'ExperimentTrialComponent') {
    const { rows, capped: c } = capped(await db.trialComponent.findMany({ where: mine, ...page }));
    const [views, tags, links] = await Promise.all([
      componentViews(db, rows),
      tagsOf(
        db,
        rows.map((r) => r.arn),
      ),
      db.trialComponentAssociation.findMany({
        where: { trialComponentId: { in: rows.map((r) => r.id) } },
        include: { trial: { select: { name: true, experiment: { select: { name: true } } } } },
      }),
    ]);
    const parentsOf = new Map<string, typeof links>();
    for (const l of links)
      (parentsOf.get(l.trialComponentId) ?? parentsOf.set(l.trialComponentId, []).get(l.trialComponentId)!).push(l);
    return {
      capped: c,
      items: rows.map((row, i) => {
        const v = views[i]!;
        const parents = (parentsOf.get(row.id) ?? []).map((l) => ({
          TrialName: l.trial.name,
          ExperimentName: l.trial.experiment.name,
        }));
        return entry('TrialComponent', { ...v, Parents: parents }, tags.get(row.arn), {
          Metrics: Object.fromEntries((v.Metrics ?? []).map((m) => [m.MetricName, m])),
        });
      }),
    };
  }
  const { rows, capped: c } = capped(await db.modelPackage.findMany({ where: mine, ...page }));
  const tags = await tagsOf(
    db,
    rows.map((r) => r.arn),
  );
  return {
    capped: c,
    items: rows.map((p) =>
      entry('ModelPackage', describePackage(p) as unknown as Record<string, unknown>, tags.get(p.arn)),
    ),
  };
}
