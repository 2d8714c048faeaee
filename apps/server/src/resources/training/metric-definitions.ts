// MetricDefinitions: regexes over the container's log lines, as SageMaker applies them. The first
// capture group is the value. They run in the server, over every line a job prints, so they run on
// RE2 (platform/user-regex.ts) in linear time. SageMaker documents them as Python `re` syntax; the
// subset RE2 shares with it means the same here: groups, named groups ((?P<name>...)), classes,
// quantifiers, alternation, \d \s \w \b (ASCII only, as with Python's re.ASCII) and the anchors
// ^ $ \A. Backreferences, lookarounds and \Z are refused at CreateTrainingJob with the reason.
// Every definition is matched against every line, so their sizes add up: together they are held
// to MAX_TOTAL_EXPANDED, and matching gives the event loop a turn every few milliseconds.
import { createPacer } from '../../platform/cooperate.ts';
import { compileUserRegex, expandedSize, MAX_EXPANDED, UserRegexError } from '../../platform/user-regex.ts';

export interface MetricDefinition {
  Name: string;
  Regex: string;
}

export interface CompiledMetric {
  name: string;
  re: RegExp;
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
      return { name: d.Name, re: compileUserRegex(d.Regex) };
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

export async function extractMetrics(
  metrics: CompiledMetric[],
  lines: { timestamp: number; message: string }[],
): Promise<MetricSample[]> {
  const out: MetricSample[] = [];
  if (!metrics.length) return out;
  const pace = createPacer();
  for (const line of lines) {
    for (const m of metrics) {
      await pace();
      const match = m.re.exec(line.message);
      if (!match) continue;
      const value = Number.parseFloat(match[1] ?? match[0]);
      if (Number.isFinite(value)) out.push({ name: m.name, value, timestamp: line.timestamp });
    }
  }
  return out;
}
