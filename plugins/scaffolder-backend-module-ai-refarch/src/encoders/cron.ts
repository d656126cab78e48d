import { CronTime } from 'cron';

/**
 * The schedules a Kubernetes CronJob and an Argo CronWorkflow accept: five
 * fields (minute, hour, day of month, month, day of week) or one of the
 * macros (https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax).
 * `TZ=` prefixes are refused there since Kubernetes 1.29 (use
 * spec.timeZone), and seconds, `L`, `#` and `?` are not standard cron.
 */
const MACROS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

/** What the macros stand for in Kubernetes (robfig/cron's definitions). */
const MACRO_FIELDS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Undefined when `expression` is a valid schedule, otherwise why not. */
export function cronProblem(expression: string): string | undefined {
  if (MACROS.has(expression)) return undefined;
  if (expression.startsWith('@')) {
    return `"${expression}" is not one of ${[...MACROS].join(', ')}`;
  }
  const fields = expression.split(' ');
  if (fields.length !== 5 || fields.some(f => !/^[-0-9*,/A-Za-z]+$/.test(f))) {
    return 'must be five cron fields separated by single spaces (minute hour day-of-month month day-of-week), or a macro such as @daily';
  }
  try {
    // Parsed by a cron library, which checks every field's range and names.
    const parsed = new CronTime(expression);
    return parsed.source === expression ? undefined : 'cannot be parsed';
  } catch (error) {
    return `"${expression}": ${(error as Error).message}`;
  }
}

/**
 * The longest time between two runs of a valid schedule, in hours, over a
 * year of runs from 2026-01-01 in UTC (a monthly schedule's 31 days, a
 * weekday schedule's weekend).
 */
export function longestIntervalHours(expression: string): number {
  const cron = new CronTime(MACRO_FIELDS[expression] ?? expression, 'UTC');
  const start = new Date('2026-01-01T00:00:00Z').getTime();
  const yearLater = start + 366 * 86_400_000;
  let previous = cron.getNextDateFrom(new Date(start), 'UTC').toMillis();
  let longest = 0;
  // An hourly schedule has 8,784 runs in a year; a minutely one is cut short.
  for (let i = 0; i < 10_000 && previous < yearLater; i++) {
    const next = cron.getNextDateFrom(new Date(previous), 'UTC').toMillis();
    longest = Math.max(longest, next - previous);
    previous = next;
  }
  return longest / 3_600_000;
}
