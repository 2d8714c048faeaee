// IAM's unique ids (AIDA… for users, AROA… for roles): 21 upper-case characters, the same for
// the same thing every time, so a caller can compare them across calls and restarts.
import { createHash } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function stableId(prefix: string, of: string): string {
  const digest = createHash('sha256').update(`${prefix}\0${of}`).digest();
  let id = prefix;
  for (let i = 0; id.length < 21; i++) id += ALPHABET[digest[i]! % ALPHABET.length];
  return id;
}
