import { InputError } from '@backstage/errors';
import {
  DRIFT_STATUSES,
  PULUMI_BACKEND_ID_PATTERN,
  PULUMI_NAME_PATTERN,
  PULUMI_OPERATION_KINDS,
  PULUMI_STACK_SORTS,
  PulumiOperationKind,
  PulumiStackSort,
  parseStackTtl,
} from '@stackyard/plugin-pulumi-common';
import { z } from 'zod';
import { normalizeOwnerRef } from '@stackyard/plugin-pulumi-node';

/**
 * Parses request input with a schema, or throws an InputError that names the first bad field, so that
 * bad input is a 400 that says what to fix, never a 500.
 */
export function parseInput<T>(
  schema: z.ZodType<T>,
  value: unknown,
  where: 'query' | 'body' | 'path',
): T {
  const result = schema.safeParse(value);
  if (result.success) {
    return result.data;
  }
  const issue = result.error.issues[0];
  const field = issue.path.map(String).join('.');
  throw new InputError(
    `Invalid ${where}${field ? ` field '${field}'` : ''}: ${issue.message}`,
  );
}

const pulumiName = z
  .string()
  .regex(
    PULUMI_NAME_PATTERN,
    'must be 1 to 100 letters, digits, "-", "_" or ".", starting with a letter, digit or "_"',
  );

const backendId = z
  .string()
  .regex(PULUMI_BACKEND_ID_PATTERN, 'must be a configured state backend id');

const limit = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from 1 to ${max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, `must be a whole number from 1 to ${max}`)
        .max(max, `must be a whole number from 1 to ${max}`),
    )
    .optional()
    .transform(v => v ?? fallback);

/** An owner entity ref, normalised as the sync stores owners: `web-team` is `group:default/web-team`. */
const owner = z
  .string()
  .max(255, 'must be at most 255 characters')
  .transform((value, ctx) => {
    try {
      return normalizeOwnerRef(value);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `must be an entity ref such as group:default/web-team: ${
          (error as Error).message
        }`,
      });
      return z.NEVER;
    }
  });

export const stackPathSchema = z.object({
  backend: backendId,
  project: pulumiName,
  stack: pulumiName,
});

/** A route's stack path: the backend, project and stack. */
export type StackPath = z.infer<typeof stackPathSchema>;

export const runPathSchema = z.object({
  runId: z.string().uuid('must be a run id'),
});

export const listStacksQuerySchema = z
  .object({
    backend: backendId.optional(),
    project: pulumiName.optional(),
    entityRef: z.string().min(1).max(255).optional(),
    drift: z
      .enum(DRIFT_STATUSES as [string, ...string[]], {
        message: `must be one of ${DRIFT_STATUSES.join(', ')}`,
      })
      .optional(),
    q: z.string().max(100, 'must be at most 100 characters').optional(),
    owner: owner.optional(),
    sort: z
      .enum(PULUMI_STACK_SORTS as [PulumiStackSort, ...PulumiStackSort[]], {
        message: `must be one of ${PULUMI_STACK_SORTS.join(', ')}`,
      })
      .optional(),
    order: z
      .enum(['asc', 'desc'], { message: 'must be asc or desc' })
      .optional(),
    limit: limit(500, 50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

export const pageQuerySchema = z
  .object({
    limit: limit(1000, 100),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

export const registryQuerySchema = z
  .object({
    owner: owner.optional(),
    limit: limit(500, 50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

export const packagePathSchema = z.object({
  name: z
    .string()
    .max(100, 'must be at most 100 characters')
    .regex(/^[A-Za-z0-9._-]+$/, 'must be a package name, such as aws'),
});

export const listRunsQuerySchema = z.object({ limit: limit(100, 20) }).strict();

export const eventsQuerySchema = z
  .object({
    after: z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .optional(),
    limit: limit(1000, 500),
  })
  .strict();

export const createRunBodySchema = z
  .object({
    kind: z.enum(
      PULUMI_OPERATION_KINDS as [PulumiOperationKind, ...PulumiOperationKind[]],
      {
        message: `must be one of ${PULUMI_OPERATION_KINDS.join(
          ', ',
        )}; drift checks start with POST …/drift/check, remediations with POST …/drift/remediate`,
      },
    ),
    targets: z
      .array(
        z
          .string()
          .startsWith('urn:pulumi:', 'must be a resource URN')
          .max(1024),
      )
      .max(100)
      .optional(),
  })
  .strict();

export const driftCheckBodySchema = z
  .object({
    /** Also run the program, to find code that was never deployed. */
    program: z.boolean().optional(),
  })
  .strict();

export const remediateBodySchema = z
  .object({
    action: z.enum(['accept', 'restore'], {
      message:
        "must be 'accept' (refresh: the state takes the real resources) or 'restore' (up: the resources take the code's state)",
    }),
  })
  .strict();

export const approvalBodySchema = z
  .object({
    decision: z.enum(['approve', 'reject'], {
      message: "must be 'approve' (apply the plan) or 'reject' (end the run)",
    }),
    comment: z.string().max(2000, 'must be at most 2000 characters').optional(),
  })
  .strict();

export const ttlExtendBodySchema = z
  .object({
    by: z
      .string()
      .regex(
        /^\d{1,3}[mhd]$/,
        'must be a whole number of minutes, hours or days, such as 12h or 7d',
      )
      .refine(
        value => {
          const parsed = parseStackTtl(value);
          return (
            parsed.ok &&
            'afterCreationMs' in parsed &&
            parsed.afterCreationMs <= 365 * 24 * 60 * 60 * 1000
          );
        },
        { message: 'must be at most 365d' },
      ),
  })
  .strict();

export const driftChecksQuerySchema = z
  .object({ limit: limit(200, 20) })
  .strict();

export const driftSummaryQuerySchema = z
  .object({
    days: z
      .string()
      .regex(/^\d+$/, 'must be a whole number of days from 1 to 365')
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(1, 'must be a whole number of days from 1 to 365')
          .max(365, 'must be a whole number of days from 1 to 365'),
      )
      .optional()
      .transform(v => v ?? 30),
    owner: owner.optional(),
  })
  .strict();

export const driftStacksQuerySchema = z
  .object({
    owner: owner.optional(),
    limit: limit(100, 25),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

const pattern = z.string().min(1).max(255);

export const ignoreRuleBodySchema = z
  .object({
    stack: pattern.optional(),
    type: pattern.optional(),
    urn: z.string().min(1).max(1024).optional(),
    property: pattern.optional(),
    reason: z.string().max(1000).optional(),
  })
  .strict()
  .refine(r => r.stack || r.type || r.urn || r.property, {
    message: 'name at least one of stack, type, urn or property',
    path: ['stack'],
  });

export const ruleIdPathSchema = z.object({
  ruleId: z.string().uuid('must be a rule id'),
});
