import { SearchResult } from '@backstage/plugin-search-common';

/**
 * A search result that is an AIModel from the catalog index.
 *
 * @public
 */
export function isAIModelSearchResult(result: SearchResult): boolean {
  return (
    result.type === 'software-catalog' &&
    (result.document as { kind?: string }).kind === 'AIModel'
  );
}
