import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import {
  AIModelEntityV1alpha1,
  ANNOTATION_SERVES_MODELS,
  DATA_CLASSIFICATIONS,
  FETCHABLE_WEIGHTS_URI,
  isAIModelEntity,
  isHostedModel,
  RELATION_SERVED_BY,
  relatedComponentRefs,
  servingReadiness,
} from '@ai-refarch/plugin-ai-model-common';
import {
  dnsLabel,
  entityRefInput,
  parseInput,
  templateOptional,
} from './parseInput';
import { examples } from './resolveModel.examples';

const MODEL_TYPES = [
  'llm',
  'embedding',
  'reranker',
  'classifier',
  'vision',
  'speech',
  'multimodal',
] as const;

export const resolveModelInput = z.object({
  source: z
    .enum(['catalog', 'new'])
    .describe('Pick from the catalog, or describe a new model'),
  entityRef: templateOptional(z.string()).describe(
    'The AIModel picked from the catalog',
  ),
  field: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]*$/)
    .default('model')
    .describe('The form field to name in error messages'),
  types: z
    .array(z.enum(MODEL_TYPES))
    .min(1)
    .default(['llm'])
    .describe('The model types this golden path accepts'),
  lifecycle: z
    .string()
    .optional()
    .describe(
      'The lifecycle the model is registered with; a new production model needs aliases, a risk tier, a rollback version and passing evaluations',
    ),
  requireArchitecture: z
    .boolean()
    .default(true)
    .describe('Needs layers, KV heads and head dimension, for GPU sizing'),
  purpose: z
    .enum(['serve', 'call'])
    .default('serve')
    .describe(
      'serve: the golden path deploys the model, so its weights must be servable; call: the service only calls it (a hosted API, or a model another service serves), so it needs its prices, or a Component in the catalog that serves it',
    ),
  newModel: templateOptional(
    z.object({
      name: dnsLabel(
        'must be lower-case letters, digits and dashes, at most 63',
      ),
      title: z.string().max(100).optional(),
      weightsUri: z
        .string()
        .regex(
          FETCHABLE_WEIGHTS_URI,
          'must be an s3://, gs://, hf://, https://, pvc:// or oci:// URI',
        ),
      parameters: z.number().int().min(1, 'must be at least 1'),
      precision: z.enum(['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4', 'nf4']),
      contextWindow: z.number().int().min(2),
      layers: z.number().int().min(1),
      attentionHeads: z.number().int().min(1),
      kvHeads: z.number().int().min(1),
      headDim: z.number().int().min(1),
      license: z.string().min(1).optional(),
      dataClassification: z.enum(DATA_CLASSIFICATIONS).optional(),
      // Provenance, which the template writes on the AIModel.
      weightsDigest: z
        .string()
        .regex(
          /^sha256:[a-f0-9]{64}$/,
          'must be sha256: and 64 lower-case hex digits',
        )
        .optional(),
      signature: z.string().min(1).optional(),
      registryType: z
        .enum([
          'mlflow',
          'huggingface',
          'wandb',
          'kubeflow',
          'sagemaker',
          'vertex-ai',
        ])
        .optional(),
      registryName: z.string().min(1).optional(),
      registryVersion: z.string().min(1).optional(),
      // What a production model needs (the scorecard's mlops-platform.alias,
      // security-compliance.risk-tier, on-call-incidents.rollback-version and
      // llm-observability.evaluations rules).
      aliases: z
        .array(
          z
            .string()
            .regex(
              /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
              'must be letters, digits, ".", "_" and "-"',
            ),
        )
        .optional(),
      risk: z.enum(['minimal', 'limited', 'high']).optional(),
      rollbackVersion: z.string().min(1).optional(),
      // What a rollback deploys: that version's weights, pinned.
      rollbackWeightsUri: z
        .string()
        .regex(
          FETCHABLE_WEIGHTS_URI,
          'must be an s3://, gs://, hf://, https://, pvc:// or oci:// URI',
        )
        .optional(),
      rollbackWeightsDigest: z
        .string()
        .regex(
          /^sha256:[a-f0-9]{64}$/,
          'must be sha256: and 64 lower-case hex digits',
        )
        .optional(),
      evaluations: z
        .array(
          z.object({
            tool: z.string().min(1),
            dataset: z.string().min(1),
            metric: z.string().min(1),
            value: z.number(),
            threshold: z.number(),
            direction: z
              .enum(['higher-is-better', 'lower-is-better'])
              .default('higher-is-better'),
            date: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'),
          }),
        )
        .optional(),
    }),
  ),
});

/** The fields a new production model must have, and the form's names for them. */
function productionSpec(
  m: NonNullable<z.output<typeof resolveModelInput>['newModel']>,
) {
  const missing = [
    [
      'aliases',
      !m.aliases?.length,
      'add at least one registry alias, such as production',
    ],
    ['risk', !m.risk, 'choose the risk tier (minimal, limited or high)'],
    ['rollbackVersion', !m.rollbackVersion, 'name the version to roll back to'],
    [
      'rollbackWeightsUri',
      !m.rollbackWeightsUri,
      "give where the rollback version's weights are",
    ],
    [
      'rollbackWeightsDigest',
      !m.rollbackWeightsDigest,
      "give the sha256 of the rollback version's weights",
    ],
    [
      'evaluations',
      !m.evaluations?.length,
      'add at least one evaluation with its threshold',
    ],
  ] as const;
  for (const [name, absent, what] of missing) {
    if (absent) {
      throw new InputError(
        `newModel.${name}: a production model needs it; ${what}, or register the service as experimental`,
      );
    }
  }
  m.evaluations!.forEach((e, i) => {
    const passes =
      e.direction === 'lower-is-better'
        ? e.value <= e.threshold
        : e.value >= e.threshold;
    if (!passes) {
      throw new InputError(
        `newModel.evaluations[${i}].value: ${e.metric} ${e.value} on ${
          e.dataset
        } misses its threshold of ${e.threshold} (${e.direction.replace(
          /-/g,
          ' ',
        )}); a production model passes its evaluations`,
      );
    }
  });
  return {
    aliases: m.aliases,
    risk: m.risk,
    rollbackVersion: m.rollbackVersion,
    rollbackArtifact: rollbackArtifactOf(m),
    evaluations: m.evaluations,
  };
}

/** spec.rollbackArtifact, when the form gave a rollback version and both its weights' URI and digest. */
function rollbackArtifactOf(
  m: NonNullable<z.output<typeof resolveModelInput>['newModel']>,
) {
  if (m.rollbackWeightsUri && m.rollbackWeightsDigest && !m.rollbackVersion) {
    throw new InputError(
      'newModel.rollbackVersion: name the version the rollback weights are',
    );
  }
  return m.rollbackWeightsUri && m.rollbackWeightsDigest
    ? { uri: m.rollbackWeightsUri, digest: m.rollbackWeightsDigest }
    : undefined;
}

/**
 * `ai-refarch:resolve-model`: the model a golden path serves or uses, either
 * an AIModel picked from the catalog (checked for kind, type and the fields
 * the path needs) or a new one described in the form, in one shape.
 */
export function createResolveModelAction(options: { catalog: CatalogService }) {
  return createTemplateAction({
    id: 'ai-refarch:resolve-model',
    description:
      'Resolves the model of a golden path: an AIModel from the catalog or a new one from the form, with its size and shape.',
    examples,
    supportsDryRun: true,
    schema: {
      input: () => resolveModelInput,
      output: () =>
        z.object({
          entityRef: z.string(),
          name: z.string(),
          title: z.string(),
          isNew: z.boolean(),
          weightsUri: z
            .string()
            .optional()
            .describe('Absent when purpose is call'),
          version: z
            .string()
            .optional()
            .describe(
              "The model's version (spec.version; 1 for a new model); absent when purpose is call",
            ),
          digest: z
            .string()
            .optional()
            .describe(
              'The weights digest (spec.artifact.digest), when the model records one',
            ),
          dataClassification: z
            .enum(DATA_CLASSIFICATIONS)
            .optional()
            .describe(
              'The data the model may see (spec.dataClassification), for the guard in front of it; absent when purpose is call',
            ),
          parameters: z.number().optional(),
          precision: z.string().optional(),
          contextWindow: z.number().optional(),
          layers: z.number().optional(),
          attentionHeads: z.number().optional(),
          kvHeads: z.number().optional(),
          headDim: z.number().optional(),
          productionSpec: z
            .record(z.unknown())
            .optional()
            .describe(
              "A new production model's aliases, risk tier, rollback version and evaluations, for ai-refarch:aimodel-entity's moreSpec",
            ),
        }),
    },
    async handler(ctx) {
      const input = parseInput(resolveModelInput, ctx.input);
      const field = input.field;
      let resolved: ResolvedModel;
      if (input.source === 'new') {
        if (!input.newModel) {
          throw new InputError(
            `${field}: describe the new model, or pick one from the catalog`,
          );
        }
        const m = input.newModel;
        if (m.kvHeads > m.attentionHeads) {
          throw new InputError(
            `newModel.kvHeads: ${m.kvHeads} KV heads cannot exceed ${m.attentionHeads} attention heads`,
          );
        }
        const {
          license: _l,
          weightsDigest: _w,
          signature: _s,
          registryType: _t,
          registryName: _n,
          registryVersion: _v,
          aliases: _a,
          risk: _r,
          rollbackVersion: _b,
          rollbackWeightsUri: _bu,
          rollbackWeightsDigest: _bd,
          evaluations: _e,
          ...shape
        } = m;
        resolved = {
          ...shape,
          entityRef: `aimodel:default/${m.name}`,
          title: m.title ?? m.name,
          isNew: true,
          // The new model's spec.version: its registry version, or 1.
          version: m.registryVersion ?? '1',
          digest: m.weightsDigest,
          // Checked for production; written as given otherwise.
          productionSpec: Object.fromEntries(
            Object.entries(
              input.lifecycle === 'production'
                ? productionSpec(m)
                : {
                    aliases: m.aliases,
                    risk: m.risk,
                    rollbackVersion: m.rollbackVersion,
                    rollbackArtifact: rollbackArtifactOf(m),
                    evaluations: m.evaluations,
                  },
            ).filter(([, v]) => v !== undefined),
          ),
        };
      } else {
        resolved = await fromCatalog(
          input,
          options.catalog,
          await ctx.getInitiatorCredentials(),
        );
      }
      for (const [key, value] of Object.entries(resolved)) {
        if (value !== undefined) ctx.output(key as never, value as never);
      }
    },
  });
}

type ResolvedModel = {
  entityRef: string;
  name: string;
  title: string;
  isNew: boolean;
  weightsUri?: string;
  version?: string;
  digest?: string;
  dataClassification?: string;
  parameters?: number;
  precision?: string;
  contextWindow?: number;
  layers?: number;
  attentionHeads?: number;
  kvHeads?: number;
  headDim?: number;
  productionSpec?: Record<string, unknown>;
};

async function fromCatalog(
  input: z.output<typeof resolveModelInput>,
  catalog: CatalogService,
  credentials: Parameters<CatalogService['getEntityByRef']>[1]['credentials'],
): Promise<ResolvedModel> {
  const field = input.field;
  if (!input.entityRef) {
    throw new InputError(
      `${field}: pick a model from the catalog, or describe a new one`,
    );
  }
  const ref = entityRefInput(input.entityRef, 'aimodel', field);
  const entity = await catalog.getEntityByRef(ref, { credentials });
  if (!entity) throw new InputError(`${field}: ${ref} is not in the catalog`);
  if (!isAIModelEntity(entity)) {
    throw new InputError(
      `${field}: ${ref} is a ${entity.kind}, not an AIModel`,
    );
  }
  const spec = (entity as AIModelEntityV1alpha1).spec;
  if (!input.types.includes(spec.type)) {
    throw new InputError(
      `${field}: ${ref} is an AIModel of type ${
        spec.type
      }; this golden path needs type ${input.types.join(' or ')}`,
    );
  }
  if (input.purpose === 'call') {
    const problem = callable(entity as AIModelEntityV1alpha1);
    if (problem) throw new InputError(`${field}: ${ref} ${problem}`);
    return {
      entityRef: ref,
      name: entity.metadata.name,
      title: entity.metadata.title ?? entity.metadata.name,
      isNew: false,
    };
  }
  // The same checks that set the catalog's serving-ready label, which the
  // model pickers filter on.
  const readiness = servingReadiness(entity as AIModelEntityV1alpha1);
  const blocking = readiness.problems.find(
    p => p.field !== 'shape' || input.requireArchitecture,
  );
  if (blocking) {
    throw new InputError(`${field}: ${ref} ${blocking.message}`);
  }
  const weightsUri = readiness.weightsUri!;
  const arch = spec.architecture ?? {};
  return {
    entityRef: ref,
    name: entity.metadata.name,
    title: entity.metadata.title ?? entity.metadata.name,
    isNew: false,
    weightsUri,
    version: spec.version,
    digest: spec.artifact?.digest,
    dataClassification: spec.dataClassification,
    parameters: spec.parameters,
    precision: spec.precision,
    contextWindow: spec.contextWindow,
    layers: arch.layers,
    attentionHeads: arch.attentionHeads ?? arch.kvHeads,
    kvHeads: arch.kvHeads,
    headDim: arch.headDim,
  };
}

/**
 * Why a service's calls to a model could not be costed: a hosted API model
 * without a price, or a self-hosted one that no catalog Component serves
 * (the cost card charges the caller its share of the servers' GPUs).
 */
function callable(model: AIModelEntityV1alpha1): string | undefined {
  if (isHostedModel(model)) {
    return model.spec.pricing
      ? undefined
      : 'is a hosted API model without spec.pricing, so the cost of its calls cannot be worked out; add its prices per 1M tokens to the model first';
  }
  return relatedComponentRefs(model, RELATION_SERVED_BY).length
    ? undefined
    : `is served by no Component in the catalog (annotation ${ANNOTATION_SERVES_MODELS} on its server), so the share of its servers' GPUs the service pays cannot be worked out`;
}
