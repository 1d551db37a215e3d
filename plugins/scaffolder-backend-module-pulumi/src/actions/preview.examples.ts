import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Preview the dev stack of the project in ./infra',
    example: yaml.stringify({
      steps: [
        {
          id: 'preview',
          action: 'pulumi:preview',
          name: 'Preview the changes',
          input: {
            backend: 'local',
            project: 'shop-site',
            stack: 'dev',
            directory: 'infra',
          },
        },
      ],
    }),
  },
];
