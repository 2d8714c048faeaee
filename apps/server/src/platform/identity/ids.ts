import { randomBytes } from 'node:crypto';

const lowerAlnum = 'abcdefghijklmnopqrstuvwxyz0123456789';
const upperAlnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Random string over an alphabet, without modulo bias (alphabets here have ≤ 64 symbols). */
export function randomString(length: number, alphabet = lowerAlnum): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      const limit = 256 - (256 % alphabet.length);
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export const newId = () => randomString(20);
/** SageMaker domain ids look like d-xxxxxxxxxxxx (12 lower-case alphanumerics). */
export const newDomainId = () => `d-${randomString(12)}`;
export const newFileSystemId = () => `fs-${randomBytes(8).toString('hex')}`;
/** AWS access key ids: 20 upper-case characters; TKIA marks Tessera-issued long-term keys. */
export const newAccessKeyId = () => `TKIA${randomString(16, upperAlnum)}`;
/** Temporary credentials' key ids start ASIA, as STS's do (SDKs and people recognise them). */
export const newTemporaryAccessKeyId = () => `ASIA${randomString(16, upperAlnum)}`;
export const newSecretAccessKey = () =>
  randomBytes(30)
    .toString('base64')
    .replace(/[+/]/g, (c) => (c === '+' ? 'A' : 'B'));
/** 256-bit bearer tokens (session cookies). */
export const newToken = () => randomBytes(32).toString('base64url');
