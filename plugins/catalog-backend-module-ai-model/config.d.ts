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
          /** A simulated registry: its models carry the `demo` tag. */
          demo?: boolean;
          /** The registry alias whose version the catalog shows. Default `champion`. */
          preferredAlias?: string;
          /**
           * Metrics of the shown version's run that become its evaluations:
           * metric keys, or prefixes ending in `_` or `/`. Default
           * `[eval_, eval/]`.
           */
          evaluationMetrics?: string[];
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
      /**
       * Kubeflow Model Registries to ingest AIModel entities from, keyed by an
       * id of your choice. Each registered model becomes an AIModel showing
       * its newest live version; custom properties of the model and that
       * version with the names of the AIModel fields (owner, type,
       * lifecycle, system, data_classification, license, runtime, digest,
       * base_model, …) set them.
       */
      /**
       * Feast registries whose feature views and feature services become
       * catalog Resources (named `<project>.<name>`), keyed by an id of
       * your choice. Read from the registry's REST API (`feast
       * serve_registry --rest-api`, Feast 0.51 or later).
       */
      feast?: {
        [id: string]: {
          /** The registry REST server, without /api/v1, e.g. http://feast-registry.feast.svc:6572 */
          baseUrl: string;
          /**
           * Bearer token, where the registry uses Feast's oidc or kubernetes auth.
           * @visibility secret
           */
          token?: string;
          /** The Feast projects to read. */
          projects: string[];
          /** How long one request may take. Default 30 seconds. */
          timeout?: HumanDuration | string;
          /** When to read the registry. */
          schedule: SchedulerServiceTaskScheduleDefinitionConfig;
          /** The Feast UI; the Resources link there. */
          uiUrl?: string;
          /** The catalog namespace of the Resources. Default `default`. */
          namespace?: string;
          /** A simulated registry: its Resources carry the `demo` tag. */
          demo?: boolean;
          /** The owner (required) and system of the Resources. */
          defaults: { owner: string; system?: string };
        };
      };
      /**
       * W&B Registries to ingest AIModel entities from, one entry per W&B
       * organization, keyed by an id of your choice. Each collection of a
       * model type becomes an AIModel at its `latest` version.
       */
      aiModelWandb?: {
        [id: string]: {
          /** The W&B API: https://api.wandb.ai, or a W&B Server's URL. */
          baseUrl: string;
          /**
           * A W&B API key (sent as W&B's SDK sends it: HTTP Basic, user `api`).
           * @visibility secret
           */
          token?: string;
          /** The organization's name. */
          organization: string;
          /** The registries to read, by name (e.g. `model`); default all. */
          registries?: string[];
          /** The artifact types that are models. Default `[model]`. */
          artifactTypes?: string[];
          /**
           * Numeric metadata keys of a version that become its evaluations
           * (keys, or prefixes ending in `_` or `/`; the dataset is the
           * metadata's `eval_dataset`). Default `[eval_, eval/]`.
           */
          evaluationMetrics?: string[];
          /** The W&B app, for links. Default: https://wandb.ai for W&B's cloud, else baseUrl. */
          appUrl?: string;
          /** How long one request may take. Default 30 seconds. */
          timeout?: HumanDuration | string;
          /** When to read the registries. */
          schedule: SchedulerServiceTaskScheduleDefinitionConfig;
          /** A simulated registry: its models carry the `demo` tag. */
          demo?: boolean;
          /** Values for AIModel fields that the registry does not hold. */
          defaults: {
            owner: string;
            type?: string;
            lifecycle?: string;
            system?: string;
            dataClassification?: string;
          };
        };
      };
      aiModelKubeflow?: {
        [id: string]: {
          /**
           * Base URL of the registry's REST API, without the
           * /api/model_registry/v1alpha3 path, e.g.
           * https://kubeflow.example.com or
           * http://model-registry-service.kubeflow.svc:8080
           */
          baseUrl: string;
          /**
           * Bearer token the platform's gateway accepts for the registry
           * (e.g. a Kubernetes service account token).
           * @visibility secret
           */
          token?: string;
          /** How long one request may take. Default 30 seconds. */
          timeout?: HumanDuration | string;
          /** When to read the registry. */
          schedule: SchedulerServiceTaskScheduleDefinitionConfig;
          /** A simulated registry (the dev portal's demo): its models carry the `demo` tag. */
          demo?: boolean;
          /**
           * Numeric properties of a version that become its evaluations:
           * keys, or prefixes ending in `_` or `/`. Default `[eval_, eval/]`.
           */
          evaluationMetrics?: string[];
          /**
           * The registry's page in the Kubeflow or Open Data Hub dashboard;
           * the models link there. Without it they link nowhere.
           */
          uiUrl?: string;
          /** Values for AIModel fields that the registry does not hold. */
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
