import { hostname } from 'node:os';
import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ScorecardStore } from '../database/ScorecardStore';
import { GradingService } from './GradingService';

function scheduleAt(
  config: RootConfigService,
  key: string,
  defaults: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  return config.has(key)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(key),
      )
    : defaults;
}

/**
 * Schedules the grading: a full run (`aiScorecard.schedule`, every 30
 * minutes by default), recorded with the instance that ran it, and unless
 * `aiScorecard.catalogChanges.enabled` is false, a run over the entities
 * that changed in the catalog (`aiScorecard.catalogChanges.schedule`, every
 * minute). Both are global tasks: one replica runs each, the others wait
 * for the next.
 */
export async function scheduleGrading(options: {
  config: RootConfigService;
  scheduler: SchedulerService;
  grading: GradingService;
  store: ScorecardStore;
  logger: LoggerService;
}): Promise<void> {
  const { config, scheduler, grading, store, logger } = options;
  const instance = `${hostname()}:${process.pid}`;
  await scheduler.scheduleTask({
    id: 'ai-scorecard-grade-all',
    ...scheduleAt(config, 'aiScorecard.schedule', {
      frequency: { minutes: 30 },
      timeout: { minutes: 15 },
      initialDelay: { seconds: 15 },
    }),
    scope: 'global',
    fn: async () => {
      const startedAt = new Date();
      const { graded, removed } = await grading.gradeAll();
      const finishedAt = new Date();
      await store.recordRun({
        instance,
        startedAt,
        finishedAt,
        graded,
        removed,
      });
      logger.info(
        `Graded ${graded} entities in ${
          finishedAt.getTime() - startedAt.getTime()
        } ms; removed ${removed} gone from the catalog`,
      );
    },
  });

  if (
    config.getOptionalBoolean('aiScorecard.catalogChanges.enabled') !== false
  ) {
    await scheduler.scheduleTask({
      id: 'ai-scorecard-grade-changed',
      ...scheduleAt(config, 'aiScorecard.catalogChanges.schedule', {
        frequency: { minutes: 1 },
        timeout: { minutes: 5 },
        initialDelay: { minutes: 1 },
      }),
      scope: 'global',
      fn: async () => {
        const { graded, removed } = await grading.gradeChanged();
        if (graded || removed) {
          logger.info(
            `Catalog changes: graded ${graded} changed entities, removed ${removed} gone from the catalog`,
          );
        }
      },
    });
  }
}
