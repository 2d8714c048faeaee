// The CloudWatch metrics a processing container writes as JSON lines under
// /opt/ml/output/metrics/cloudwatch/ (Model Monitor's analyzer and Clarify do: a feature's drift,
// a model-quality score), recorded as the job's metric points, so a chart can follow a schedule's
// executions over time. The file is the container's: read without following links, within bounds.
import type { Db } from '@tessera/db';
import { randomUUID } from 'node:crypto';
import { readInside } from '../../platform/storage/inside-dir.ts';

const FILE = 'output/metrics/cloudwatch/metrics.jsonl';
const MAX_BYTES = 2 * 1024 * 1024;
const MAX_POINTS = 5_000;
/**
 * The times a point may carry: a JavaScript Date reaches years ±275760, PostgreSQL's timestamp only
 * 4713 BC to 294276 AD (and its driver formats four-digit years), so a container's far-off time
 * would fail the insert, and the job with it. Outside this range the point gets the read time.
 */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(10000, 0, 1);

export interface ContainerMetric {
  name: string;
  value: number;
  timestamp: Date;
}

export function parseMetricLines(text: string, fallbackTime: Date): ContainerMetric[] {
  const out: ContainerMetric[] = [];
  for (const line of text.split('\n')) {
    if (out.length >= MAX_POINTS) break;
    let m: {
      MetricName?: unknown;
      Value?: unknown;
      StatisticValues?: { Sum?: unknown; SampleCount?: unknown };
      Timestamp?: unknown;
    };
    try {
      m = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof m?.MetricName !== 'string' || !m.MetricName || m.MetricName.length > 255) continue;
    const stats = m.StatisticValues;
    const value =
      typeof m.Value === 'number'
        ? m.Value
        : typeof stats?.Sum === 'number' && typeof stats.SampleCount === 'number' && stats.SampleCount > 0
          ? stats.Sum / stats.SampleCount
          : NaN;
    if (!Number.isFinite(value)) continue;
    const t = typeof m.Timestamp === 'string' || typeof m.Timestamp === 'number' ? new Date(m.Timestamp) : fallbackTime;
    const ms = t.getTime();
    out.push({ name: m.MetricName, value, timestamp: ms >= EARLIEST && ms < LATEST ? t : fallbackTime });
  }
  return out;
}

/** Replaces the job's metric points with what the container on `instanceDir` wrote (a redone step writes them once). */
export async function recordContainerMetrics(db: Db, jobId: string, instanceDir: string): Promise<number> {
  const read = await readInside(instanceDir, FILE, { maxBytes: MAX_BYTES, larger: 'truncate' });
  if (read.kind !== 'file') return 0;
  const metrics = parseMetricLines(read.bytes.toString('utf8'), new Date());
  await db.$transaction([
    db.metricPoint.deleteMany({ where: { jobId } }),
    db.metricPoint.createMany({
      data: metrics.map((m) => ({ id: randomUUID(), jobId, name: m.name, value: m.value, timestamp: m.timestamp })),
    }),
  ]);
  return metrics.length;
}
