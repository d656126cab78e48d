import { ResponseError } from '@backstage/errors';

/*
 * The W&B Registry over W&B's public GraphQL API (POST <baseUrl>/graphql),
 * with the queries the wandb Python SDK sends (wandb/wandb,
 * wandb/sdk/artifacts/_generated/operations.py: FetchRegistries,
 * RegistryVersions): registries are the projects of an organization's org
 * entity named wandb-registry-<name>; a collection's versions are
 * memberships with a version index and aliases; lists are relay connections
 * paged with first/after; filters are JSON-encoded strings.
 */

/** A registry: a project of the org entity. @public */
export type WandbRegistry = { name: string; description?: string | null };

/** A version of a registry collection, with the artifact it links. @public */
export type WandbRegistryVersion = {
  versionIndex: number | null;
  aliases: { alias: string }[];
  artifactCollection: { name: string; project: { name: string } };
  artifact: {
    id: string;
    artifactType?: { name: string } | null;
    description?: string | null;
    /** JSON, as a string. */
    metadata?: string | null;
    state?: string | null;
    digest?: string | null;
    createdAt?: string | null;
    /** The run that logged it (a union of Run and User). */
    createdBy?: {
      __typename: string;
      name?: string;
      project?: { name: string; entity: { name: string } };
    } | null;
  };
};

/** The prefix W&B gives a registry's project. @public */
export const WANDB_REGISTRY_PREFIX = 'wandb-registry-';

const PAGE_INFO = 'pageInfo { endCursor hasNextPage }';

const REGISTRIES = `query FetchRegistries($organization: String!, $cursor: String, $perPage: Int) {
  organization(name: $organization) {
    orgEntity {
      projects(after: $cursor, first: $perPage) {
        ${PAGE_INFO}
        edges { node { name description } }
      }
    }
  }
}`;

const VERSIONS = `query RegistryVersions($organization: String!, $registryFilter: JSONString, $cursor: String, $perPage: Int) {
  organization(name: $organization) {
    orgEntity {
      name
      artifactMemberships(projectFilters: $registryFilter, after: $cursor, first: $perPage) {
        ${PAGE_INFO}
        edges {
          node {
            versionIndex
            aliases { alias }
            artifactCollection { name project { name } }
            artifact {
              id
              artifactType { name }
              description
              metadata
              state
              digest
              createdAt
              createdBy { __typename ... on Run { name project { name entity { name } } } }
            }
          }
        }
      }
    }
  }
}`;

// The run's input artifacts, as the SDK's Run.used_artifacts() asks for
// them (wandb/apis/public/runs.py, RunInputArtifacts).
const RUN_INPUTS = `query RunInputArtifacts($entity: String!, $project: String!, $runName: String!, $cursor: String, $perPage: Int) {
  project(name: $project, entityName: $entity) {
    run(name: $runName) {
      inputArtifacts(after: $cursor, first: $perPage) {
        ${PAGE_INFO}
        edges { node { versionIndex artifactType { name } artifactSequence { name } } }
      }
    }
  }
}`;

/** An artifact a run used. @public */
export type WandbRunInput = {
  versionIndex: number | null;
  artifactType?: { name: string } | null;
  artifactSequence?: { name: string } | null;
};

type Connection<T> = {
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  edges: { node: T }[];
};

/**
 * Reads the registries of a W&B organization and their versions, with an
 * API key (HTTP Basic, user `api`, as the SDK sends it).
 *
 * @public
 */
export class WandbRegistryClient {
  constructor(
    private readonly options: {
      /** https://api.wandb.ai, or a W&B Server's URL. */
      baseUrl: string;
      apiKey?: string;
      /** The organization's name. */
      organization: string;
      timeoutMs: number;
    },
  ) {}

  /** The organization's registries (projects named wandb-registry-*). */
  async listRegistries(): Promise<WandbRegistry[]> {
    const projects = await this.paged<WandbRegistry>(
      REGISTRIES,
      {},
      data => data.organization?.orgEntity?.projects,
    );
    return projects.filter(p => p.name.startsWith(WANDB_REGISTRY_PREFIX));
  }

  /**
   * Every version of every collection of a registry (by its project name),
   * and the org entity's name, which prefixes the registry's paths.
   */
  async listVersions(
    registryProject: string,
  ): Promise<{ orgEntity: string; versions: WandbRegistryVersion[] }> {
    let orgEntity = '';
    const versions = await this.paged<WandbRegistryVersion>(
      VERSIONS,
      { registryFilter: JSON.stringify({ name: registryProject }) },
      data => {
        orgEntity = data.organization?.orgEntity?.name ?? orgEntity;
        return data.organization?.orgEntity?.artifactMemberships;
      },
    );
    return { orgEntity, versions };
  }

  /**
   * The artifacts a run used (its training and evaluation data among them),
   * by `<entity>/<project>/<run id>`.
   */
  async runInputs(run: string): Promise<WandbRunInput[]> {
    const [entity, project, runName] = run.split('/');
    return this.paged<WandbRunInput>(
      RUN_INPUTS,
      { entity, project, runName },
      data => {
        if (!data?.project?.run) {
          throw new Error(
            `W&B run ${run} not found, or not visible with this API key`,
          );
        }
        return data.project.run.inputArtifacts;
      },
      false,
    );
  }

  private async paged<T>(
    query: string,
    variables: Record<string, unknown>,
    connection: (data: any) => Connection<T> | undefined,
    ofOrganization = true,
  ): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | null = null;
    do {
      const data = await this.graphql(query, {
        ...variables,
        ...(ofOrganization && { organization: this.options.organization }),
        cursor,
        perPage: 100,
      });
      if (ofOrganization && !data?.organization) {
        throw new Error(
          `W&B organization ${this.options.organization} not found, or not visible with this API key`,
        );
      }
      const page = connection(data);
      if (!page || !Array.isArray(page.edges)) {
        throw new TypeError('W&B answered without a list of results');
      }
      all.push(...page.edges.map(e => e.node));
      cursor = page.pageInfo?.hasNextPage ? page.pageInfo.endCursor : null;
    } while (cursor);
    return all;
  }

  private async graphql(query: string, variables: Record<string, unknown>) {
    const url = new URL(
      'graphql',
      this.options.baseUrl.endsWith('/')
        ? this.options.baseUrl
        : `${this.options.baseUrl}/`,
    );
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.options.apiKey
          ? {
              authorization: `Basic ${Buffer.from(
                `api:${this.options.apiKey}`,
              ).toString('base64')}`,
            }
          : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const body = await response.json();
    if (Array.isArray(body?.errors) && body.errors.length) {
      throw new Error(
        `W&B GraphQL: ${body.errors
          .map((e: { message?: string }) => e.message)
          .join('; ')}`,
      );
    }
    return body?.data;
  }
}
