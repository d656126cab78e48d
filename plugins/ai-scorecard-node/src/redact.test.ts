import { redactIn, redactUrl } from './redact';

describe('redactUrl', () => {
  it.each([
    [
      'https://x-access-token:ghp_abc123@github.com/acme/chat/tree/main/',
      'https://***@github.com/acme/chat/tree/main/',
    ],
    [
      'https://gitlab.example.com/acme/chat/-/tree/main?private_token=glpat-xyz&ref=main',
      'https://gitlab.example.com/acme/chat/-/tree/main?private_token=***&ref=main',
    ],
    [
      'https://acct.blob.core.windows.net/repo?sv=2024&sig=abc%2Fdef',
      'https://acct.blob.core.windows.net/repo?sv=2024&sig=***',
    ],
    [
      'https://git.example.com/acme/chat/tree/main/',
      'https://git.example.com/acme/chat/tree/main/',
    ],
    ['not a url', 'not a url'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('redacts the URL inside a message', () => {
    const url = 'https://u:secret-pass@git.example.com/a/b';
    expect(redactIn(`${url} does not exist`, url)).toBe(
      'https://***@git.example.com/a/b does not exist',
    );
  });
});
