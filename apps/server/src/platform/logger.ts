import { pino, type Logger } from 'pino';

// Secrets never reach the logs: these paths are censored wherever they appear.
const redact = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secretAccessKey',
  '*.SecretAccessKey',
  '*.token',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: redact, censor: '[redacted]' }, base: { service: 'tessera' } });
}
export type { Logger };
