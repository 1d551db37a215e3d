import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Set a plain value and a secret one, the secret from the task secret API_KEY',
    example: yaml.stringify({
      steps: [
        {
          id: 'config',
          action: 'pulumi:config:set',
          name: 'Configure the stack',
          input: {
            backend: 'local',
            project: 'shop-site',
            stack: 'dev',
            directory: 'infra',
            config: { content: 'Hello from the template' },
            secrets: { apiKey: 'API_KEY' },
          },
        },
      ],
    }),
  },
];
