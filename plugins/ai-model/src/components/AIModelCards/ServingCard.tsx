import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import {
  AIModelEntityV1alpha1,
  isHostedModel,
} from '@ai-refarch/plugin-ai-model-common';
import { runtimeLabel, sentenceCase } from '../format';
import { aiModelTranslationRef } from '../../translation';

/** How and where the model is served, and on what hardware. */
export function AIModelServingCard() {
  const { entity } = useEntity<AIModelEntityV1alpha1>();
  const { t } = useTranslationRef(aiModelTranslationRef);
  const { serving, resources, architecture } = entity.spec;
  if (!serving && !resources) {
    return (
      <InfoCard title={t('servingCard.title')}>
        <Typography variant="body2">
          {t('servingCard.empty', {
            serving: <code>spec.serving</code>,
            resources: <code>spec.resources</code>,
          })}
        </Typography>
      </InfoCard>
    );
  }
  const facts: Record<string, unknown> = {
    [t('servingCard.facts.runtime')]: runtimeLabel(entity, t),
  };
  if (serving?.endpoint) {
    facts[t('servingCard.facts.endpoint')] = serving.endpoint;
  }
  if (!isHostedModel(entity)) {
    facts[t('servingCard.facts.accelerator')] = resources?.accelerator ?? '—';
    facts[t('servingCard.facts.acceleratorsPerReplica')] =
      resources?.count ?? '—';
    facts[t('servingCard.facts.acceleratorMemory')] =
      resources?.memoryGiB !== undefined
        ? t('servingCard.memory', { memory: String(resources.memoryGiB) })
        : '—';
    facts[t('servingCard.facts.replicas')] = resources?.replicas ?? '—';
  }
  for (const [key, value] of Object.entries(serving?.engine ?? {})) {
    facts[t('servingCard.facts.engine', { setting: key })] = String(value);
  }
  if (architecture) {
    facts[t('servingCard.facts.architecture')] = Object.entries(architecture)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  }
  return (
    <InfoCard title={t('servingCard.title')}>
      <StructuredMetadataTable options={sentenceCase} metadata={facts} />
    </InfoCard>
  );
}
