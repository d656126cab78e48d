/**
 * A URL as it may be logged, stored as a fact's source or shown: without
 * user info (`x-access-token:ghp_…@`) and with the values of query
 * parameters that carry credentials (`private_token`, `sig`, `key`, …)
 * replaced by `***`.
 *
 * @public
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username || parsed.password) {
    parsed.username = '***';
    parsed.password = '';
  }
  for (const key of [...parsed.searchParams.keys()]) {
    if (/token|secret|passw|sig|key|auth|credential/i.test(key)) {
      parsed.searchParams.set(key, '***');
    }
  }
  return parsed.toString();
}

/**
 * `text` with every occurrence of `url` replaced by its redacted form.
 *
 * @public
 */
export function redactIn(text: string, url: string): string {
  return url ? text.split(url).join(redactUrl(url)) : text;
}
