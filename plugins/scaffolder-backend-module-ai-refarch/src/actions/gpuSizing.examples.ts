import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Size Llama 3.1 8B at bf16 on L4 GPUs, 70 % spot',
    example: yaml.stringify({
      steps: [
        {
          id: 'sizing',
          action: 'ai-refarch:gpu-sizing',
          name: 'Size the GPUs',
          input: {
            parameters: 8030000000,
            precision: 'bf16',
            contextLength: 8192,
            concurrency: 16,
            layers: 32,
            kvHeads: 8,
            headDim: 128,
            attentionHeads: 32,
            gpuType: 'nvidia-l4',
            replicas: 2,
            spotShare: 0.7,
          },
        },
      ],
    }),
  },
];
