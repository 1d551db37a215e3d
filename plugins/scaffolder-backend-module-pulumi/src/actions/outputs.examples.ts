import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Read the outputs of the dev stack of the website project',
    example: yaml.stringify({
      steps: [
        {
          id: 'outputs',
          action: 'pulumi:outputs',
          name: 'Read stack outputs',
          input: { backend: 'local', project: 'website', stack: 'dev' },
        },
      ],
    }),
  },
];
