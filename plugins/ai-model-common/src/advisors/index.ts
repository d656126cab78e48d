export * from './advisors';
