// MetricDefinitions: regexes over the container's log lines, as SageMaker applies them. The first
// capture group is the value. SageMaker's regexes are Python `re` syntax; the common subset
// (groups, classes, quantifiers, \d \s \w) means the same in JavaScript.
export interface MetricDefinition {
  Name: string;
  Regex: string;
}

export interface CompiledMetric {
  name: string;
  re: RegExp;
}

/** Compiles the definitions; throws a message naming the one that does not compile. */
export function compileMetrics(defs: MetricDefinition[] | undefined): CompiledMetric[] {
  return (defs ?? []).map((d) => {
    try {
      return { name: d.Name, re: new RegExp(d.Regex) };
    } catch (err) {
      throw new Error(`MetricDefinitions: the regex of ${d.Name} does not compile: ${(err as Error).message}`);
    }
  });
}

export interface MetricSample {
  name: string;
  value: number;
  timestamp: number;
}

export function extractMetrics(
  metrics: CompiledMetric[],
  lines: { timestamp: number; message: string }[],
): MetricSample[] {
  const out: MetricSample[] = [];
  if (!metrics.length) return out;
  for (const line of lines) {
    for (const m of metrics) {
      const match = m.re.exec(line.message);
      if (!match) continue;
      const value = Number.parseFloat(match[1] ?? match[0]);
      if (Number.isFinite(value)) out.push({ name: m.name, value, timestamp: line.timestamp });
    }
  }
  return out;
}
