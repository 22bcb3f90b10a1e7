import { type Logger, pino } from 'pino';
import type { Config } from '../config.js';

export type { Logger };

/** JSON logs (pino). Secrets never reach the log: the redact list covers headers and tokens. */
export function createLogger(config: Pick<Config, 'logLevel'>, name = 'orchard'): Logger {
  return pino({
    name,
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', 'token', '*.token'],
      censor: '[redacted]',
    },
  });
}
