export * from './FieldError';
export * from './gpuSizing';
export * from './readGpuPrices';
export * from './modelShape';
export * from './servingReadiness';
export * from './servingPlan';
export * from './gpuMachines';
