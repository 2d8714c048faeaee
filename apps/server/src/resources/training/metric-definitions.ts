// MetricDefinitions: regexes over the container's log lines, as SageMaker applies them. The first
// capture group is the value. They run in the server, over every line a job prints, so they run on
// RE2 (platform/user-regex.ts) in linear time. SageMaker documents them as Python `re` syntax; the
// subset RE2 shares with it means the same here: groups, named groups ((?P<name>...)), classes,
// quantifiers, alternation, \d \s \w \b (ASCII only, as with Python's re.ASCII) and the anchors
// ^ $ \A. Backreferences, lookarounds and \Z are refused at CreateTrainingJob with the reason.
// Every definition is matched against every line, so their sizes add up: together they are held
// to MAX_TOTAL_EXPANDED. They are matched in a worker thread, each batch of lines within a time
// limit, never on the server's own thread.
import { matchOffThread } from '../../platform/regex-off-thread.ts';
import { compileUserRegex, expandedSize, MAX_EXPANDED, UserRegexError } from '../../platform/user-regex.ts';

export interface MetricDefinition {
  Name: string;
  Regex: string;
}

export interface CompiledMetric {
  name: string;
  /** The RE2 source, checked by compileUserRegex; matched in a worker (platform/regex-off-thread.ts). */
  regex: string;
}

export class MetricDefinitionError extends Error {}

/** What all of a job's regexes may add up to, with their counted repetitions written out. */
export const MAX_TOTAL_EXPANDED = 4 * MAX_EXPANDED;

/** Compiles the definitions; throws MetricDefinitionError naming the one RE2 cannot compile, and why. */
export function compileMetrics(defs: MetricDefinition[] | undefined): CompiledMetric[] {
  const total = (defs ?? []).reduce((sum, d) => sum + expandedSize(d.Regex), 0);
  if (total > MAX_TOTAL_EXPANDED)
    throw new MetricDefinitionError(
      `MetricDefinitions: the regexes together are ${total} characters long once their counted repetitions ` +
        `({m,n}) are written out, and at most ${MAX_TOTAL_EXPANDED} are allowed: each is matched against every ` +
        'line the job prints',
    );
  return (defs ?? []).map((d, i) => {
    try {
      compileUserRegex(d.Regex);
      return { name: d.Name, regex: d.Regex };
    } catch (err) {
      if (!(err instanceof UserRegexError)) throw err;
      throw new MetricDefinitionError(
        `MetricDefinitions[${i}] (${d.Name}): ${err.message}; MetricDefinitions regexes use RE2 syntax here`,
      );
    }
  });
}

export interface MetricSample {
  name: string;
  value: number;
  timestamp: number;
}

/** How long the definitions may take over one batch of lines (at most 64 KiB of them). */
export const METRICS_BATCH_LIMIT_MS = 2_000;
const BATCH_BYTES = 64 * 1024;

/**
 * The metrics the lines hold, matched in a worker a batch at a time, and how long that took.
 * RegexTimeout (platform/regex-off-thread.ts) when a batch takes over METRICS_BATCH_LIMIT_MS.
 */
export async function extractMetrics(
  metrics: CompiledMetric[],
  lines: { timestamp: number; message: string }[],
): Promise<{ samples: MetricSample[]; ms: number }> {
  const samples: MetricSample[] = [];
  let ms = 0;
  if (!metrics.length) return { samples, ms };
  const patterns = metrics.map((m) => m.regex);
  for (let i = 0; i < lines.length;) {
    const batch: typeof lines = [];
    for (let bytes = 0; i < lines.length && (batch.length === 0 || bytes < BATCH_BYTES); i++) {
      batch.push(lines[i]!);
      bytes += lines[i]!.message.length;
    }
    const matched = await matchOffThread(
      'metrics',
      patterns,
      batch.map((l) => l.message),
      METRICS_BATCH_LIMIT_MS,
    );
    ms += matched.ms;
    matched.results.forEach((row, j) =>
      row.forEach((value, k) => {
        const parsed = value === null ? NaN : Number.parseFloat(value);
        if (Number.isFinite(parsed))
          samples.push({ name: metrics[k]!.name, value: parsed, timestamp: batch[j]!.timestamp });
      }),
    );
  }
  return { samples, ms };
}
