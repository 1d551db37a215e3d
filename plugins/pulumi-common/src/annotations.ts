import { PULUMI_BACKEND_ID_PATTERN, PULUMI_NAME_PATTERN } from './stacks';

/**
 * The annotation that links a catalog entity to Pulumi stacks. It is the annotation of Pulumi's own
 * Backstage plugin, so that existing catalogs work unchanged.
 *
 * @public
 */
export const PULUMI_PROJECT_SLUG_ANNOTATION = 'pulumi.com/project-slug';

/**
 * One stack, or every stack of a project, named by an annotation.
 *
 * @public
 */
export interface PulumiStackSelector {
  /** The state backend id, when the value names one (`backend:org/project/stack`). */
  backendId?: string;
  organization: string;
  project: string;
  /** Absent when the selector means every stack of the project. */
  stack?: string;
}

/**
 * The result of parsing an annotation value: the selectors, or a message that says what is wrong.
 *
 * @public
 */
export type ParsedProjectSlug =
  | { ok: true; selectors: PulumiStackSelector[] }
  | { ok: false; message: string };

const EXAMPLE = `for example 'acme/website/prod', 'acme/website' or 'local:acme/website/prod'`;

/**
 * Parses a `pulumi.com/project-slug` value: a comma-separated list of `org/project/stack` (one stack) or
 * `org/project` (all its stacks), each optionally prefixed with a state backend id and a colon.
 *
 * @public
 */
export function parseProjectSlug(value: string): ParsedProjectSlug {
  const items = value.split(',').map(item => item.trim());
  if (items.every(item => item === '')) {
    return {
      ok: false,
      message: `The value is empty; name a stack, ${EXAMPLE}.`,
    };
  }
  const selectors: PulumiStackSelector[] = [];
  for (const [index, item] of items.entries()) {
    const where =
      items.length > 1 ? `Item ${index + 1} ('${item}')` : `'${item}'`;
    if (item === '') {
      return {
        ok: false,
        message: `${where} is empty: remove the extra comma.`,
      };
    }
    let rest = item;
    let backendId: string | undefined;
    const colon = item.indexOf(':');
    if (colon >= 0) {
      backendId = item.slice(0, colon);
      rest = item.slice(colon + 1);
      if (!PULUMI_BACKEND_ID_PATTERN.test(backendId)) {
        return {
          ok: false,
          message: `${where} has the backend id '${backendId}', which must be lowercase letters, digits and dashes; ${EXAMPLE}.`,
        };
      }
    }
    const parts = rest.split('/');
    if (parts.length < 2 || parts.length > 3) {
      return {
        ok: false,
        message: `${where} has ${parts.length} part${
          parts.length === 1 ? '' : 's'
        }; it needs org/project or org/project/stack, ${EXAMPLE}.`,
      };
    }
    const labels = ['organization', 'project', 'stack'];
    for (const [i, part] of parts.entries()) {
      if (!PULUMI_NAME_PATTERN.test(part)) {
        return {
          ok: false,
          message: `${where} has ${part === '' ? 'an empty' : `the invalid`} ${
            labels[i]
          }${
            part === '' ? '' : ` '${part}'`
          }; names use letters, digits, '-', '_' and '.', ${EXAMPLE}.`,
        };
      }
    }
    const [organization, project, stack] = parts;
    selectors.push({ backendId, organization, project, stack });
  }
  return { ok: true, selectors };
}

/**
 * On a Template entity that Stackyard generated from a Pulumi template: the template's name in
 * `pulumi.templates`.
 *
 * @public
 */
export const PULUMI_TEMPLATE_ANNOTATION = 'stackyard.io/pulumi-template';

/**
 * On a generated Template entity: the Pulumi template's version, that of its stackyard.yaml or a hash of
 * its folder.
 *
 * @public
 */
export const PULUMI_TEMPLATE_VERSION_ANNOTATION =
  'stackyard.io/pulumi-template-version';

/**
 * The stack tag that names the Pulumi template a stack was created from, as a generated template sets it.
 *
 * @public
 */
export const PULUMI_TEMPLATE_TAG = 'stackyard:template';

/**
 * The stack tag with the version of the template a stack was created from.
 *
 * @public
 */
export const PULUMI_TEMPLATE_VERSION_TAG = 'stackyard:template-version';

/**
 * The name of the Template entity that Stackyard generates from a Pulumi template: `pulumi-template-` and
 * the template's name, lower case, with what a catalog name cannot hold as dashes, at most 63 characters.
 *
 * @public
 */
export function pulumiTemplateEntityName(name: string): string {
  const slug = name
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `pulumi-template-${slug}`.slice(0, 63).replace(/-+$/, '');
}
