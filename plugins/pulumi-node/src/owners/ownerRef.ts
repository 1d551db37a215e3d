import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

const validators = makeValidator();

/**
 * Reads an owner the way the catalog reads `spec.owner`: a bare name is a group, in `defaultNamespace`;
 * the ref comes back lowercase, as `stringifyEntityRef` writes it, so that owners compare without case.
 * Throws an Error that says what is wrong when the value is not an entity ref.
 *
 * The one reading of an owner in Stackyard: of a stack's owner tag, in the backend and in the catalog
 * module, and of the owner filters of the REST API.
 *
 * @public
 */
export function normalizeOwnerRef(
  value: string,
  options: { defaultNamespace?: string } = {},
): string {
  const parsed = parseEntityRef(value.trim(), {
    defaultKind: 'group',
    defaultNamespace: options.defaultNamespace ?? 'default',
  });
  const ref = {
    kind: parsed.kind.toLocaleLowerCase('en-US'),
    namespace: parsed.namespace.toLocaleLowerCase('en-US'),
    name: parsed.name.toLocaleLowerCase('en-US'),
  };
  if (!validators.isValidKind(ref.kind)) {
    throw new Error(`'${parsed.kind}' is not an entity kind`);
  }
  if (!validators.isValidNamespace(ref.namespace)) {
    throw new Error(`'${parsed.namespace}' is not an entity namespace`);
  }
  if (!validators.isValidEntityName(ref.name)) {
    throw new Error(`'${parsed.name}' is not an entity name`);
  }
  return stringifyEntityRef(ref);
}
