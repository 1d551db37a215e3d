import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import express from 'express';

/**
 * The largest task secret, in bytes, that `pulumi.taskSecrets.maxBytes` may allow. The scaffolder's task
 * logger hides secrets with one regular expression built from them all, and V8 refuses one that holds a
 * string of 32 KiB (32,768 UTF-16 code units, which no fewer UTF-8 bytes can make): the request then fails
 * with the expression's source, every task secret and the caller's Backstage token, in its error.
 */
export const TASK_SECRET_MAX_BYTES_LIMIT = 32 * 1024 - 1;

/**
 * What `pulumi.taskSecrets.maxBytes` is unless set: half of the limit, because the logger also hides each
 * step input that a secret was rendered into, and such an input holds the secret and more.
 */
export const DEFAULT_TASK_SECRET_MAX_BYTES = 16 * 1024;

const CONFIG_KEY = 'pulumi.taskSecrets.maxBytes';

// The scaffolder's routes whose body carries task secrets.
const ROUTES_WITH_SECRETS = [
  '/v2/tasks',
  '/v2/dry-run',
  '/v2/tasks/:taskId/retry',
];

// The scaffolder's own limit for these bodies, which parsing them first must not lower.
const BODY_LIMIT = '10MB';

/** The largest task secret that this backend takes, from `pulumi.taskSecrets.maxBytes`. */
export function readTaskSecretMaxBytes(config: Config): number {
  const value =
    config.getOptionalNumber(CONFIG_KEY) ?? DEFAULT_TASK_SECRET_MAX_BYTES;
  if (
    !Number.isInteger(value) ||
    value < 1 ||
    value > TASK_SECRET_MAX_BYTES_LIMIT
  ) {
    throw new Error(
      `${CONFIG_KEY} must be a whole number from 1 to ${TASK_SECRET_MAX_BYTES_LIMIT}, the most that the scaffolder's task log can hide`,
    );
  }
  return value;
}

// Secrets are strings, but any other value is measured as the JSON that a template could render it into.
function secretBytes(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return Buffer.byteLength(text ?? '', 'utf8');
}

function tooLargeSecretsError(names: string[], maxBytes: number): InputError {
  const quoted = names.map(name => `'${name}'`).join(', ');
  const subject =
    names.length === 1
      ? `The task secret ${quoted} is`
      : `The task secrets ${quoted} are`;
  return new InputError(
    `${subject} larger than ${maxBytes} bytes, the most that this backend accepts (${CONFIG_KEY})`,
  );
}

/**
 * Express middleware for the scaffolder's routes that refuses, with a 400 that names them and never shows
 * a value, task secrets larger than `maxBytes`. It must run before the scaffolder's own routes, so that
 * the task logger never sees such a secret.
 */
export function createTaskSecretsGuard(options: {
  maxBytes: number;
}): express.Router {
  const router = express.Router();
  router.post(
    ROUTES_WITH_SECRETS,
    express.json({ limit: BODY_LIMIT }),
    (req, _res, next) => {
      const secrets: unknown = req.body?.secrets;
      if (secrets && typeof secrets === 'object') {
        const tooLarge = Object.entries(secrets)
          .filter(([, value]) => secretBytes(value) > options.maxBytes)
          .map(([name]) => name);
        if (tooLarge.length > 0) {
          throw tooLargeSecretsError(tooLarge, options.maxBytes);
        }
      }
      next();
    },
  );
  return router;
}
