import {
  InfoCard,
  Link,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { sentenceCase } from '../format';
import { AIModelEntityV1alpha1 } from '@ai-refarch/plugin-ai-model-common';
import { aiModelTranslationRef } from '../../translation';

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
  const { t } = useTranslationRef(aiModelTranslationRef);
  const { artifact, registry } = entity.spec;
  if (!artifact && !registry) {
    return (
      <InfoCard title={t('provenanceCard.title')}>
        <Typography variant="body2">
          {entity.spec.provider === 'self-hosted'
            ? t('provenanceCard.emptySelfHosted')
            : t('provenanceCard.emptyHosted', {
                provider: entity.spec.provider,
                version: entity.spec.version,
              })}
        </Typography>
      </InfoCard>
    );
  }
  const facts: Record<string, unknown> = {};
  if (artifact) {
    facts[t('provenanceCard.facts.artifactUri')] = artifact.uri;
    facts[t('provenanceCard.facts.format')] = artifact.format ?? '—';
    facts[t('provenanceCard.facts.digest')] =
      artifact.digest ?? t('provenanceCard.notPinned');
    facts[t('provenanceCard.facts.signature')] =
      artifact.signature ?? t('provenanceCard.unsigned');
    facts[t('provenanceCard.facts.attestation')] =
      artifact.attestation ?? t('provenanceCard.noAttestation');
    if (artifact.runId) facts[t('provenanceCard.facts.run')] = artifact.runId;
  }
  if (registry) {
    const names = {
      registry: REGISTRY_NAMES[registry.type] ?? registry.type,
      name: registry.name,
    };
    const label = registry.version
      ? t('provenanceCard.registryVersion', {
          ...names,
          // W&B names its versions v0, v1, …: the label adds the v itself.
          version: registry.version.replace(/^v(?=\d)/, ''),
        })
      : t('provenanceCard.registry', names);
    facts[t('provenanceCard.facts.registry')] = registry.url ? (
      <Link to={registry.url}>{label}</Link>
    ) : (
      label
    );
  }
  return (
    <InfoCard title={t('provenanceCard.title')}>
      <StructuredMetadataTable options={sentenceCase} metadata={facts} />
    </InfoCard>
  );
}
