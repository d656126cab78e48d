import useAsync from 'react-use/esm/useAsync';
import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  EntityRefLinks,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { RELATION_PROVIDES_API } from '@backstage/catalog-model';
import { Typography } from '@material-ui/core';
import { refWithDefaults, sentenceCase } from '../format';
import {
  AIModelEntityV1alpha1,
  isAIModelEntity,
  RELATION_HAS_DERIVATIVE,
  RELATION_SERVED_BY,
  RELATION_TRAINED_ON,
} from '@ai-refarch/plugin-ai-model-common';

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
  const derived = getEntityRelations(entity, RELATION_HAS_DERIVATIVE);
  const servedBy = getEntityRelations(entity, RELATION_SERVED_BY);
  const apis = getEntityRelations(entity, RELATION_PROVIDES_API);
  const datasets = getEntityRelations(entity, RELATION_TRAINED_ON);

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
    'derived from': base ? (
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
      <None text="a base model (nothing upstream declared)" />
    ),
    'derived models': derived.length ? (
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
      <None text="none" />
    ),
    'served by': servedBy.length ? (
      <EntityRefLinks entityRefs={servedBy} defaultKind="component" />
    ) : (
      <None text="no Component declares it in ai-refarch.io/serves-models" />
    ),
    APIs: apis.length ? (
      <EntityRefLinks entityRefs={apis} defaultKind="api" />
    ) : (
      <None text="none" />
    ),
    'trained on': datasets.length ? (
      <EntityRefLinks entityRefs={datasets} defaultKind="resource" />
    ) : (
      <None text="no dataset declared" />
    ),
  };
  return (
    <InfoCard title="Lineage">
      <StructuredMetadataTable options={sentenceCase} metadata={facts} />
    </InfoCard>
  );
}
