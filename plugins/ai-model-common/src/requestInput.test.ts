import { z } from 'zod';
import { entityRefFromPath, parseRequestInput } from './requestInput';

describe('parseRequestInput', () => {
  const query = z
    .object({ window: z.enum(['1h', '1d'], 'must be one of 1h, 1d') })
    .strict();

  it('returns what the schema parsed', () => {
    expect(parseRequestInput(query, { window: '1h' }, 'query')).toEqual({
      window: '1h',
    });
  });

  it('names the part and the field of a bad value', () => {
    expect(() => parseRequestInput(query, { window: '2d' }, 'query')).toThrow(
      'query window: must be one of 1h, 1d',
    );
  });

  it('names a parameter it does not know', () => {
    expect(() =>
      parseRequestInput(query, { window: '1h', days: '7' }, 'query'),
    ).toThrow('unknown query parameter days');
  });

  it('throws an InputError, which Backstage answers with 400', () => {
    expect(() => parseRequestInput(query, {}, 'query')).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });
});

describe('entityRefFromPath', () => {
  it('is the entity ref the path names', () => {
    expect(
      entityRefFromPath({ kind: 'AIModel', namespace: 'default', name: 'x.y' }),
    ).toBe('aimodel:default/x.y');
  });

  it.each([
    [
      { kind: 'ai model', namespace: 'default', name: 'x' },
      'path kind: must be an entity kind',
    ],
    [
      { kind: 'component', namespace: '-x', name: 'x' },
      'path namespace: must be an entity name',
    ],
    [
      { kind: 'component', namespace: 'default', name: 'a/b' },
      'path name: must be an entity name',
    ],
  ])('refuses %j', (params, message) => {
    expect(() => entityRefFromPath(params)).toThrow(message);
  });
});
