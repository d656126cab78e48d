import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * MLflow Model Registries to ingest AIModel entities from, keyed by an id
       * of your choice.
       */
      aiModelMlflow?: {
        [id: string]: {
          /** Base URL of the MLflow tracking server, e.g. https://mlflow.example.com */
          baseUrl: string;
          /**
           * Bearer token for the MLflow REST API.
           * @visibility secret
           */
          token?: string;
          /** How long one request may take. Default 30 seconds. */
          timeout?: HumanDuration | string;
          /** When to read the registry. */
          schedule: SchedulerServiceTaskScheduleDefinitionConfig;
          /** The registry alias whose version the catalog shows. Default `champion`. */
          preferredAlias?: string;
          /**
           * Values for AIModel fields that the registry does not hold. Model tags
           * with the same names (owner, type, lifecycle, system,
           * data_classification, license, provider) override them.
           */
          defaults: {
            owner: string;
            type?: string;
            lifecycle?: string;
            system?: string;
            dataClassification?: string;
          };
        };
      };
    };
  };
  aiRefarch?: {
    publish?: {
      /**
       * The Git hosts that the golden-path templates' repository picker
       * offers (templates annotated `ai-refarch.io/repo-url-hosts:
       * app-config`). Default: every configured integration of GitHub,
       * GitLab, Bitbucket Server, Bitbucket Cloud and Azure DevOps.
       */
      allowedHosts?: string[];
    };
  };
}
