export { AIModelCatalogPage } from './AIModelCatalogPage';
