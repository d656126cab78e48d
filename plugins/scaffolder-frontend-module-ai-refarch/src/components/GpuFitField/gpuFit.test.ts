import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'yaml';
import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { checkGpuFit } from './gpuFit';

const ROOT = join(__dirname, '../../../../..');
// The dev portal's example models and GPU price table.
const models = yaml
  .parseAllDocuments(
    readFileSync(join(ROOT, 'catalog-info/models.yaml'), 'utf8'),
  )
  .map(d => d.toJS() as Entity);
const config = new ConfigReader(
  yaml.parse(readFileSync(join(ROOT, 'app-config.yaml'), 'utf8')),
);
const catalogApi = {
  getEntityByRef: async (ref: string) =>
    models.find(
      m =>
        stringifyEntityRef({
          ...m,
          metadata: { ...m.metadata, namespace: 'default' },
        }) === ref,
    ),
};

const form = {
  modelSource: 'catalog',
  catalogModel: 'aimodel:default/llama-3-1-8b-instruct',
  gpuType: 'nvidia-l40s',
  maxModelLen: 8192,
  maxNumSeqs: 16,
  gpuMemoryUtilization: 0.9,
  spotSharePercent: 0,
};

describe('checkGpuFit', () => {
  it('fits Llama 3.1 8B on one L40S at the form defaults, by the same numbers as the action', async () => {
    const fit = await checkGpuFit(1, form, catalogApi, config);
    expect(fit).toMatchObject({
      status: 'fits',
      gpuType: 'nvidia-l40s',
      result: {
        weightsBytes: 16_060_000_000,
        kvCacheBytesPerToken: 128 * 1024,
        kvCacheBytes: 16 * 1024 ** 3,
        tensorParallelSize: 1,
      },
    });
  });

  it('refuses one L4 for it, naming the field and the numbers', async () => {
    expect(
      await checkGpuFit(
        1,
        { ...form, gpuType: 'nvidia-l4' },
        catalogApi,
        config,
      ),
    ).toEqual({
      status: 'refused',
      message:
        'gpusPerReplica: the model needs at least 2 × nvidia-l4 per replica (14.96 GiB of weights and 16.00 GiB of KV cache against 21.60 GiB usable per GPU), not 1; add GPUs, pick a larger GPU, a lower precision, or a shorter context or concurrency',
    });
  });

  it('sizes a new model described in the form', async () => {
    const fit = await checkGpuFit(
      1,
      {
        ...form,
        modelSource: 'new',
        newModel: {
          name: 'qwen',
          parameters: 7_620_000_000,
          precision: 'bf16',
          layers: 28,
          kvHeads: 4,
          headDim: 128,
          attentionHeads: 28,
        },
      },
      catalogApi,
      config,
    );
    expect(fit).toMatchObject({
      status: 'fits',
      result: { kvCacheBytesPerToken: 56 * 1024 },
    });
  });

  it.each([
    [
      { catalogModel: 'aimodel:default/clinical-notes-summarizer' },
      /^catalogModel: aimodel:default\/clinical-notes-summarizer has no spec.architecture.layers, spec.architecture.kvHeads, spec.architecture.headDim; GPU sizing needs them$/,
    ],
    [
      { catalogModel: 'aimodel:default/unknown' },
      'catalogModel: aimodel:default/unknown is not an AIModel in the catalog',
    ],
    [
      { gpuType: 'nvidia-b200' },
      /^gpuType: unknown GPU type "nvidia-b200"; the price table has nvidia-a100-80gb/,
    ],
  ])('refuses %j', async (patch, message) => {
    const fit = await checkGpuFit(1, { ...form, ...patch }, catalogApi, config);
    expect(fit.status).toBe('refused');
    expect((fit as { message: string }).message).toMatch(message);
  });

  it('waits for the fields it needs instead of refusing', async () => {
    expect(
      await checkGpuFit(1, { modelSource: 'catalog' }, catalogApi, config),
    ).toEqual({
      status: 'incomplete',
      message: 'pick a model first',
    });
    expect(
      (
        await checkGpuFit(
          1,
          { ...form, maxModelLen: undefined },
          catalogApi,
          config,
        )
      ).status,
    ).toBe('incomplete');
  });
});
