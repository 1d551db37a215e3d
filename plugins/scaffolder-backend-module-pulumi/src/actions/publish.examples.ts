import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the whole workspace as project website-prod, then register its catalog-info.yaml',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'pulumi:project:publish',
          name: 'Publish the project',
          input: { project: 'website-prod' },
        },
        {
          id: 'register',
          action: 'catalog:register',
          name: 'Register in the catalog',
          input: {
            catalogInfoUrl: "${{ steps['publish'].output.catalogInfoUrl }}",
          },
        },
      ],
    }),
  },
];
