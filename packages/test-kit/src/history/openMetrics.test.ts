import { labelText, openMetricsWriter } from './openMetrics';

describe('openMetricsWriter', () => {
  it('escapes label values as OpenMetrics does', () => {
    expect(labelText({ a: 'x"y\\z\nw', n: 2 })).toBe(
      '{a="x\\"y\\\\z\\nw",n="2"}',
    );
  });

  it("writes a histogram's buckets by bound, then count and sum, one time after another", () => {
    const { family, point, text } = openMetricsWriter();
    const h = family('latency', 'histogram', 'Latency');
    for (const t of [60, 120]) {
      point(h, 'latency_sum', { s: 'a' }, t, t / 10);
      point(h, 'latency_count', { s: 'a' }, t, t);
      point(h, 'latency_bucket', { s: 'a', le: '+Inf' }, t, t);
      point(h, 'latency_bucket', { s: 'a', le: '0.5' }, t, t / 2);
    }
    expect(text().split('\n')).toEqual([
      '# TYPE latency histogram',
      '# HELP latency Latency',
      'latency_bucket{s="a",le="0.5"} 30 60',
      'latency_bucket{s="a",le="+Inf"} 60 60',
      'latency_count{s="a"} 60 60',
      'latency_sum{s="a"} 6 60',
      'latency_bucket{s="a",le="0.5"} 60 120',
      'latency_bucket{s="a",le="+Inf"} 120 120',
      'latency_count{s="a"} 120 120',
      'latency_sum{s="a"} 12 120',
      '# EOF',
      '',
    ]);
  });
});
