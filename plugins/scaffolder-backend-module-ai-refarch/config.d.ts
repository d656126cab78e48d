export interface Config {
  aiRefarch?: {
    /**
     * Publishing golden-path output to a local directory instead of a Git
     * host. Meant for trying the templates on a laptop without any external
     * account; leave it unset in production.
     */
    localPublish?: {
      /**
       * Absolute directory, or one relative to the backend's working
       * directory, that receives one sub-directory per generated repository.
       */
      directory: string;
    };
    /**
     * GPU prices for sizing and cost estimates, keyed by GPU type
     * (e.g. nvidia-h100-80gb).
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
