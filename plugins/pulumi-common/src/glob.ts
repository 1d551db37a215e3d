/** Glob patterns, as stack, type, URN and property rules use them. */

const cache = new Map<string, RegExp>();

/**
 * Whether `value` matches `pattern`, where `*` matches any run of characters and everything else itself.
 *
 * @public
 */
export function globMatches(pattern: string, value: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .split('*')
        .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      's',
    );
    cache.set(pattern, re);
  }
  return re.test(value);
}
