import { evaluateCheck, Facts, parsePath } from './evaluate';

const observedAt = '2026-11-27T10:00:00Z';
const facts: Facts = {
  'catalog.entity': {
    source: 'catalog',
    observedAt,
    value: {
      metadata: { annotations: { 'ai-refarch.io/runbook': 'docs/runbook.md' } },
      spec: {
        serving: { runtime: 'vllm' },
        evaluations: [{ metric: 'f1', threshold: 0.8 }],
      },
    },
  },
  'kubernetes.workloads': {
    unknown: 'cluster prod-eu: 403 Forbidden',
    source: 'kubernetes:prod-eu',
    observedAt,
  },
};

describe('evaluateCheck', () => {
  it('reads annotation keys with dots and slashes', () => {
    expect(parsePath('metadata.annotations["ai-refarch.io/runbook"]')).toEqual([
      'metadata',
      'annotations',
      'ai-refarch.io/runbook',
    ]);
    expect(
      evaluateCheck(
        {
          fact: 'catalog.entity',
          path: 'metadata.annotations["ai-refarch.io/runbook"]',
          op: 'exists',
        },
        facts,
      ),
    ).toEqual({
      outcome: 'pass',
      evidence: [
        {
          fact: 'catalog.entity',
          path: 'metadata.annotations["ai-refarch.io/runbook"]',
          op: 'exists',
          expected: undefined,
          actual: 'docs/runbook.md',
          outcome: 'pass',
          source: 'catalog',
          observedAt,
        },
      ],
    });
  });

  it('fails on a value that is there but wrong, and is unknown on a fact that could not be read', () => {
    expect(
      evaluateCheck(
        {
          fact: 'catalog.entity',
          path: 'spec.serving.runtime',
          op: 'in',
          value: ['tgi'],
        },
        facts,
      ).outcome,
    ).toBe('fail');
    expect(
      evaluateCheck(
        { fact: 'catalog.entity', path: 'spec.nothing', op: 'exists' },
        facts,
      ).outcome,
    ).toBe('fail');
    const unknown = evaluateCheck(
      { fact: 'kubernetes.workloads', path: 'pdb', op: 'equals', value: true },
      facts,
    );
    expect(unknown).toMatchObject({
      outcome: 'unknown',
      evidence: [
        {
          reason: 'cluster prod-eu: 403 Forbidden',
          source: 'kubernetes:prod-eu',
        },
      ],
    });
    expect(
      evaluateCheck({ fact: 'prometheus.gpu', op: 'exists' }, facts),
    ).toMatchObject({
      outcome: 'unknown',
      evidence: [
        {
          reason: expect.stringContaining(
            'no collector supplied prometheus.gpu: add @ai-refarch/plugin-ai-scorecard-backend-module-prometheus',
          ),
        },
      ],
    });
  });

  it('checks that a list or map is empty, and fails on a missing one', () => {
    const drift: Facts = {
      'kubernetes.drift': {
        value: { engine: [], serving: [{ field: 'runtime' }], none: {} },
        source: 'kubernetes:prod-eu',
        observedAt: '2026-11-27T10:00:00Z',
      },
    };
    const check = (path: string) =>
      evaluateCheck({ fact: 'kubernetes.drift', path, op: 'empty' }, drift)
        .outcome;
    expect(check('engine')).toBe('pass');
    expect(check('none')).toBe('pass');
    expect(check('serving')).toBe('fail');
    expect(check('missing')).toBe('fail');
  });

  it('combines with all, any and not; unknown does not turn into pass or fail', () => {
    const pass = {
      fact: 'catalog.entity',
      path: 'spec.serving.runtime',
      op: 'equals',
      value: 'vllm',
    } as const;
    const fail = {
      fact: 'catalog.entity',
      path: 'spec.serving.runtime',
      op: 'equals',
      value: 'tgi',
    } as const;
    const unknown = { fact: 'kubernetes.workloads', op: 'exists' } as const;
    expect(evaluateCheck({ all: [pass, unknown] }, facts).outcome).toBe(
      'unknown',
    );
    expect(evaluateCheck({ all: [fail, unknown] }, facts).outcome).toBe('fail');
    expect(evaluateCheck({ any: [fail, unknown] }, facts).outcome).toBe(
      'unknown',
    );
    expect(evaluateCheck({ any: [pass, unknown] }, facts).outcome).toBe('pass');
    expect(evaluateCheck({ not: fail }, facts).outcome).toBe('pass');
    expect(evaluateCheck({ not: unknown }, facts).outcome).toBe('unknown');
    expect(evaluateCheck({ all: [pass, fail] }, facts).evidence).toHaveLength(
      2,
    );
  });

  it('checks that every element of a list has a key', () => {
    expect(
      evaluateCheck(
        {
          fact: 'catalog.entity',
          path: 'spec.evaluations',
          op: 'everyHas',
          value: 'threshold',
        },
        facts,
      ).outcome,
    ).toBe('pass');
    expect(
      evaluateCheck(
        {
          fact: 'catalog.entity',
          path: 'spec.evaluations',
          op: 'everyHas',
          value: 'dataset',
        },
        facts,
      ).outcome,
    ).toBe('fail');
  });
});
