export { RuntimeAdvisorField } from './RuntimeAdvisorField';
export { VectorDbAdvisorField } from './VectorDbAdvisorField';
