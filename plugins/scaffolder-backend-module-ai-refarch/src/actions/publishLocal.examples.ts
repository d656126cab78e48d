import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the workspace locally and register its catalog-info.yaml',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'ai-refarch:publish:local',
          name: 'Publish locally',
          input: { name: 'fraud-scorer' },
        },
      ],
    }),
  },
  {
    description: 'Publish one sub-directory without registering it',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'ai-refarch:publish:local',
          name: 'Publish locally',
          input: {
            name: 'fraud-scorer-infra',
            sourcePath: 'infra',
            register: false,
          },
        },
      ],
    }),
  },
];
