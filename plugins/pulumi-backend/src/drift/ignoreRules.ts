import {
  globMatches,
  PulumiDriftFinding,
  PulumiDriftIgnoreRule,
} from '@stackyard/plugin-pulumi-common';

/** A finding as the engine reports it, before ignore rules. */
export type RawFinding = Omit<PulumiDriftFinding, 'ignored' | 'ignoredBy'>;

function resourceMatches(
  rule: PulumiDriftIgnoreRule,
  stackRef: string,
  finding: RawFinding,
): boolean {
  return (
    (!rule.stack || globMatches(rule.stack, stackRef)) &&
    (!rule.type || globMatches(rule.type, finding.type)) &&
    (!rule.urn || globMatches(rule.urn, finding.urn))
  );
}

/**
 * Marks what the rules ignore. A rule without `property` ignores the whole resource; with one, it
 * ignores the matching properties, and the resource is ignored when every one of its properties is. An
 * ignored finding is kept, so that the check's history still shows it.
 */
export function applyIgnoreRules(
  stackRef: string,
  findings: RawFinding[],
  rules: PulumiDriftIgnoreRule[],
): PulumiDriftFinding[] {
  return findings.map(finding => {
    const matching = rules.filter(rule =>
      resourceMatches(rule, stackRef, finding),
    );
    const whole = matching.find(rule => !rule.property);
    if (whole) {
      return { ...finding, ignored: true, ignoredBy: whole.id };
    }
    let by: string | undefined;
    const properties = finding.properties.map(property => {
      const rule = matching.find(r => globMatches(r.property!, property.path));
      if (!rule) return property;
      by ??= rule.id;
      return { ...property, ignored: true };
    });
    const ignored =
      properties.length > 0 && properties.every(property => property.ignored);
    return {
      ...finding,
      properties,
      ignored,
      ...(ignored && by ? { ignoredBy: by } : {}),
    };
  });
}
