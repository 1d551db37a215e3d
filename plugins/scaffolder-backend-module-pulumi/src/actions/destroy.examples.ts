import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Destroy every resource of the dev stack, then remove the stack',
    example: yaml.stringify({
      steps: [
        {
          id: 'destroy',
          action: 'pulumi:destroy',
          name: 'Tear down',
          input: {
            backend: 'local',
            project: 'shop-site',
            stack: 'dev',
            confirm: true,
            removeStack: true,
          },
        },
      ],
    }),
  },
];
