import { HumanDuration } from '@backstage/types';

export interface Config {
  aiScorecard?: {
    /**
     * Trace back ends the scorecard reads to confirm that each AI service's
     * traces arrive (fact `tracing.traces`), and the SLO back end reads for
     * quality SLOs over online evaluations (`indicator.source: tracing`). A
     * service names its back end in `ai-refarch.io/tracing` and its project
     * in `ai-refarch.io/tracing-project` (default: its name).
     */
    tracing?: {
      /**
       * How long a back end's answer for a project is reused across grading
       * runs. Default one hour.
       */
      cacheTtl?: HumanDuration | string;
      /** How long one request to a back end may take. Default 10 seconds. */
      timeout?: HumanDuration | string;
      /** Arize Phoenix: a project per service (openinference.project.name). */
      phoenix?: {
        /** e.g. http://phoenix.observability.svc:6006 */
        baseUrl: string;
        /**
         * A Phoenix API key, when Phoenix has authentication enabled.
         * @visibility secret
         */
        apiKey?: string;
        /** A simulated back end: its evidence is labelled as demo data. */
        demo?: boolean;
      };
      /** Langfuse v4: the project of the key pair; services by OpenTelemetry service.name. */
      langfuse?: {
        baseUrl: string;
        publicKey: string;
        /** @visibility secret */
        secretKey: string;
        /** A simulated back end: its evidence is labelled as demo data. */
        demo?: boolean;
      };
      /** LangSmith: a tracing project per service (the Langsmith-Project header). */
      langsmith?: {
        /** Default https://api.smith.langchain.com */
        baseUrl?: string;
        /** @visibility secret */
        apiKey: string;
        /** For an API key that spans workspaces (sent as x-tenant-id). */
        workspaceId?: string;
        /** A simulated back end: its evidence is labelled as demo data. */
        demo?: boolean;
      };
      /**
       * Helicone's REST API. A service's calls are the requests its
       * gateway calls tag with Helicone-Property-<property>: <project>.
       */
      helicone?: {
        /** Default https://api.helicone.ai (EU: https://eu.api.helicone.ai; self-hosted jawn: port 8585). */
        baseUrl?: string;
        /** @visibility secret */
        apiKey: string;
        /** The custom property that names the service; default service. */
        property?: string;
        /** A simulated back end: its evidence is labelled as demo data. */
        demo?: boolean;
      };
    };
  };
}
