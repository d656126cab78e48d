export { ArchitectureReviewPage } from './ArchitectureReviewPage';
