import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'vLLM with prefix caching and a draft model for speculative decoding',
    example: yaml.stringify({
      steps: [
        {
          id: 'engine',
          action: 'ai-refarch:engine-args',
          name: 'Engine arguments',
          input: {
            runtime: 'vllm',
            model: 'meta-llama/Llama-3.1-8B-Instruct',
            tensorParallelSize: 1,
            maxModelLen: 16384,
            maxNumSeqs: 64,
            enablePrefixCaching: true,
            speculative: {
              model: 'meta-llama/Llama-3.2-1B-Instruct',
              numSpeculativeTokens: 4,
            },
          },
        },
      ],
    }),
  },
];
