import { anyOf, eq, promqlString, selector } from './promql';

describe('promql', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b', '"a\\"b"'],
    ['back\\slash', '"back\\\\slash"'],
    ['line\nbreak', '"line\\nbreak"'],
    ['chat"} or vector(1) or up{a="', '"chat\\"} or vector(1) or up{a=\\""'],
  ])('quotes %j so that it stays one string', (value, expected) => {
    expect(promqlString(value)).toBe(expected);
  });

  it('builds selectors and refuses names that are not Prometheus names', () => {
    expect(
      selector('vllm:time_to_first_token_seconds_bucket', [
        eq('service', 'chat'),
        { label: 'status', op: '=~', value: '5..' },
      ]),
    ).toBe(
      'vllm:time_to_first_token_seconds_bucket{service="chat",status=~"5.."}',
    );
    expect(() => selector('up{x="1"}', [])).toThrow(
      '"up{x=\\"1\\"}" is not a Prometheus metric name',
    );
    expect(() => selector('up', [eq('bad label', 'x')])).toThrow(
      '"bad label" is not a Prometheus label name',
    );
  });

  it('matches any of several exact values, whatever characters they hold', () => {
    const m = anyOf('node', [
      'gpu-spot-1',
      'ip-10-0-1-2.ec2.internal',
      'a|b',
      'x"}',
    ]);
    expect(selector('kube_node_labels', [m])).toBe(
      'kube_node_labels{node=~"gpu-spot-1|ip-10-0-1-2\\\\.ec2\\\\.internal|a\\\\|b|x\\"\\\\}"}',
    );
    // As Prometheus reads it: the string unquoted, then the regular expression.
    const pattern = new RegExp(`^(?:${m.value})$`);
    expect(
      ['gpu-spot-1', 'ip-10-0-1-2.ec2.internal', 'a|b', 'x"}'].every(v =>
        pattern.test(v),
      ),
    ).toBe(true);
    expect(
      ['a', 'b', 'ip-10-0-1-2xec2xinternal'].some(v => pattern.test(v)),
    ).toBe(false);
  });
});
