import useAsync from 'react-use/esm/useAsync';
import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  catalogApiRef,
  EntityRefLink,
  EntityRefLinks,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  RELATION_DEPENDS_ON,
  RELATION_PROVIDES_API,
} from '@backstage/catalog-model';
import { Typography } from '@material-ui/core';
import { refWithDefaults, sentenceCase } from '../format';
import {
  AIModelEntityV1alpha1,
  ANNOTATION_SERVES_MODELS,
  isAIModelEntity,
  RELATION_HAS_DERIVATIVE,
  RELATION_SERVED_BY,
  RELATION_TRAINED_ON,
} from '@ai-refarch/plugin-ai-model-common';
import { aiModelTranslationRef } from '../../translation';

function None({ text }: { text: string }) {
  return (
    <Typography variant="body2" color="textSecondary">
      {text}
    </Typography>
  );
}

/**
 * Where the model comes from and what depends on it: its base model, the
 * models derived from it, the services that serve it, its APIs and the
 * datasets it was trained on.
 */
export function AIModelLineageCard() {
  const { entity } = useEntity<AIModelEntityV1alpha1>();
  const catalogApi = useApi(catalogApiRef);
  const { t } = useTranslationRef(aiModelTranslationRef);
  const derived = getEntityRelations(entity, RELATION_HAS_DERIVATIVE);
  const servedBy = getEntityRelations(entity, RELATION_SERVED_BY);
  const apis = getEntityRelations(entity, RELATION_PROVIDES_API);
  const datasets = getEntityRelations(entity, RELATION_TRAINED_ON);
  // The feature store Resources it reads (spec.features).
  const features = getEntityRelations(entity, RELATION_DEPENDS_ON, {
    kind: 'resource',
  });

  // The kind of derivation lives on the derived model, so fetch those.
  const { value: derivations } = useAsync(async () => {
    if (derived.length === 0) return [];
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: derived.map(d => `${d.kind}:${d.namespace}/${d.name}`),
    });
    return items.filter(
      (e): e is AIModelEntityV1alpha1 => !!e && isAIModelEntity(e),
    );
  }, [catalogApi, entity.metadata.uid]);

  const base = entity.spec.baseModel;
  const facts: Record<string, unknown> = {
    [t('lineageCard.facts.derivedFrom')]: base ? (
      <>
        <EntityRefLink
          entityRef={refWithDefaults(
            base.ref,
            'AIModel',
            entity.metadata.namespace,
          )}
        />{' '}
        ({base.relation})
      </>
    ) : (
      <None text={t('lineageCard.noBaseModel')} />
    ),
    [t('lineageCard.facts.derivedModels')]: derived.length ? (
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {derived.map(d => {
          const model = derivations?.find(m => m.metadata.name === d.name);
          return (
            <li key={d.name}>
              <EntityRefLink entityRef={d} />
              {model?.spec.baseModel
                ? ` (${model.spec.baseModel.relation})`
                : ''}
            </li>
          );
        })}
      </ul>
    ) : (
      <None text={t('lineageCard.noDerivedModels')} />
    ),
    [t('lineageCard.facts.servedBy')]: servedBy.length ? (
      <EntityRefLinks entityRefs={servedBy} defaultKind="component" />
    ) : (
      <None
        text={t('lineageCard.notServed', {
          annotation: ANNOTATION_SERVES_MODELS,
        })}
      />
    ),
    [t('lineageCard.facts.apis')]: apis.length ? (
      <EntityRefLinks entityRefs={apis} defaultKind="api" />
    ) : (
      <None text={t('lineageCard.noApis')} />
    ),
    [t('lineageCard.facts.trainedOn')]: datasets.length ? (
      <EntityRefLinks entityRefs={datasets} defaultKind="resource" />
    ) : (
      <None text={t('lineageCard.noDatasets')} />
    ),
    [t('lineageCard.facts.features')]: features.length ? (
      <EntityRefLinks entityRefs={features} defaultKind="resource" />
    ) : (
      <None text={t('lineageCard.noFeatures')} />
    ),
  };
  return (
    <InfoCard title={t('lineageCard.title')}>
      <StructuredMetadataTable options={sentenceCase} metadata={facts} />
    </InfoCard>
  );
}
