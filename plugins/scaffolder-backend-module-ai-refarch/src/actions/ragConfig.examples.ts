import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const ragConfigExample = {
  service: 'policy-search',
  vectorDb: {
    type: 'qdrant',
    url: 'http://policy-search-qdrant:6333',
    collection: 'policy_search',
  },
  embedding: {
    model: 'aimodel:default/bge-m3',
    endpoint: 'http://bge-m3.serving.svc/v1',
    dimensions: 1024,
  },
  reranker: {
    model: 'aimodel:default/bge-reranker-v2-m3',
    endpoint: 'http://bge-reranker.serving.svc/v1',
    topN: 5,
  },
  chunking: { strategy: 'recursive', chunkSize: 512, chunkOverlap: 64 },
  retrieval: { topK: 20 },
  evaluation: {
    faithfulness: 0.8,
    answerRelevancy: 0.75,
    contextPrecision: 0.7,
  },
  freshness: { schedule: '0 2 * * *', scheduler: 'k8s-cronjob' },
};

export const examples: TemplateExample[] = [
  {
    description:
      'The configuration of a Qdrant-backed RAG service with a re-ranker',
    example: yaml.stringify({
      steps: [
        {
          id: 'config',
          action: 'ai-refarch:rag-config',
          name: 'Write the RAG configuration',
          input: ragConfigExample,
        },
      ],
    }),
  },
];
