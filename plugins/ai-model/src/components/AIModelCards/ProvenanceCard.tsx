import {
  InfoCard,
  Link,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { sentenceCase } from '../format';
import { AIModelEntityV1alpha1 } from '@ai-refarch/plugin-ai-model-common';

const REGISTRY_NAMES: Record<string, string> = {
  mlflow: 'MLflow',
  wandb: 'Weights & Biases',
  kubeflow: 'Kubeflow Model Registry',
  huggingface: 'Hugging Face',
  sagemaker: 'SageMaker',
  'vertex-ai': 'Vertex AI',
};

/** Where the weights come from, what pins them and who signed them. */
export function AIModelProvenanceCard() {
  const { entity } = useEntity<AIModelEntityV1alpha1>();
  const { artifact, registry } = entity.spec;
  if (!artifact && !registry) {
    return (
      <InfoCard title="Provenance">
        <Typography variant="body2">
          {entity.spec.provider === 'self-hosted'
            ? 'No artifact or registry declared: add spec.artifact (uri, digest, signature) and spec.registry.'
            : `Weights are held by ${entity.spec.provider}; only the API version is pinned (${entity.spec.version}).`}
        </Typography>
      </InfoCard>
    );
  }
  const facts: Record<string, unknown> = {};
  if (artifact) {
    facts['artifact URI'] = artifact.uri;
    facts.format = artifact.format ?? '—';
    facts.digest = artifact.digest ?? 'not pinned';
    facts.signature = artifact.signature ?? 'unsigned';
    facts.attestation = artifact.attestation ?? 'none';
    if (artifact.runId) facts.run = artifact.runId;
  }
  if (registry) {
    const label = `${REGISTRY_NAMES[registry.type] ?? registry.type}: ${
      registry.name
    }${registry.version ? ` v${registry.version}` : ''}`;
    facts.registry = registry.url ? (
      <Link to={registry.url}>{label}</Link>
    ) : (
      label
    );
  }
  return (
    <InfoCard title="Provenance">
      <StructuredMetadataTable options={sentenceCase} metadata={facts} />
    </InfoCard>
  );
}
