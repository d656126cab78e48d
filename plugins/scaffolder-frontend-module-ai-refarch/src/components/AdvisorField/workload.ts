import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  DataClassification,
  HostedModelPrice,
  isAIModelEntity,
  RetrievalWorkload,
  ServingPolicy,
  ServingWorkload,
} from '@ai-refarch/plugin-ai-model-common';
import { checkGpuFit } from '../GpuFitField/gpuFit';

/** The hosted text-generating models of the catalog that have prices. */
async function hostedModels(
  catalogApi: Pick<CatalogApi, 'getEntities'>,
): Promise<HostedModelPrice[]> {
  const { items } = await catalogApi.getEntities({
    filter: { kind: 'AIModel', 'spec.type': ['llm', 'multimodal'] },
    fields: ['kind', 'apiVersion', 'metadata', 'spec'],
  });
  return items.filter(isAIModelEntity).flatMap(m =>
    m.spec.provider !== 'self-hosted' && m.spec.pricing
      ? [
          {
            ref: stringifyEntityRef(m),
            title: m.metadata.title ?? m.metadata.name,
            inputPer1MTokens: m.spec.pricing.inputPer1MTokens,
            outputPer1MTokens: m.spec.pricing.outputPer1MTokens,
          },
        ]
      : [],
  );
}

/** The chosen model's data classification and precision, from the catalog or the new model's description. */
async function chosenModel(
  form: Record<string, any>,
  catalogApi: Pick<CatalogApi, 'getEntityByRef'>,
): Promise<{ dataClassification?: DataClassification; precision?: string }> {
  if (form.modelSource === 'new') {
    return {
      dataClassification: form.newModel?.dataClassification,
      precision: form.newModel?.quantization ?? form.newModel?.precision,
    };
  }
  if (!form.catalogModel) return {};
  const entity = await catalogApi.getEntityByRef(
    stringifyEntityRef(
      parseEntityRef(form.catalogModel, {
        defaultKind: 'aimodel',
        defaultNamespace: 'default',
      }),
    ),
  );
  if (!entity || !isAIModelEntity(entity)) return {};
  return {
    dataClassification: entity.spec.dataClassification,
    precision: entity.spec.quantization ?? entity.spec.precision,
  };
}

/**
 * The serving form's workload for the runtime advisor: the expected load,
 * the chosen model, the GPU and first-token objective, the self-hosted
 * monthly cost of the minimum replicas from the same GPU sizing as the
 * GpuFit field, and the catalog's hosted models.
 */
export async function servingWorkload(
  form: Record<string, any>,
  catalogApi: Pick<CatalogApi, 'getEntityByRef' | 'getEntities'>,
  config: Config,
  policy: ServingPolicy,
): Promise<{ workload: ServingWorkload; breakEvenMissing?: string }> {
  const [model, hosted, fit] = await Promise.all([
    chosenModel(form, catalogApi),
    hostedModels(catalogApi),
    checkGpuFit(form.gpusPerReplica, form, catalogApi, config, policy),
  ]);
  const replicas = Math.max(Number(form.minReplicas) || 1, 1);
  const selfHostMonthlyCost =
    fit.status === 'fits' ? fit.result.monthlyCost * replicas : undefined;
  let breakEvenMissing: string | undefined;
  if (fit.status !== 'fits') breakEvenMissing = `GPU sizing: ${fit.message}`;
  else if (!hosted.length) {
    breakEvenMissing = 'the catalog has no hosted LLM with prices';
  }
  return {
    workload: {
      requestsPerSecond: Number(form.requestsPerSecond) || 0,
      promptTokens: Number(form.promptTokens) || 0,
      outputTokens: Number(form.outputTokens) || 0,
      ttftSeconds:
        form.ttftP95Seconds === undefined
          ? undefined
          : Number(form.ttftP95Seconds),
      precision: model.precision,
      gpuType: form.gpuType,
      dataClassification: model.dataClassification,
      modelChangesOften: Boolean(form.modelChangesOften),
      selfHostMonthlyCost,
      hostedModels: hosted,
    },
    breakEvenMissing,
  };
}

/** The RAG form's corpus and queries for the vector-database advisor. */
export function retrievalWorkload(
  form: Record<string, any>,
): RetrievalWorkload {
  return {
    vectors: Number(form.expectedChunks) || 0,
    dimensions: Number(form.embeddingDimensions) || 1024,
    filtering: Boolean(form.metadataFilters),
    hybridSearch: Boolean(form.hybridSearch),
    multiTenant: Boolean(form.multiTenant),
    operations: form.vectorDbOperations === 'managed' ? 'managed' : 'self-run',
    runsPostgres: Boolean(form.runsPostgres),
    dataClassification: form.dataClassification,
  };
}
