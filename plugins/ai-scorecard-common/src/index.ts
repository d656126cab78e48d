/**
 * The AI Reference Architecture scorecard: the chapters, the rule set and
 * its schema, check evaluation over namespaced facts, and grading.
 *
 * @packageDocumentation
 */
export * from './chapters';
export * from './ruleSet';
export * from './evaluate';
export * from './grade';
export * from './permissions';
export * from './api';
export * from './servingPolicy';
export * from './annotations';
