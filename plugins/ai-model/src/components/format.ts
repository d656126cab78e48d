import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { TranslationFunction } from '@backstage/core-plugin-api/alpha';
import { AIModelEntityV1alpha1 } from '@ai-refarch/plugin-ai-model-common';
import { aiModelTranslationRef } from '../translation';

/** The `t` of `aiModelTranslationRef`, for helpers outside components. */
export type AIModelT = TranslationFunction<typeof aiModelTranslationRef.T>;

export {
  formatContext,
  formatParameters,
} from '@ai-refarch/plugin-ai-model-common';

/** Product names of the serving runtimes; `hosted-api` is a word, in the ref. */
const RUNTIME_NAMES: Record<string, string> = {
  vllm: 'vLLM',
  tgi: 'TGI',
  triton: 'Triton',
  kserve: 'KServe',
  'tensorrt-llm': 'TensorRT-LLM',
  ollama: 'Ollama',
};

/** A serving runtime as shown: its product name, or the runtime as written. */
export function runtimeName(runtime: string, t: AIModelT): string {
  if (runtime === 'hosted-api') return t('runtime.hostedApi');
  return RUNTIME_NAMES[runtime] ?? runtime;
}

export function runtimeLabel(
  model: AIModelEntityV1alpha1,
  t: AIModelT,
): string {
  const runtime = model.spec.serving?.runtime;
  return runtime ? runtimeName(runtime, t) : t('runtime.notServed');
}

export function formatPrice(value: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: 2,
  }).format(value);
}

/**
 * Entity references in a spec may omit the kind and namespace; EntityRefLink
 * needs them, so fill in the defaults the catalog would use.
 */
export function refWithDefaults(
  ref: string,
  defaultKind: string,
  defaultNamespace = 'default',
): CompoundEntityRef {
  return parseEntityRef(ref, { defaultKind, defaultNamespace });
}

/** Metadata table keys are written as sentences; keep them as written. */
export const sentenceCase = {
  titleFormat: (key: string) =>
    key.charAt(0).toLocaleUpperCase('en-US') + key.slice(1),
};
