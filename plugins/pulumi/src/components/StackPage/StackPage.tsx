import { Content, Header, Page } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useParams } from 'react-router-dom';
import { rootRouteRef } from '../../routes';
import { StackView, stackSection } from '../StackView';

/**
 * One stack's page, `/pulumi/stacks/:backendId/:project/:stack`: where the catalog's stack entities link.
 * A section's name after it (`…/drift`, as in drift notifications) opens that section.
 */
export const StackPage = () => {
  const {
    backendId = '',
    project = '',
    stack = '',
    '*': section,
  } = useParams();
  const root = useRouteRef(rootRouteRef);
  return (
    <Page themeId="tool">
      <Header
        title={`${project}/${stack}`}
        subtitle={`Pulumi stack in backend '${backendId}'`}
        type="Pulumi"
        typeLink={root()}
      />
      <Content>
        <StackView
          stack={{ backendId, project, stack }}
          initialSection={stackSection(section)}
        />
      </Content>
    </Page>
  );
};
