import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Proposes the files a rollback changed as a change to the local repository support-chat',
    example: yaml.stringify({
      steps: [
        {
          id: 'change',
          action: 'ai-refarch:publish:local-change',
          name: 'Propose the change (development)',
          input: {
            repo: 'support-chat',
            branch: 'rollback/support-llm-2',
            title: 'Roll back support-llm to version 2 on support-chat',
            sourcePath: 'rollback',
          },
        },
      ],
    }),
  },
];
