import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  EntityRefLinks,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { RELATION_DEPENDS_ON } from '@backstage/catalog-model';
import { Typography } from '@material-ui/core';
import { sentenceCase } from '../format';
import {
  AI_MODEL_KIND,
  ANNOTATION_SERVES_MODELS,
  RELATION_SERVES,
} from '@ai-refarch/plugin-ai-model-common';
import { aiModelTranslationRef } from '../../translation';

/** The models a Component serves (as a model server) and uses (as a client). */
export function ServedModelsCard() {
  const { entity } = useEntity();
  const { t } = useTranslationRef(aiModelTranslationRef);
  const serves = getEntityRelations(entity, RELATION_SERVES);
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
    </InfoCard>
  );
}
