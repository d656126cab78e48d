import { Config } from '@backstage/config';
import { GpuPrice } from './gpuSizing';

/**
 * Reads `aiRefarch.gpuPrices`, failing at start-up on a malformed entry.
 *
 * @public
 */
export function readGpuPrices(config: Config): Record<string, GpuPrice> {
  const table = config.getOptionalConfig('aiRefarch.gpuPrices');
  const prices: Record<string, GpuPrice> = {};
  for (const gpuType of table?.keys() ?? []) {
    const entry = table!.getConfig(gpuType);
    const price: GpuPrice = {
      memoryGiB: entry.getNumber('memoryGiB'),
      onDemandPerHour: entry.getNumber('onDemandPerHour'),
      spotPerHour: entry.getNumber('spotPerHour'),
      perNode: entry.getOptionalNumber('perNode') ?? 8,
    };
    for (const [key, value] of Object.entries(price)) {
      if (!(value > 0) && !(key === 'spotPerHour' && value === 0)) {
        throw new Error(
          `aiRefarch.gpuPrices.${gpuType}.${key} must be a positive number, got ${value}`,
        );
      }
    }
    prices[gpuType] = price;
  }
  return prices;
}
