import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useEntity, EntityRefLink } from '@backstage/plugin-catalog-react';
import { Chip } from '@material-ui/core';
import {
  AIModelEntityV1alpha1,
  isHostedModel,
} from '@ai-refarch/plugin-ai-model-common';
import {
  formatContext,
  formatParameters,
  formatPrice,
  runtimeLabel,
  sentenceCase,
  refWithDefaults,
} from '../format';
import { ClassificationChip } from './ClassificationChip';

/** The key facts of a model at a glance. */
export function AIModelOverviewCard() {
  const { entity } = useEntity<AIModelEntityV1alpha1>();
  const { spec } = entity;
  const facts: Record<string, unknown> = {
    type: spec.type,
    provider: isHostedModel(entity)
      ? `${spec.provider} (hosted API)`
      : 'self-hosted',
    version: spec.version,
    aliases: spec.aliases?.length
      ? spec.aliases.map(a => <Chip key={a} size="small" label={a} />)
      : '—',
    family: spec.family ?? '—',
    parameters: formatParameters(spec.parameters) ?? '—',
    'context window': spec.contextWindow
      ? `${formatContext(spec.contextWindow)} tokens`
      : '—',
    precision:
      [spec.precision, spec.quantization].filter(Boolean).join(' / ') || '—',
    runtime: runtimeLabel(entity),
    licence: spec.license ?? 'unknown',
    'data classification': (
      <ClassificationChip classification={spec.dataClassification} />
    ),
    risk: spec.risk ?? '—',
    owner: (
      <EntityRefLink
        entityRef={refWithDefaults(
          spec.owner,
          'Group',
          entity.metadata.namespace,
        )}
      />
    ),
  };
  if (spec.pricing) {
    const currency = spec.pricing.currency ?? 'USD';
    facts['price per 1M tokens'] = `${formatPrice(
      spec.pricing.inputPer1MTokens,
      currency,
    )} in / ${formatPrice(spec.pricing.outputPer1MTokens, currency)} out`;
  }
  if (spec.tracing) facts.tracing = spec.tracing;
  if (spec.runbook) facts.runbook = <a href={spec.runbook}>{spec.runbook}</a>;
  if (spec.rollbackVersion) facts['rollback target'] = spec.rollbackVersion;
  return (
    <InfoCard title="Model overview">
      <StructuredMetadataTable options={sentenceCase} metadata={facts} />
    </InfoCard>
  );
}
