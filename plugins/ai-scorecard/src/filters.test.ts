import { Entity } from '@backstage/catalog-model';
import { isAiScorecardAvailable } from './filters';

const entity = (
  kind: string,
  extra: { annotations?: Record<string, string>; tags?: string[] } = {},
  spec: Entity['spec'] = {},
  relations: Entity['relations'] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name: 'x',
    annotations: extra.annotations,
    tags: extra.tags,
  },
  spec,
  relations,
});

describe('isAiScorecardAvailable', () => {
  it.each([
    ['a model', entity('AIModel')],
    ['a GPU cluster', entity('Resource', {}, { type: 'kubernetes-cluster' })],
    ['a vector database', entity('Resource', {}, { type: 'vector-database' })],
    [
      'a model server',
      entity('Component', {
        annotations: { 'ai-refarch.io/serves-models': 'aimodel:default/m' },
      }),
    ],
    ['a RAG service', entity('Component', { tags: ['rag'] })],
    [
      'a service that calls a model',
      entity('Component', {}, {}, [
        { type: 'dependsOn', targetRef: 'aimodel:default/gpt-4o' },
      ]),
    ],
  ])('shows the scorecard on %s', (_name, e) => {
    expect(isAiScorecardAvailable(e)).toBe(true);
  });

  it.each([
    // An existing catalog's other services and resources: no "Not graded yet".
    ['a website', entity('Component', {}, { type: 'website' })],
    [
      'a service that depends on a database',
      entity('Component', {}, {}, [
        { type: 'dependsOn', targetRef: 'resource:default/orders-db' },
      ]),
    ],
    ['an S3 bucket', entity('Resource', {}, { type: 's3-bucket' })],
    ['a group', entity('Group')],
  ])('leaves %s alone', (_name, e) => {
    expect(isAiScorecardAvailable(e)).toBe(false);
  });
});
