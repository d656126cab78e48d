import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'An EKS pool of 4-GPU L4 nodes with two on-demand nodes and the rest on spot',
    example: yaml.stringify({
      steps: [
        {
          id: 'pools',
          action: 'ai-refarch:gpu-node-pools',
          name: 'Plan the GPU node pools',
          input: {
            cloud: 'eks',
            nodePools: [
              {
                name: 'inference',
                gpuType: 'nvidia-l4',
                gpusPerNode: 4,
                minNodes: 2,
                maxNodes: 10,
                capacity: 'mixed',
                onDemandBase: 2,
              },
            ],
          },
        },
      ],
    }),
  },
];
