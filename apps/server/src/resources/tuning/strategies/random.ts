// Seeded random numbers: a tuning job's n-th choice depends only on its seed and n, so a job
// resumed after a restart makes the same choices, and RandomSeed makes two runs alike.
import { createHash } from 'node:crypto';

/** A generator of numbers in [0, 1) (mulberry32) from a seed and a stream name. */
export function seededRandom(seed: number | string, stream: string): () => number {
  let a = createHash('sha256').update(`${seed}/${stream}`).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform point of the unit cube. */
export const randomPoint = (dims: number, rand: () => number): number[] => Array.from({ length: dims }, rand);

/** A standard normal sample (Box–Muller). */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
