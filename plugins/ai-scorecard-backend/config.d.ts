import { HumanDuration } from '@backstage/types';
import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** The AI Reference Architecture scorecard. */
  aiScorecard?: {
    /**
     * When every entity is graded: a SchedulerService schedule, e.g.
     * `{ frequency: { minutes: 30 }, timeout: { minutes: 15 } }` (the default,
     * with a 15 s initial delay).
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /**
     * Between full runs, a short task compares each entity's catalog etag
     * with the one it was graded at and grades only the entities that
     * changed (and drops the ones that left the catalog).
     */
    catalogChanges?: {
      /** Set to false to grade on the full schedule only. Default true. */
      enabled?: boolean;
      /** Default `{ frequency: { minutes: 1 }, timeout: { minutes: 5 }, initialDelay: { minutes: 1 } }`. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * The share of the applicable rules' weight, in percent (0–100), that
     * evidence must decide (passed, failed or waived, not unknown) before an
     * entity or chapter gets a letter grade; below it the grade is
     * Incomplete. Default 75.
     */
    coverageThreshold?: number;
    /**
     * Model registries that the registry evidence reads (rules
     * security-compliance.artifact-digest and
     * mlops-platform.training-data-lineage). Unset: the catalog's MLflow
     * providers (catalog.providers.aiModelMlflow).
     */
    registries?: {
      mlflow?: {
        [id: string]: {
          /** Base URL of the MLflow tracking server. */
          baseUrl: string;
          /**
           * Bearer token for the MLflow REST API.
           * @visibility secret
           */
          token?: string;
          /** How long one request may take. Default 30 seconds. */
          timeout?: HumanDuration | string;
          /** A demo registry: its evidence is labelled as demo data. */
          demo?: boolean;
        };
      };
    };
    /**
     * How model signatures are verified (rule
     * security-compliance.artifact-signed): offline, with @sigstore/verify.
     */
    sigstore?: {
      /**
       * Path of a Sigstore trusted_root.json (CAs, transparency logs, CT
       * logs). Default: the public-good instance's, shipped with the plugin
       * (sigstore/public-good-trusted-root.json); a private Sigstore
       * deployment gives its own.
       */
      trustedRoot?: string;
      /**
       * The signers to accept, by certificate identity (an e-mail or workflow
       * URI, or a /regular expression/) and optionally OIDC issuer. Without
       * any, every identity the trusted root certified is accepted and
       * recorded in the evidence.
       */
      identities?: Array<{ subjectAlternativeName: string; issuer?: string }>;
      /** Transparency-log entries a bundle must carry. Default 1. */
      tlogThreshold?: number;
      /** Certificate Transparency timestamps a certificate must carry. Default 1. */
      ctlogThreshold?: number;
    };
    /** Changes to the reference rule set, without forking it. */
    rules?: {
      /** Rule ids to switch off. */
      disabled?: string[];
      /** Per rule id, fields to replace (weight, severity, appliesTo, remediation, check, threshold). */
      overrides?: { [ruleId: string]: object };
      /** The organisation's own rules, in the reference rules' format. */
      extra?: object[];
    };
  };
}
