import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Deploy the dev stack of the project in ./infra and pass its outputs on',
    example: yaml.stringify({
      steps: [
        {
          id: 'up',
          action: 'pulumi:up',
          name: 'Deploy',
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
