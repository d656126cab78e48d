export interface Config {
  aiRefarch?: {
    /**
     * Publishing golden-path output to a local directory instead of a Git
     * host. Meant for trying the templates on a laptop without any external
     * account; leave it unset in production.
     */
    /**
     * The images the LLM serving golden path deploys. Pin each by digest
     * (`vllm/vllm-openai:v0.8.5@sha256:...`): the scorecard fails model
     * servers whose running images are not pinned. Defaults are tags.
     */
    servingImages?: {
      vllm?: string;
      tgi?: string;
      triton?: string;
      storageInitializer?: string;
      /**
       * A Python 3.10+ image (such as python:3.12-slim, pinned) that runs
       * the prompt-injection guard in front of the model server.
       */
      guard?: string;
    };
    localPublish?: {
      /**
       * Absolute directory, or one relative to the backend's working
       * directory, that receives one sub-directory per generated repository.
       */
      directory: string;
    };
  };
}
