import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  catalogApiRef,
  EntityRefLinks,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Box, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { RollbackButton } from '../RollbackButton/RollbackButton';
import { sentenceCase } from '../format';
import {
  AI_MODEL_KIND,
  AIModelEntityV1alpha1,
  ANNOTATION_SERVES_MODELS,
  isAIModelEntity,
  RELATION_SERVES,
} from '@ai-refarch/plugin-ai-model-common';
import { aiModelTranslationRef } from '../../translation';

/** The models a Component serves (as a model server) and uses (as a client). */
export function ServedModelsCard() {
  const { entity } = useEntity();
  const { t } = useTranslationRef(aiModelTranslationRef);
  const serves = getEntityRelations(entity, RELATION_SERVES);
  const catalogApi = useApi(catalogApiRef);
  const servedRefs = serves.map(r => stringifyEntityRef(r)).join(',');
  // The served models' rollback versions, for the rollback buttons.
  const { value: rollbackable = [] } = useAsync(async () => {
    if (!servedRefs) return [];
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: servedRefs.split(','),
    });
    return items.filter(
      (m): m is AIModelEntityV1alpha1 =>
        !!m && isAIModelEntity(m) && !!m.spec.rollbackVersion,
    );
  }, [catalogApi, servedRefs]);
  const uses = getEntityRelations(entity, RELATION_DEPENDS_ON, {
    kind: AI_MODEL_KIND,
  });
  const none = (text: string) => (
    <Typography variant="body2" color="textSecondary">
      {text}
    </Typography>
  );
  return (
    <InfoCard title={t('servedModelsCard.title')}>
      <StructuredMetadataTable
        options={sentenceCase}
        metadata={{
          [t('servedModelsCard.facts.serves')]: serves.length ? (
            <EntityRefLinks entityRefs={serves} defaultKind="aimodel" />
          ) : (
            none(
              t('servedModelsCard.noServes', {
                annotation: ANNOTATION_SERVES_MODELS,
              }),
            )
          ),
          [t('servedModelsCard.facts.uses')]: uses.length ? (
            <EntityRefLinks entityRefs={uses} defaultKind="aimodel" />
          ) : (
            none(t('servedModelsCard.noUses'))
          ),
        }}
      />
      {rollbackable.length > 0 && (
        <Box display="flex" flexWrap="wrap" gridGap={8} mt={2}>
          {rollbackable.map(model => (
            <RollbackButton
              key={stringifyEntityRef(model)}
              service={stringifyEntityRef(entity)}
              model={model}
              subject={
                rollbackable.length > 1 ? model.metadata.name : undefined
              }
            />
          ))}
        </Box>
      )}
    </InfoCard>
  );
}
