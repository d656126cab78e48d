export interface Config {
  aiRefarch?: {
    /**
     * GPU prices for sizing and cost estimates, keyed by GPU type
     * (e.g. nvidia-h100-80gb). Read by the golden-path actions and by the
     * GPU-fit field of the Create forms, so it is visible to the front end
     * (prices are not secrets).
     *
     * @deepVisibility frontend
     */
    gpuPrices?: {
      [gpuType: string]: {
        /** Accelerator memory in GiB. */
        memoryGiB: number;
        /** Price of one GPU-hour on demand. */
        onDemandPerHour: number;
        /** Price of one GPU-hour on spot capacity. */
        spotPerHour: number;
        /** GPUs per node; bounds tensor parallelism. Default 8. */
        perNode?: number;
      };
    };
  };
}
