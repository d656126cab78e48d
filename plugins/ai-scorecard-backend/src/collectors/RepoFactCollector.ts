import { redactIn, redactUrl } from '@ai-refarch/plugin-ai-scorecard-node';
import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { Facts } from '@ai-refarch/plugin-ai-scorecard-common';
import { FactCollector } from '@ai-refarch/plugin-ai-scorecard-node';
import { kubernetesFacts } from './manifestFacts';
import { alertingFacts, runbookFacts, runbookLocation } from './runbookFacts';

const WANTED =
  /^(kubernetes\/.+\.ya?ml|config\/rag\.yaml|docs\/runbook\.md|eval\/.+)$/;
const CONCURRENCY = 4;

/**
 * Facts from the files in an entity's source repository, read with
 * Backstage's UrlReaderService from `backstage.io/source-location`:
 * `repo.files` (which of the files the rules look for exist),
 * `repo.kubernetes` (what the Kubernetes manifests declare),
 * `repo.alerting` (the alerts of its PrometheusRules), `repo.runbook`
 * (whether the linked runbook is in the repository and has a section for
 * each alert) and `repo.ragConfig` (the RAG configuration). A repository that cannot be read
 * leaves its facts unknown, with the reason.
 */
export class RepoFactCollector implements FactCollector {
  readonly id = 'repo';

  constructor(
    private readonly options: {
      urlReader: UrlReaderService;
      logger: LoggerService;
    },
  ) {}

  async collect(entities: Entity[]): Promise<Map<string, Facts>> {
    const facts = new Map<string, Facts>();
    const queue = entities.filter(e => e.kind === 'Component');
    const work = async () => {
      for (let entity = queue.shift(); entity; entity = queue.shift()) {
        facts.set(stringifyEntityRef(entity), await this.read(entity));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, work));
    return facts;
  }

  private async read(entity: Entity): Promise<Facts> {
    const observedAt = new Date().toISOString();
    const annotation =
      entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
    const unknown = (reason: string, source = 'repo'): Facts => ({
      'repo.files': { unknown: reason, source, observedAt },
      'repo.kubernetes': { unknown: reason, source, observedAt },
      'repo.ragConfig': { unknown: reason, source, observedAt },
      'repo.alerting': { unknown: reason, source, observedAt },
      'repo.runbook': { unknown: reason, source, observedAt },
    });
    if (!annotation) {
      return unknown(`no ${ANNOTATION_SOURCE_LOCATION} annotation`);
    }
    let target: string;
    try {
      const location = parseLocationRef(annotation);
      if (location.type !== 'url') {
        return unknown(
          `${ANNOTATION_SOURCE_LOCATION} is a ${location.type} location, which cannot be read as a repository`,
        );
      }
      target = location.target;
    } catch (error) {
      return unknown(
        `${ANNOTATION_SOURCE_LOCATION}: ${(error as Error).message}`,
      );
    }
    // The URL may carry a token (x-access-token:…@, ?private_token=): it is
    // stored as the facts' source and logged only without it.
    const source = `repo:${redactUrl(target)}`;
    const runbook = runbookLocation(entity);
    const runbookPath = runbook && 'path' in runbook ? runbook.path : undefined;
    let files: { path: string; text: string }[];
    try {
      const tree = await this.options.urlReader.readTree(target, {
        filter: path => WANTED.test(path) || path === runbookPath,
      });
      files = await Promise.all(
        (
          await tree.files()
        ).map(async f => ({
          path: f.path,
          text: (await f.content()).toString('utf8'),
        })),
      );
    } catch (error) {
      this.options.logger.warn(`Could not read ${redactUrl(target)}`, {
        error: redactIn(String(error), target),
      });
      return unknown(
        `could not read the repository: ${redactIn(
          (error as Error).message,
          target,
        )}`,
        source,
      );
    }
    const manifests = files
      .filter(f => f.path.startsWith('kubernetes/'))
      .flatMap(f => parseAllDocuments(f.text).map(d => d.toJS()))
      .filter(m => m && typeof m === 'object');
    const ragFile = files.find(f => f.path === 'config/rag.yaml');
    let ragConfig: Facts[string];
    if (!ragFile) {
      ragConfig = { value: null, source, observedAt };
    } else {
      try {
        ragConfig = {
          value: parseYaml(ragFile.text),
          source: `${source}#config/rag.yaml`,
          observedAt,
        };
      } catch (error) {
        ragConfig = {
          unknown: `config/rag.yaml does not parse: ${
            (error as Error).message
          }`,
          source,
          observedAt,
        };
      }
    }
    const alerting = alertingFacts(manifests);
    let runbookFact: Facts[string];
    if (!runbook) {
      runbookFact = {
        value: { path: null, exists: false, sections: [], missingSections: [] },
        source,
        observedAt,
      };
    } else if ('url' in runbook) {
      runbookFact = {
        unknown: `the runbook is at ${redactUrl(
          runbook.url,
        )}, outside the repository, so its sections are not read; keep it in the repository (e.g. docs/runbook.md)`,
        source,
        observedAt,
      };
    } else {
      runbookFact = {
        value: runbookFacts(
          runbook.path,
          files.find(f => f.path === runbook.path)?.text,
          alerting,
        ),
        source: `${source}#${runbook.path}`,
        observedAt,
      };
    }
    return {
      'repo.alerting': {
        value: alerting,
        source: `${source}#kubernetes/`,
        observedAt,
      },
      'repo.runbook': runbookFact,
      'repo.files': {
        value: Object.fromEntries(files.map(f => [f.path, true])),
        source,
        observedAt,
      },
      'repo.kubernetes': {
        value: kubernetesFacts(manifests, entity.metadata.labels),
        source: `${source}#kubernetes/`,
        observedAt,
      },
      'repo.ragConfig': ragConfig,
    };
  }
}
