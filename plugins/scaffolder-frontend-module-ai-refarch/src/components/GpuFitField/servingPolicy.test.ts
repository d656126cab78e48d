import {
  catalogApi,
  config,
  form as defaults,
} from '../../__testUtils__/devPortal';
import { checkBudget, checkGpuFit } from './gpuFit';
import { readServingPolicy, REFERENCE_POLICY } from './servingPolicy';

const form = { ...defaults, lifecycle: 'production', spotSharePercent: 40 };

/** The scorecard back end's GET /rules, answering with `rules` or a status. */
function backend(answer: { rules: object[] } | number) {
  const calls: string[] = [];
  return {
    calls,
    discoveryApi: {
      getBaseUrl: async (plugin: string) => `http://backstage/api/${plugin}`,
    },
    fetchApi: {
      fetch: async (url: string) => {
        calls.push(url);
        return typeof answer === 'number'
          ? new Response('{}', { status: answer })
          : new Response(JSON.stringify({ version: '2026.12.1', ...answer }));
      },
    } as any,
  };
}

describe('the serving policy of the form', () => {
  it("reads the spot limit from the scorecard's rule set, once, and the form refuses by it", async () => {
    const b = backend({
      rules: [
        { id: 'other.rule' },
        {
          id: 'gpu-cluster-topology.spot-share',
          threshold: { value: 0.25, min: 0, max: 0.25 },
        },
        {
          id: 'gpu-cluster-topology.live-zones',
          threshold: { value: 3, min: 2, max: 6 },
        },
      ],
    });
    const policy = await readServingPolicy(b.discoveryApi, b.fetchApi);
    expect(policy).toEqual({
      maxProductionSpotShare: 0.25,
      minProductionReplicas: 3,
    });
    await readServingPolicy(b.discoveryApi, b.fetchApi);
    expect(b.calls).toEqual(['http://backstage/api/ai-scorecard/rules']);
    expect(await checkGpuFit(1, form, catalogApi, config, policy)).toEqual({
      status: 'refused',
      message:
        'spotSharePercent: production model serving keeps at most 25 % of its replicas on spot capacity, not 40 %; choose 25 % or less, or the experimental lifecycle',
    });
    // The reference limit lets the same plan through.
    expect(
      (await checkGpuFit(1, form, catalogApi, config, REFERENCE_POLICY)).status,
    ).toBe('fits');
    // Three zones need three production replicas, on the budget step.
    const plan = { ...form, spotSharePercent: 0, gpusPerReplica: 1 };
    expect(
      await checkBudget(
        10_000,
        { ...plan, minReplicas: 2, maxReplicas: 4 },
        catalogApi,
        config,
        policy,
      ),
    ).toEqual({
      status: 'refused',
      message:
        'minReplicas: production model serving runs at least 3 replicas, so that they sit in 3 zones, not 2; choose 3 or more, or the experimental lifecycle',
    });
    expect(
      (
        await checkBudget(
          10_000,
          { ...plan, minReplicas: 3, maxReplicas: 4 },
          catalogApi,
          config,
          policy,
        )
      ).status,
    ).toBe('fits');
  });

  it('sets no limit when the platform switched the rule off', async () => {
    const b = backend({ rules: [{ id: 'other.rule' }] });
    expect(await readServingPolicy(b.discoveryApi, b.fetchApi)).toEqual({
      maxProductionSpotShare: null,
      minProductionReplicas: null,
    });
  });

  it('uses the reference limit without the scorecard back end, and asks again next time', async () => {
    const b = backend(404);
    expect(await readServingPolicy(b.discoveryApi, b.fetchApi)).toEqual(
      REFERENCE_POLICY,
    );
    await readServingPolicy(b.discoveryApi, b.fetchApi);
    expect(b.calls).toHaveLength(2);
  });
});
