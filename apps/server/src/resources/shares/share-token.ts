// A share's token is the whole secret of its link: 32 random bytes (256 bits), base64url so it
// sits in a URL path as it is. Only its SHA-256 is looked up, so a database dump reveals no link;
// the owner's copy is sealed with the server's secret box.
import { createHash, randomBytes } from 'node:crypto';

export const SHARE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const newShareToken = () => randomBytes(32).toString('base64url');

export const hashShareToken = (token: string) => createHash('sha256').update(token).digest('hex');
