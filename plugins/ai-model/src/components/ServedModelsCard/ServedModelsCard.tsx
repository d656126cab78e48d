import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
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

/** The models a Component serves (as a model server) and uses (as a client). */
export function ServedModelsCard() {
  const { entity } = useEntity();
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
    <InfoCard title="AI models">
      <StructuredMetadataTable
        options={sentenceCase}
        metadata={{
          serves: serves.length ? (
            <EntityRefLinks entityRefs={serves} defaultKind="aimodel" />
          ) : (
            none(
              `none (list served models in the ${ANNOTATION_SERVES_MODELS} annotation)`,
            )
          ),
          uses: uses.length ? (
            <EntityRefLinks entityRefs={uses} defaultKind="aimodel" />
          ) : (
            none('none (list called models in spec.dependsOn)')
          ),
        }}
      />
    </InfoCard>
  );
}
