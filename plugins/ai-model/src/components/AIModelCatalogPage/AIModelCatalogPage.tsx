import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  SupportButton,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  CatalogFilterLayout,
  EntityListProvider,
} from '@backstage/plugin-catalog-react';
import { aiModelTranslationRef } from '../../translation';
import { AIModelFilterPanel } from './AIModelFilterPanel';
import { AIModelTable } from './AIModelTable';

/**
 * Every AIModel in the catalog, a page at a time, with filters kept in the
 * URL (so a filtered list can be bookmarked and shared) on catalog-react's
 * `EntityListProvider`.
 */
export function AIModelCatalogPage() {
  const { t } = useTranslationRef(aiModelTranslationRef);
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // The pickers keep what they show; clearing starts them again, from a URL
  // without filters.
  const [generation, setGeneration] = useState(0);
  const clear = () => {
    navigate(pathname, { replace: true });
    setGeneration(g => g + 1);
  };
  return (
    <Page themeId="tool">
      <Header
        title={t('catalogPage.title')}
        subtitle={t('catalogPage.subtitle')}
      />
      <Content>
        <ContentHeader title="">
          <SupportButton>{t('catalogPage.support')}</SupportButton>
        </ContentHeader>
        <EntityListProvider
          key={generation}
          pagination={{ mode: 'offset', limit: 20 }}
        >
          <CatalogFilterLayout>
            <CatalogFilterLayout.Filters>
              <AIModelFilterPanel onClear={clear} />
            </CatalogFilterLayout.Filters>
            <CatalogFilterLayout.Content>
              <AIModelTable />
            </CatalogFilterLayout.Content>
          </CatalogFilterLayout>
        </EntityListProvider>
      </Content>
    </Page>
  );
}
