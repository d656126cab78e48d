import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import {
  AIModelEntityV1alpha1,
  isHostedModel,
} from '@ai-refarch/plugin-ai-model-common';
import { runtimeLabel, sentenceCase } from '../format';

/** How and where the model is served, and on what hardware. */
export function AIModelServingCard() {
  const { entity } = useEntity<AIModelEntityV1alpha1>();
  const { serving, resources, architecture } = entity.spec;
  if (!serving && !resources) {
    return (
      <InfoCard title="Serving and resources">
        <Typography variant="body2">
          This model declares no serving runtime or resources. Add
          <code> spec.serving</code> and <code>spec.resources</code> to its
          entity.
        </Typography>
      </InfoCard>
    );
  }
  const facts: Record<string, unknown> = { runtime: runtimeLabel(entity) };
  if (serving?.endpoint) facts.endpoint = serving.endpoint;
  if (!isHostedModel(entity)) {
    facts.accelerator = resources?.accelerator ?? '—';
    facts['accelerators per replica'] = resources?.count ?? '—';
    facts['accelerator memory'] =
      resources?.memoryGiB !== undefined ? `${resources.memoryGiB} GiB` : '—';
    facts.replicas = resources?.replicas ?? '—';
  }
  for (const [key, value] of Object.entries(serving?.engine ?? {})) {
    facts[`engine: ${key}`] = String(value);
  }
  if (architecture) {
    facts.architecture = Object.entries(architecture)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  }
  return (
    <InfoCard title="Serving and resources">
      <StructuredMetadataTable options={sentenceCase} metadata={facts} />
    </InfoCard>
  );
}
