import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const promptGuardExample = {
  service: 'policy-search',
  dataClassification: 'pii',
  retrieval: true,
};

export const examples: TemplateExample[] = [
  {
    description:
      'The guard of a RAG service over personal data: input screen, fenced documents, PII redaction',
    example: yaml.stringify({
      steps: [
        {
          id: 'guard',
          action: 'ai-refarch:prompt-guard',
          name: 'Write the prompt-injection guard',
          input: promptGuardExample,
        },
      ],
    }),
  },
];
