import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Resolve an LLM picked from the catalog',
    example: yaml.stringify({
      steps: [
        {
          id: 'model',
          action: 'ai-refarch:resolve-model',
          name: 'Resolve the model',
          input: {
            source: 'catalog',
            entityRef: 'aimodel:default/llama-3-1-8b-instruct',
            field: 'catalogModel',
          },
        },
      ],
    }),
  },
  {
    description:
      'Check each model a service calls: in the catalog, and costable (a hosted model with prices, or a self-hosted one a Component serves)',
    example: yaml.stringify({
      steps: [
        {
          id: 'models',
          action: 'ai-refarch:resolve-model',
          name: 'Check the models it calls',
          each: '${{ parameters.models }}',
          input: {
            source: 'catalog',
            entityRef: '${{ each.value }}',
            field: 'models',
            types: ['llm', 'multimodal'],
            purpose: 'call',
          },
        },
      ],
    }),
  },
  {
    description: 'Describe a new model',
    example: yaml.stringify({
      steps: [
        {
          id: 'model',
          action: 'ai-refarch:resolve-model',
          name: 'Resolve the model',
          input: {
            source: 'new',
            newModel: {
              name: 'qwen2-5-7b-instruct',
              weightsUri: 'hf://Qwen/Qwen2.5-7B-Instruct',
              parameters: 7620000000,
              precision: 'bf16',
              contextWindow: 32768,
              layers: 28,
              attentionHeads: 28,
              kvHeads: 4,
              headDim: 128,
            },
          },
        },
      ],
    }),
  },
];
