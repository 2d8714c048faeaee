import argon2 from 'argon2';

// argon2id with the library's defaults (m=64 MiB, t=3, p=4) — OWASP's recommended family.
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the user does not exist keeps the response time the same, so
// timing does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;
export function dummyVerify(password: string): Promise<boolean> {
  dummyHash ??= hashPassword('tessera-dummy-password');
  return dummyHash.then((h) => verifyPassword(h, password)).then(() => false);
}
