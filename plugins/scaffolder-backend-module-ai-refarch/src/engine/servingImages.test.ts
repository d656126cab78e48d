import { ConfigReader } from '@backstage/config';
import { DEFAULT_SERVING_IMAGES, readServingImages } from './servingImages';

const pinned = `vllm/vllm-openai:v0.8.5@sha256:${'0123456789abcdef'.repeat(4)}`;

describe('readServingImages', () => {
  it('takes the platform pinned images and keeps the defaults for the rest', () => {
    expect(
      readServingImages(
        new ConfigReader({ aiRefarch: { servingImages: { vllm: pinned } } }),
      ),
    ).toEqual({ ...DEFAULT_SERVING_IMAGES, vllm: pinned });
    expect(readServingImages(new ConfigReader({}))).toEqual(
      DEFAULT_SERVING_IMAGES,
    );
  });

  it('names the key of a reference that is not an image', () => {
    expect(() =>
      readServingImages(
        new ConfigReader({
          aiRefarch: { servingImages: { tgi: 'tgi latest; rm -rf /' } },
        }),
      ),
    ).toThrow(
      'aiRefarch.servingImages.tgi: "tgi latest; rm -rf /" is not an image reference',
    );
    expect(() =>
      readServingImages(
        new ConfigReader({
          aiRefarch: {
            servingImages: { triton: 'nvcr.io/nvidia/tritonserver@sha256:abc' },
          },
        }),
      ),
    ).toThrow('aiRefarch.servingImages.triton');
  });
});
