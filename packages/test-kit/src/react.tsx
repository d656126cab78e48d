import { isValidElement } from 'react';
import { MockTranslationApi } from '@backstage/test-utils/alpha';
import { TranslationApi } from '@backstage/core-plugin-api/alpha';

/**
 * A translation API that marks every message it gives, ⟦like this⟧, over the
 * default messages; a message with elements in it (a link, a code span) is
 * marked around them. A page rendered with it shows, by what is not marked,
 * any word that does not come from its translation ref.
 */
export function markingTranslationApi(): TranslationApi {
  const base = MockTranslationApi.create();
  return {
    getTranslation: ref => {
      const snapshot = base.getTranslation(ref);
      return snapshot.ready
        ? {
            ready: true,
            t: ((key: string, options?: object) => {
              const message = (snapshot.t as Function)(key, options);
              return isValidElement(message) ? (
                <>⟦{message}⟧</>
              ) : (
                `⟦${message}⟧`
              );
            }) as never,
          }
        : snapshot;
    },
    translation$: base.translation$.bind(base) as never,
  };
}
