import { AIModelEntityV1alpha1 } from '@ai-refarch/plugin-ai-model-common';

export function testModel(
  name: string,
  spec: Partial<AIModelEntityV1alpha1['spec']> = {},
  extra: Partial<AIModelEntityV1alpha1> = {},
): AIModelEntityV1alpha1 {
  return {
    apiVersion: 'ai-refarch.io/v1alpha1',
    kind: 'AIModel',
    metadata: { name, namespace: 'default', uid: name },
    spec: {
      type: 'llm',
      lifecycle: 'production',
      owner: 'group:default/ml-platform',
      provider: 'self-hosted',
      version: '1',
      dataClassification: 'internal',
      ...spec,
    },
    ...extra,
  };
}
