import { matches, parseLabelSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  it('reads equality, set and existence requirements, as kubectl does', () => {
    const selector = parseLabelSelector(
      'app.kubernetes.io/name=chat, tier in (gpu, cpu),env!=dev,!legacy,team',
    );
    expect(
      matches(selector, {
        'app.kubernetes.io/name': 'chat',
        tier: 'gpu',
        env: 'prod',
        team: 'ml',
      }),
    ).toBe(true);
    expect(
      matches(selector, {
        'app.kubernetes.io/name': 'chat',
        tier: 'gpu',
        env: 'dev',
        team: 'ml',
      }),
    ).toBe(false);
    expect(
      matches(selector, {
        'app.kubernetes.io/name': 'chat',
        tier: 'gpu',
        team: 'ml',
        legacy: 'x',
      }),
    ).toBe(false);
    expect(
      matches(selector, {
        'app.kubernetes.io/name': 'chat',
        tier: 'arm',
        team: 'ml',
      }),
    ).toBe(false);
    expect(matches(parseLabelSelector('app==chat'), { app: 'chat' })).toBe(
      true,
    );
  });

  it('quotes the part it cannot read', () => {
    expect(() => parseLabelSelector('')).toThrow('the selector is empty');
    expect(() => parseLabelSelector('app in (chat')).toThrow(
      'cannot read "app in (chat" in "app in (chat"',
    );
    expect(() => parseLabelSelector('app=chat bot')).toThrow(
      'cannot read "app=chat bot"',
    );
    expect(() => parseLabelSelector('-app=chat')).toThrow(
      '"-app" in "-app=chat" is not a label key',
    );
    expect(() => parseLabelSelector(`app=${'x'.repeat(64)}`)).toThrow(
      'is not a label value',
    );
  });
});
