/**
 * Form fields for the AI Reference Architecture golden paths.
 *
 * @packageDocumentation
 */
export {
  GpuFitFieldExtension,
  RuntimeAdvisorFieldExtension,
  ServingBudgetFieldExtension,
  VectorDbAdvisorFieldExtension,
} from './plugin';
export {
  checkBudget,
  checkGpuFit,
  modelShape,
} from './components/GpuFitField/gpuFit';
export type { BudgetCheck, GpuFit } from './components/GpuFitField/gpuFit';
