import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Pick the publish step for the chosen host, then run only that one',
    example: yaml.stringify({
      steps: [
        {
          id: 'target',
          action: 'ai-refarch:publish-target',
          name: 'Check the repository location',
          input: { repoUrl: '${{ parameters.repoUrl }}' },
        },
        {
          id: 'publish-github',
          if: "${{ steps.target.output.type === 'github' }}",
          action: 'publish:github',
          name: 'Publish to GitHub',
          input: { repoUrl: '${{ parameters.repoUrl }}' },
        },
        {
          id: 'publish-gitlab',
          if: "${{ steps.target.output.type === 'gitlab' }}",
          action: 'publish:gitlab',
          name: 'Publish to GitLab',
          input: { repoUrl: '${{ parameters.repoUrl }}' },
        },
      ],
    }),
  },
];
