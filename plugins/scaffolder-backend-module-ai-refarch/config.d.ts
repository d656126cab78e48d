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
  };
}
