import { parseSlos } from './slo';
import { parseMonthlyBudget } from './budget';

const availability = {
  name: 'availability',
  indicator: { type: 'availability' },
  timeWindow: [{ duration: '28d', isRolling: true }],
  objectives: [{ target: 0.995 }],
};
const ttft = {
  name: 'ttft-p95',
  displayName: 'Time to first token under 500 ms',
  indicator: { type: 'ttft', runtime: 'vllm' },
  timeWindow: [{ duration: '7d', isRolling: true }],
  objectives: [{ target: 0.95, op: 'lte', value: 0.5 }],
};
const quality = {
  name: 'faithfulness',
  indicator: { type: 'quality', metric: 'ragas_faithfulness' },
  timeWindow: [{ duration: '30d', isRolling: true }],
  budgetingMethod: 'Timeslices',
  objectives: [{ target: 0.9, op: 'gte', value: 0.8, timeSliceWindow: '1h' }],
};

const online = {
  name: 'hallucination',
  indicator: { type: 'quality', source: 'tracing', score: 'hallucination' },
  timeWindow: [{ duration: '7d', isRolling: true }],
  budgetingMethod: 'Timeslices',
  objectives: [{ target: 0.9, op: 'gte', value: 0.7, timeSliceWindow: '1h' }],
};

describe('parseSlos', () => {
  it('reads a quality SLO over the online evaluations of the trace back end', () => {
    const { slos, errors } = parseSlos({ spec: { slos: [online] } });
    expect(errors).toEqual([]);
    expect(slos[0].indicator).toEqual({
      type: 'quality',
      source: 'tracing',
      score: 'hallucination',
    });
  });

  it('reads the OpenSLO subset for availability, latency and quality', () => {
    const { slos, errors } = parseSlos({
      spec: { slos: [availability, ttft, quality] },
    });
    expect(errors).toEqual([]);
    expect(slos.map(s => s.name)).toEqual([
      'availability',
      'ttft-p95',
      'faithfulness',
    ]);
    expect(slos[1].objectives[0]).toEqual({
      target: 0.95,
      op: 'lte',
      value: 0.5,
    });
  });

  it('has nothing to say about an entity without SLOs', () => {
    expect(parseSlos({ spec: {} })).toEqual({ slos: [], errors: [] });
  });

  it.each([
    [{ spec: { slos: 'fast' } }, 'spec.slos', 'must be a list of SLOs'],
    [
      { spec: { slos: [{ ...availability, objectives: [{ target: 99.5 }] }] } },
      'spec.slos[0].objectives[0].target',
      'must be below 1 (0.995 means 99.5 %)',
    ],
    [
      { spec: { slos: [{ ...availability, name: 'Availability!' }] } },
      'spec.slos[0].name',
      'must be lowercase letters, digits and dashes, at most 63',
    ],
    [
      { spec: { slos: [{ ...availability, indicator: { type: 'uptime' } }] } },
      'spec.slos[0].indicator.type',
      'must be one of availability, ttft, inter-token-latency, quality',
    ],
    [
      {
        spec: {
          slos: [
            {
              ...availability,
              timeWindow: [{ duration: '90d', isRolling: true }],
            },
          ],
        },
      },
      'spec.slos[0].timeWindow[0].duration',
      'must be 7d, 28d or 30d',
    ],
    [
      {
        spec: {
          slos: [
            {
              ...availability,
              timeWindow: [{ duration: '7d', isRolling: false }],
            },
          ],
        },
      },
      'spec.slos[0].timeWindow[0].isRolling',
      'must be true: only rolling windows are supported',
    ],
    [
      { spec: { slos: [{ ...ttft, objectives: [{ target: 0.95 }] }] } },
      'spec.slos[0].objectives[0]',
      'ttft needs op: lte and the latency in seconds as value',
    ],
    [
      {
        spec: {
          slos: [
            {
              ...ttft,
              indicator: { type: 'inter-token-latency', runtime: 'triton' },
            },
          ],
        },
      },
      'spec.slos[0].indicator.runtime',
      'Triton exports no inter-token latency histogram',
    ],
    [
      { spec: { slos: [{ ...quality, indicator: { type: 'quality' } }] } },
      'spec.slos[0].indicator.metric',
      'quality needs the evaluation score series',
    ],
    [
      {
        spec: {
          slos: [
            {
              ...quality,
              indicator: { type: 'quality', metric: 'score{job="x"}' },
            },
          ],
        },
      },
      'spec.slos[0].indicator.metric',
      'must be a Prometheus metric name (letters, digits, _ and :)',
    ],
    [
      {
        spec: {
          slos: [
            { ...online, indicator: { type: 'quality', source: 'tracing' } },
          ],
        },
      },
      'spec.slos[0].indicator.score',
      "quality from tracing needs the evaluation's name, e.g. faithfulness",
    ],
    [
      {
        spec: {
          slos: [
            {
              ...online,
              objectives: [
                { target: 0.9, op: 'gte', value: 0.7, timeSliceWindow: '5m' },
              ],
            },
          ],
        },
      },
      'spec.slos[0].objectives[0].timeSliceWindow',
      'quality from tracing is measured in 1h slices (the back ends average scores per hour)',
    ],
    [
      {
        spec: {
          slos: [
            {
              ...online,
              indicator: { ...online.indicator, metric: 'ragas_faithfulness' },
            },
          ],
        },
      },
      'spec.slos[0].indicator.metric',
      'quality from tracing reads indicator.score, not a Prometheus series',
    ],
    [
      {
        spec: {
          slos: [
            {
              ...availability,
              indicator: { type: 'availability', source: 'tracing' },
            },
          ],
        },
      },
      'spec.slos[0].indicator.source',
      'only quality SLOs take a source',
    ],
    [
      {
        spec: {
          slos: [
            { ...online, indicator: { ...online.indicator, source: 'logs' } },
          ],
        },
      },
      'spec.slos[0].indicator.source',
      'must be prometheus or tracing',
    ],
    [
      { spec: { slos: [{ ...availability, query: 'up' }] } },
      'spec.slos[0]',
      'unknown field: query',
    ],
    [
      { spec: { slos: [availability, availability] } },
      'spec.slos[1].name',
      'availability is declared twice',
    ],
  ])('refuses %j naming %s', (entity, field, message) => {
    const { errors } = parseSlos(entity);
    expect(errors).toContainEqual({ field, message });
  });

  it('keeps the good SLOs when one is wrong', () => {
    const { slos, errors } = parseSlos({
      spec: { slos: [availability, { ...ttft, objectives: [] }] },
    });
    expect(slos.map(s => s.name)).toEqual(['availability']);
    expect(errors).toEqual([
      {
        field: 'spec.slos[1].objectives',
        message: 'must hold exactly one objective',
      },
    ]);
  });
});

describe('parseMonthlyBudget', () => {
  it('reads an amount with or without a currency', () => {
    expect(parseMonthlyBudget('18000')).toEqual({ amount: 18000 });
    expect(parseMonthlyBudget('2500.50 EUR')).toEqual({
      amount: 2500.5,
      currency: 'EUR',
    });
  });

  it.each(['', 'lots', '-5', '0', '18k', '100 dollars'])(
    'refuses %j naming the annotation',
    value => {
      expect(() => parseMonthlyBudget(value)).toThrow(
        /^ai-refarch\.io\/monthly-budget: .* is not a budget/,
      );
    },
  );
});
