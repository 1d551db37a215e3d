import { InputError } from '@backstage/errors';
import {
  PULUMI_BACKEND_ID_PATTERN as BACKEND_ID_PATTERN,
  PULUMI_NAME_PATTERN as STACK_NAME_PATTERN,
  PULUMI_TAG_NAME_PATTERN,
} from '@stackyard/plugin-pulumi-common';
import type { StackRef } from './types';

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}

/**
 * Throws an {@link @backstage/errors#InputError} naming `field` unless `value` is a valid project or stack
 * name.
 *
 * @public
 */
export function assertValidName(
  field: string,
  value: unknown,
): asserts value is string {
  if (typeof value !== 'string' || !STACK_NAME_PATTERN.test(value)) {
    throw new InputError(
      `${field} ${shown(
        value,
      )} is not a valid name: use 1 to 100 letters, digits, '_', '-' and '.', starting with a letter, digit or '_'`,
    );
  }
}

/**
 * Throws an {@link @backstage/errors#InputError} naming the field (`backendId`, `project` or `stack`) of
 * the first invalid part of `ref`. It runs before any engine call, so that no malformed name reaches the
 * CLI.
 *
 * @public
 */
export function assertValidStackRef(ref: StackRef): void {
  if (
    typeof ref?.backendId !== 'string' ||
    !BACKEND_ID_PATTERN.test(ref.backendId)
  ) {
    throw new InputError(
      `backendId ${shown(
        ref?.backendId,
      )} is not a valid backend id: use lowercase letters, digits and dashes`,
    );
  }
  assertValidName('project', ref.project);
  assertValidName('stack', ref.stack);
}

/** Throws an InputError naming `field` unless `name` is a stack tag name. */
export function assertTagName(field: string, name: unknown): void {
  if (typeof name !== 'string' || !PULUMI_TAG_NAME_PATTERN.test(name)) {
    throw new InputError(
      `${field} ${JSON.stringify(
        name,
      )} is not a stack tag name: up to 40 letters, digits, '_', '.', ':' or '-'`,
    );
  }
}
