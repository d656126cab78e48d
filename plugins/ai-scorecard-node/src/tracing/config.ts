import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  HeliconeBackend,
  LangfuseBackend,
  LangSmithBackend,
  PhoenixBackend,
  TraceBackend,
} from './backends';

/** A base URL, read with the key named on error. */
function baseUrl(config: Config, key: string): string {
  const value = config.getString(key);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `aiScorecard.tracing.${key}: "${value}" is not a URL, e.g. http://phoenix.observability.svc:6006`,
    );
  }
  if (!['http:', 'https:'].includes(url.protocol)) {
    throw new Error(`aiScorecard.tracing.${key}: must be an http(s) URL`);
  }
  return value;
}

/**
 * The trace back ends configured under `aiScorecard.tracing`, which the
 * scorecard's tracing module reads for trace evidence and the SLO service
 * for online evaluation scores.
 *
 * @public
 */
export function readTraceBackends(config: Config): TraceBackend[] {
  const tracing = config.getOptionalConfig('aiScorecard.tracing');
  if (!tracing) return [];
  const timeoutMs = tracing.has('timeout')
    ? durationToMilliseconds(
        readDurationFromConfig(tracing, { key: 'timeout' }),
      )
    : undefined;
  const backends: TraceBackend[] = [];
  const phoenix = tracing.getOptionalConfig('phoenix');
  if (phoenix) {
    backends.push(
      new PhoenixBackend({
        timeoutMs,
        baseUrl: baseUrl(tracing, 'phoenix.baseUrl'),
        apiKey: phoenix.getOptionalString('apiKey'),
        demo: phoenix.getOptionalBoolean('demo'),
      }),
    );
  }
  const langfuse = tracing.getOptionalConfig('langfuse');
  if (langfuse) {
    backends.push(
      new LangfuseBackend({
        timeoutMs,
        baseUrl: baseUrl(tracing, 'langfuse.baseUrl'),
        publicKey: langfuse.getString('publicKey'),
        secretKey: langfuse.getString('secretKey'),
        demo: langfuse.getOptionalBoolean('demo'),
      }),
    );
  }
  const langsmith = tracing.getOptionalConfig('langsmith');
  if (langsmith) {
    backends.push(
      new LangSmithBackend({
        timeoutMs,
        baseUrl: langsmith.has('baseUrl')
          ? baseUrl(tracing, 'langsmith.baseUrl')
          : 'https://api.smith.langchain.com',
        apiKey: langsmith.getString('apiKey'),
        workspaceId: langsmith.getOptionalString('workspaceId'),
        demo: langsmith.getOptionalBoolean('demo'),
      }),
    );
  }
  const helicone = tracing.getOptionalConfig('helicone');
  if (helicone) {
    backends.push(
      new HeliconeBackend({
        timeoutMs,
        baseUrl: helicone.has('baseUrl')
          ? baseUrl(tracing, 'helicone.baseUrl')
          : 'https://api.helicone.ai',
        apiKey: helicone.getString('apiKey'),
        property: helicone.getOptionalString('property'),
        demo: helicone.getOptionalBoolean('demo'),
      }),
    );
  }
  return backends;
}
