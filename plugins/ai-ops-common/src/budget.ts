/** The annotation that holds an entity's monthly budget, e.g. "18000" or "18000 USD". @public */
export const ANNOTATION_MONTHLY_BUDGET = 'ai-refarch.io/monthly-budget';

/** @public */
export type MonthlyBudget = { amount: number; currency?: string };

/**
 * Reads the monthly budget annotation: an amount, optionally followed by an
 * ISO 4217 currency code. Throws an error that names the annotation.
 *
 * @public
 */
export function parseMonthlyBudget(value: string): MonthlyBudget {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([A-Z]{3})?\s*$/.exec(value);
  if (!match || !(Number(match[1]) > 0)) {
    throw new Error(
      `${ANNOTATION_MONTHLY_BUDGET}: "${value}" is not a budget; write an amount per month, optionally with a currency, e.g. "18000" or "18000 USD"`,
    );
  }
  return { amount: Number(match[1]), currency: match[2] };
}
