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
  {
    description:
      "Preview with the organisation's policy pack, named in pulumi.policyPacks, allowing at most 3 replicas",
    example: yaml.stringify({
      steps: [
        {
          id: 'preview',
          action: 'pulumi:preview',
          name: 'Preview the changes against the guardrails',
          input: {
            backend: 'local',
            project: 'shop-site',
            stack: 'dev',
            directory: 'infra',
            policyPacks: [
              {
                pack: 'guardrails',
                config: { 'max-replicas': { maxReplicas: 3 } },
              },
            ],
          },
        },
      ],
    }),
  },
];
