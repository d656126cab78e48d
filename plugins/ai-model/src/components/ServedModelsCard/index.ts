export { ServedModelsCard } from './ServedModelsCard';
