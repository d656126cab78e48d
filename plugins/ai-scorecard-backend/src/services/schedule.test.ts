import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { ScorecardStore } from '../database/ScorecardStore';
import { GradingService } from './GradingService';
import { scheduleGrading } from './schedule';

function setup(config: object) {
  const scheduler = mockServices.scheduler.mock();
  const grading = {
    gradeAll: jest.fn(async () => ({ graded: 12, removed: 1 })),
    gradeChanged: jest.fn(async () => ({ graded: 2, removed: 0 })),
  };
  const store = { recordRun: jest.fn(async () => {}) };
  const logger = mockServices.logger.mock();
  const run = () =>
    scheduleGrading({
      config: new ConfigReader(config),
      scheduler,
      grading: grading as unknown as GradingService,
      store: store as unknown as ScorecardStore,
      logger,
    });
  const task = (id: string) =>
    scheduler.scheduleTask.mock.calls.find(([t]) => t.id === id)?.[0] as
      | (SchedulerServiceTaskScheduleDefinition & {
          scope: string;
          fn: () => Promise<void>;
        })
      | undefined;
  return { run, task, grading, store, logger };
}

describe('scheduleGrading', () => {
  it('grades everything every 30 minutes and the catalog changes every minute, each on one replica, and records each full run', async () => {
    const { run, task, grading, store } = setup({});
    await run();
    const all = task('ai-scorecard-grade-all')!;
    expect(all).toMatchObject({
      frequency: { minutes: 30 },
      timeout: { minutes: 15 },
      scope: 'global',
    });
    expect(task('ai-scorecard-grade-changed')).toMatchObject({
      frequency: { minutes: 1 },
      scope: 'global',
    });

    await all.fn();
    expect(grading.gradeAll).toHaveBeenCalledTimes(1);
    expect(store.recordRun).toHaveBeenCalledWith(
      expect.objectContaining({
        graded: 12,
        removed: 1,
        instance: expect.stringMatching(/:\d+$/),
      }),
    );
    await task('ai-scorecard-grade-changed')!.fn();
    expect(grading.gradeChanged).toHaveBeenCalledTimes(1);
  });

  it('takes both schedules from the configuration, and can leave catalog changes to the full runs', async () => {
    const configured = setup({
      aiScorecard: {
        schedule: { frequency: { hours: 2 }, timeout: { minutes: 50 } },
        catalogChanges: {
          schedule: { frequency: { seconds: 20 }, timeout: { seconds: 15 } },
        },
      },
    });
    await configured.run();
    expect(configured.task('ai-scorecard-grade-all')).toMatchObject({
      frequency: { hours: 2 },
      timeout: { minutes: 50 },
    });
    expect(configured.task('ai-scorecard-grade-changed')).toMatchObject({
      frequency: { seconds: 20 },
    });

    const off = setup({ aiScorecard: { catalogChanges: { enabled: false } } });
    await off.run();
    expect(off.task('ai-scorecard-grade-all')).toBeDefined();
    expect(off.task('ai-scorecard-grade-changed')).toBeUndefined();
  });
});
