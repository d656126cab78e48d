export { GpuFitField } from './GpuFitField';
export { gpuFitValidation } from './validation';
