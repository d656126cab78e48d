/**
 * Form fields for the AI Reference Architecture golden paths.
 *
 * @packageDocumentation
 */
export { GpuFitFieldExtension } from './plugin';
export { checkGpuFit, modelShape } from './components/GpuFitField/gpuFit';
export type { GpuFit } from './components/GpuFitField/gpuFit';
