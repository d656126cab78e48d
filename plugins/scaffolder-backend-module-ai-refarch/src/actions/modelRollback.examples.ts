import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const modelRollbackExample = {
  service: 'component:default/support-chat',
  reason: 'Version 3 answers in the wrong language since 09:40 UTC (INC-2113).',
};

export const examples: TemplateExample[] = [
  {
    description:
      "Pins the service's manifests to its model's rollback version, for a pull request",
    example: yaml.stringify({
      steps: [
        {
          id: 'rollback',
          action: 'ai-refarch:model-rollback',
          name: 'Pin the previous model version',
          input: modelRollbackExample,
        },
      ],
    }),
  },
];
