// Small data sets the specs train on.

/** y = 2·x1 − x2 + noise, label first, no header: what the built-in XGBoost reads as CSV. */
export function linearCsv(rows: number, seed: number): string {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: rows }, () => {
    const [a, b] = [rand(), rand()];
    return `${(2 * a - b + (rand() - 0.5) * 0.1).toFixed(4)},${a.toFixed(4)},${b.toFixed(4)}`;
  }).join('\n');
}
