import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'The AIModel served by a new vLLM deployment',
    example: yaml.stringify({
      steps: [
        {
          id: 'model',
          action: 'ai-refarch:aimodel-entity',
          name: 'AIModel entity',
          input: {
            name: 'llama-3-1-8b-support',
            labels: {
              'ai-refarch.io/team': 'applied-ml',
              'ai-refarch.io/tenant': 'support',
            },
            spec: {
              type: 'llm',
              lifecycle: 'experimental',
              owner: 'group:applied-ml',
              provider: 'self-hosted',
              version: '1',
              dataClassification: 'internal',
              serving: { runtime: 'vllm' },
            },
          },
        },
      ],
    }),
  },
];
