export { AIModelSearchResultListItem } from './AIModelSearchResultListItem';
export type { AIModelSearchResultListItemProps } from './AIModelSearchResultListItem';
