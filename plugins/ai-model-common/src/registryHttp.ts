import { ResponseError } from '@backstage/errors';

/**
 * GETs a registry API's JSON answer: with the bearer token when there is
 * one, within the time-out, and a ResponseError (status and body) for an
 * error status.
 *
 * @public
 */
export async function getRegistryJson(
  url: URL,
  options: { token?: string; timeoutMs: number },
): Promise<any> {
  const response = await fetch(url, {
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!response.ok) throw await ResponseError.fromResponse(response);
  return response.json();
}
