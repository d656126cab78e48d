import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  Select,
  SupportButton,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Chip, Grid } from '@material-ui/core';
import {
  AI_MODEL_KIND,
  AIModelEntityV1alpha1,
  isAIModelEntity,
} from '@ai-refarch/plugin-ai-model-common';
import {
  AIModelT,
  formatParameters,
  runtimeLabel,
  SENSITIVE_CLASSIFICATIONS,
  refWithDefaults,
} from '../format';
import { ClassificationChip } from '../AIModelCards/ClassificationChip';
import { aiModelTranslationRef } from '../../translation';

type Row = {
  entity: AIModelEntityV1alpha1;
  id: string;
  name: string;
  type: string;
  provider: string;
  runtime: string;
  lifecycle: string;
  classification: string;
  license: string;
  owner: string;
  version: string;
  parameters?: number;
};

/** The columns a reader filters by; their labels are `catalogPage.filters.*`. */
const FILTERS = [
  'type',
  'provider',
  'runtime',
  'lifecycle',
  'classification',
  'license',
  'owner',
] as const satisfies readonly (keyof Row)[];

type FilterKey = (typeof FILTERS)[number];

function toRow(entity: AIModelEntityV1alpha1, t: AIModelT): Row {
  return {
    entity,
    id: entity.metadata.uid ?? entity.metadata.name,
    name: entity.metadata.title ?? entity.metadata.name,
    type: entity.spec.type,
    provider: entity.spec.provider,
    runtime: runtimeLabel(entity, t),
    lifecycle: entity.spec.lifecycle,
    classification: entity.spec.dataClassification,
    license: entity.spec.license ?? t('catalogPage.unknownLicence'),
    owner: entity.spec.owner,
    version: entity.spec.version,
    parameters: entity.spec.parameters,
  };
}

const columns = (t: AIModelT): TableColumn<Row>[] => [
  {
    title: t('catalogPage.columns.model'),
    field: 'name',
    highlight: true,
    width: '22%',
    render: row => <EntityRefLink entityRef={row.entity} title={row.name} />,
  },
  { title: t('catalogPage.columns.type'), field: 'type' },
  { title: t('catalogPage.columns.provider'), field: 'provider' },
  { title: t('catalogPage.columns.runtime'), field: 'runtime' },
  {
    title: t('catalogPage.columns.parameters'),
    field: 'parameters',
    type: 'numeric',
    render: row => formatParameters(row.parameters) ?? '—',
  },
  { title: t('catalogPage.columns.lifecycle'), field: 'lifecycle' },
  {
    title: t('catalogPage.columns.data'),
    field: 'classification',
    render: row => (
      <ClassificationChip classification={row.entity.spec.dataClassification} />
    ),
    customSort: (a, b) => rank(a.classification) - rank(b.classification),
  },
  { title: t('catalogPage.columns.license'), field: 'license' },
  {
    title: t('catalogPage.columns.owner'),
    field: 'owner',
    render: row => (
      <EntityRefLink
        entityRef={refWithDefaults(
          row.owner,
          'Group',
          row.entity.metadata.namespace,
        )}
      />
    ),
  },
];

function rank(classification: string): number {
  const i = SENSITIVE_CLASSIFICATIONS.indexOf(classification);
  return i === -1 ? SENSITIVE_CLASSIFICATIONS.length : i;
}

/** Every AIModel in the catalog, with filters, search and sorting. */
export function AIModelCatalogPage() {
  const catalogApi = useApi(catalogApiRef);
  const { t } = useTranslationRef(aiModelTranslationRef);
  const [selected, setSelected] = useState<Partial<Record<FilterKey, string>>>(
    {},
  );

  const {
    value: models,
    loading,
    error,
  } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: AI_MODEL_KIND },
    });
    return items.filter(isAIModelEntity);
  }, [catalogApi]);

  const rows = useMemo(() => models?.map(m => toRow(m, t)), [models, t]);
  const tableColumns = useMemo(() => columns(t), [t]);

  const options = useMemo(() => {
    const result: Partial<Record<FilterKey, string[]>> = {};
    for (const key of FILTERS) {
      result[key] = [...new Set((rows ?? []).map(r => String(r[key])))].sort();
    }
    return result;
  }, [rows]);

  const visible = useMemo(
    () =>
      (rows ?? []).filter(row =>
        FILTERS.every(
          key => !selected[key] || String(row[key]) === selected[key],
        ),
      ),
    [rows, selected],
  );

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
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {rows && (
          <Grid container spacing={2}>
            <Grid item xs={12} md={3} lg={2}>
              {FILTERS.map(key => (
                <Box key={key} mb={1}>
                  <Select
                    label={t(`catalogPage.filters.${key}`)}
                    placeholder={t('catalogPage.allOption')}
                    items={[
                      { label: t('catalogPage.allOption'), value: '' },
                      ...(options[key] ?? []).map(v => ({
                        label: v,
                        value: v,
                      })),
                    ]}
                    selected={selected[key] ?? ''}
                    onChange={value =>
                      setSelected(s => ({
                        ...s,
                        [key]: String(value) || undefined,
                      }))
                    }
                  />
                </Box>
              ))}
              {Object.values(selected).some(Boolean) && (
                <Chip
                  label={t('catalogPage.clearFilters')}
                  onDelete={() => setSelected({})}
                  onClick={() => setSelected({})}
                />
              )}
            </Grid>
            <Grid item xs={12} md={9} lg={10}>
              <Table<Row>
                title={t('catalogPage.table.title', {
                  models: String(visible.length),
                })}
                options={{
                  search: true,
                  paging: visible.length > 20,
                  pageSize: 20,
                  padding: 'dense',
                }}
                columns={tableColumns}
                data={visible}
                emptyContent={
                  <Box p={2}>
                    {rows.length === 0
                      ? t('catalogPage.table.noModels')
                      : t('catalogPage.table.noMatch')}
                  </Box>
                }
              />
            </Grid>
          </Grid>
        )}
      </Content>
    </Page>
  );
}
