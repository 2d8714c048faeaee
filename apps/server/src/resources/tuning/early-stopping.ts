// TrainingJobEarlyStoppingType=Auto: the median stopping rule, as SageMaker describes it. A running
// job that has reported its objective n times is stopped when the best value it has reached is
// worse than the median, over the jobs that ended before it, of their running averages of the
// objective over their first n reports. Values here are smaller-is-better (negated for Maximize).

/** The rule needs this many earlier jobs that reported as often, and this many reports of the job. */
export const MIN_EARLIER_JOBS = 3;
export const MIN_REPORTS = 3;
/** Reports past this many are not read: a job printing its metric in a loop costs no more than this. */
export const MAX_REPORTS = 2000;

export interface StopDecision {
  stop: boolean;
  /** The job's best, the median it was held to, and after how many reports. */
  best?: number;
  median?: number;
  reports?: number;
}

export function medianRule(current: number[], earlier: number[][]): StopDecision {
  const n = current.length;
  if (n < MIN_REPORTS) return { stop: false };
  const averages = earlier
    .filter((series) => series.length >= n)
    .map((series) => series.slice(0, n).reduce((a, b) => a + b, 0) / n)
    .sort((a, b) => a - b);
  if (averages.length < MIN_EARLIER_JOBS) return { stop: false };
  const mid = averages.length >> 1;
  const median = averages.length % 2 ? averages[mid]! : (averages[mid - 1]! + averages[mid]!) / 2;
  let best = Infinity;
  for (const v of current) best = Math.min(best, v);
  return { stop: best > median, best, median, reports: n };
}
