import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'A 95 % time-to-first-token SLO at 500 ms for a vLLM deployment',
    example: yaml.stringify({
      steps: [
        {
          id: 'slo',
          action: 'ai-refarch:slo-rules',
          name: 'SLO rules',
          input: {
            name: 'ttft-p95',
            service: 'vllm-chat',
            objective: 95,
            window: '28d',
            sli: {
              type: 'latency',
              histogram: 'vllm:time_to_first_token_seconds',
              thresholdSeconds: 0.5,
            },
          },
        },
      ],
    }),
  },
];
