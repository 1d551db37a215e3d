import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import {
  PULUMI_PROJECT_SLUG_ANNOTATION,
  type PulumiStack,
} from '@stackyard/plugin-pulumi-common';
import { ReactElement } from 'react';
import { EntityStacks } from './useEntityStacks';

/**
 * The designed states of an entity's stacks before there is anything to show: no annotation (the
 * standard empty state), a malformed one (the parser's message), loading, an error, or no stack found.
 */
export function renderEntityStacks(
  stacks: EntityStacks,
  render: (stacks: PulumiStack[]) => ReactElement,
): ReactElement {
  switch (stacks.state) {
    case 'missing-annotation':
      return (
        <MissingAnnotationEmptyState
          annotation={PULUMI_PROJECT_SLUG_ANNOTATION}
        />
      );
    case 'invalid-annotation':
      return (
        <WarningPanel
          severity="error"
          title={`The ${PULUMI_PROJECT_SLUG_ANNOTATION} annotation is not valid`}
          message={stacks.message}
        />
      );
    default:
      if (stacks.loading && stacks.stacks.length === 0) return <Progress />;
      if (stacks.error) return <ResponseErrorPanel error={stacks.error} />;
      if (stacks.stacks.length === 0) {
        return (
          <EmptyState
            missing="data"
            title="No stacks found"
            description={`No stack in the configured state backends matches '${stacks.value}'. A new stack shows here after the next sync.`}
          />
        );
      }
      return render(stacks.stacks);
  }
}
