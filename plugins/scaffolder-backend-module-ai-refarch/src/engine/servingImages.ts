import { Config } from '@backstage/config';

/**
 * The container images the golden paths deploy, by runtime.
 *
 * @public
 */
export type ServingImages = {
  vllm: string;
  tgi: string;
  triton: string;
  /** KServe's storage initializer, which fetches the weights. */
  storageInitializer: string;
  /**
   * A Python 3.10+ image for the prompt-injection guard in front of the
   * model server; the guard is the standard library only, and its code and
   * configuration come from the service's repository.
   */
  guard: string;
};

/**
 * Tags, not digests: only the platform knows which builds it vetted, so it
 * pins them in `aiRefarch.servingImages` (the scorecard's images rule fails
 * services deployed from tags).
 */
export const DEFAULT_SERVING_IMAGES: ServingImages = {
  vllm: 'vllm/vllm-openai:v0.8.5',
  tgi: 'ghcr.io/huggingface/text-generation-inference:3.3.0',
  triton: 'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3',
  storageInitializer: 'kserve/storage-initializer:v0.14.1',
  guard: 'python:3.12-slim',
};

const IMAGE =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$/;

/** Reads `aiRefarch.servingImages`; throws naming the key of a bad reference. */
export function readServingImages(config: Config): ServingImages {
  const images = { ...DEFAULT_SERVING_IMAGES };
  for (const key of Object.keys(images) as (keyof ServingImages)[]) {
    const value = config.getOptionalString(`aiRefarch.servingImages.${key}`);
    if (value === undefined) continue;
    if (!IMAGE.test(value)) {
      throw new Error(
        `aiRefarch.servingImages.${key}: "${value}" is not an image reference (registry/name:tag@sha256:<64 hex digits>)`,
      );
    }
    images[key] = value;
  }
  return images;
}
