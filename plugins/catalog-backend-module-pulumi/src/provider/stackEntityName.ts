import { createHash } from 'node:crypto';

const MAX_LENGTH = 63;
const CATALOG_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

/**
 * The catalog entity name of a stack: `backend--project--stack`, with `--organization` after the backend
 * for organizations other than the `organization` of self-managed backends.
 *
 * It is unique and stable. A name whose parts already fit the catalog's rules (lowercase, `[a-z0-9-_.]`,
 * no `--` inside a part) and whose whole fits in 63 characters is used as it is, so that its parts can be
 * read back from it. Any other name is cut to fit and gets `---` and a hash of the exact stack ref, which no
 * name used as it is can contain; two stacks whose names differ only in case, or in characters the catalog
 * does not allow, thus never collide.
 *
 * @public
 */
export function stackEntityName(stack: {
  backendId: string;
  organization: string;
  project: string;
  stack: string;
}): string {
  const parts = [
    stack.backendId,
    ...(stack.organization === 'organization' ? [] : [stack.organization]),
    stack.project,
    stack.stack,
  ];
  const plain = parts.join('--');
  if (
    plain.length <= MAX_LENGTH &&
    parts.every(part => CATALOG_NAME.test(part) && !part.includes('--'))
  ) {
    return plain;
  }
  const hash = createHash('sha256')
    .update(
      `${stack.backendId}:${stack.organization}/${stack.project}/${stack.stack}`,
    )
    .digest('hex')
    .slice(0, 10);
  const readable = plain
    .toLowerCase()
    .replace(/[^a-z0-9-_.]/g, '-')
    .slice(0, MAX_LENGTH - hash.length - 3)
    .replace(/[-_.]+$/, '')
    .replace(/^[-_.]+/, '');
  return `${readable || 'stack'}---${hash}`;
}
