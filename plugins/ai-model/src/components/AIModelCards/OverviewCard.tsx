import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  useEntity,
  EntityRefLink,
  getEntityRelations,
} from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Box, Chip, Typography } from '@material-ui/core';
import {
  AIModelEntityV1alpha1,
  isHostedModel,
  RELATION_SERVED_BY,
} from '@ai-refarch/plugin-ai-model-common';
import { RollbackButton } from '../RollbackButton/RollbackButton';
import {
  formatContext,
  formatParameters,
  formatPrice,
  runtimeLabel,
  sentenceCase,
  refWithDefaults,
} from '../format';
import { ClassificationChip } from './ClassificationChip';
import { aiModelTranslationRef } from '../../translation';

/** The key facts of a model at a glance. */
export function AIModelOverviewCard() {
  const { entity } = useEntity<AIModelEntityV1alpha1>();
  const { t } = useTranslationRef(aiModelTranslationRef);
  const { spec } = entity;
  const context = spec.contextWindow
    ? formatContext(spec.contextWindow)
    : undefined;
  const facts: Record<string, unknown> = {
    [t('overviewCard.facts.type')]: spec.type,
    [t('overviewCard.facts.provider')]: isHostedModel(entity)
      ? t('overviewCard.hostedProvider', { provider: spec.provider })
      : t('overviewCard.selfHosted'),
    [t('overviewCard.facts.version')]: spec.version,
    [t('overviewCard.facts.aliases')]: spec.aliases?.length
      ? spec.aliases.map(a => <Chip key={a} size="small" label={a} />)
      : '—',
    [t('overviewCard.facts.family')]: spec.family ?? '—',
    [t('overviewCard.facts.parameters')]:
      formatParameters(spec.parameters) ?? '—',
    [t('overviewCard.facts.contextWindow')]: context
      ? t('overviewCard.contextTokens', { tokens: context })
      : '—',
    [t('overviewCard.facts.precision')]:
      [spec.precision, spec.quantization].filter(Boolean).join(' / ') || '—',
    [t('overviewCard.facts.runtime')]: runtimeLabel(entity, t),
    [t('overviewCard.facts.licence')]:
      spec.license ?? t('overviewCard.unknownLicence'),
    [t('overviewCard.facts.dataClassification')]: (
      <ClassificationChip classification={spec.dataClassification} />
    ),
    [t('overviewCard.facts.risk')]: spec.risk ?? '—',
    [t('overviewCard.facts.owner')]: (
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
    facts[t('overviewCard.facts.price')] = t('overviewCard.priceValue', {
      input: formatPrice(spec.pricing.inputPer1MTokens, currency),
      output: formatPrice(spec.pricing.outputPer1MTokens, currency),
    });
  }
  if (spec.tracing) facts[t('overviewCard.facts.tracing')] = spec.tracing;
  if (spec.runbook) {
    facts[t('overviewCard.facts.runbook')] = (
      <a href={spec.runbook}>{spec.runbook}</a>
    );
  }
  if (spec.rollbackVersion) {
    facts[t('overviewCard.facts.rollbackTarget')] = spec.rollbackVersion;
  }
  // Rolling back is done on a server of the model: one button each.
  const servers = spec.rollbackVersion
    ? getEntityRelations(entity, RELATION_SERVED_BY).map(ref =>
        stringifyEntityRef(ref),
      )
    : [];
  // Entities of a registry configured with demo: true carry the tag demo.
  const demo = entity.metadata.tags?.includes('demo');
  return (
    <InfoCard
      title={t('overviewCard.title')}
      subheader={
        demo ? (
          <span data-testid="demo-data">
            <Chip
              size="small"
              color="secondary"
              label={t('overviewCard.demo')}
            />{' '}
            <Typography variant="caption">
              {t('overviewCard.demoSource')}
            </Typography>
          </span>
        ) : undefined
      }
    >
      <StructuredMetadataTable options={sentenceCase} metadata={facts} />
      {servers.length > 0 && (
        <Box display="flex" flexWrap="wrap" gridGap={8} mt={2}>
          {servers.map(service => (
            <RollbackButton
              key={service}
              service={service}
              model={entity}
              subject={
                servers.length > 1
                  ? service.replace(/^[^:]*:(default\/)?/, '')
                  : undefined
              }
            />
          ))}
        </Box>
      )}
    </InfoCard>
  );
}
