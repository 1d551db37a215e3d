import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create the project infra from the skeleton folder ./infra, with its dev stack in the local backend',
    example: yaml.stringify({
      steps: [
        {
          id: 'new',
          action: 'pulumi:new',
          name: 'Create the Pulumi project and stack',
          input: {
            backend: 'local',
            project: 'shop-site',
            stack: 'dev',
            template: 'infra',
            directory: 'infra',
            description: 'The shop web site',
            config: { content: 'Welcome' },
            tags: {
              'backstage.io:owner': 'team-a',
              'backstage.io:component': 'shop-site',
            },
          },
        },
      ],
    }),
  },
];
