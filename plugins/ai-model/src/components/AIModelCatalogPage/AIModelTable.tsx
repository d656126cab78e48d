import { useMemo } from 'react';
import { Box } from '@material-ui/core';
import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { EntityRefLink, useEntityList } from '@backstage/plugin-catalog-react';
import {
  AIModelEntityV1alpha1,
  isAIModelEntity,
} from '@ai-refarch/plugin-ai-model-common';
import { aiModelTranslationRef } from '../../translation';
import {
  AIModelT,
  formatParameters,
  refWithDefaults,
  runtimeLabel,
} from '../format';
import { ClassificationChip } from '../AIModelCards/ClassificationChip';
import { AIModelFilters, READER_FILTERS } from './filters';

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
    // Names and owners wrap between words, not inside them.
    cellStyle: { minWidth: 200 },
    render: row => <EntityRefLink entityRef={row.entity} title={row.name} />,
  },
  {
    title: t('catalogPage.columns.type'),
    field: 'type',
    cellStyle: { whiteSpace: 'nowrap' },
  },
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
  },
  { title: t('catalogPage.columns.license'), field: 'license' },
  {
    title: t('catalogPage.columns.owner'),
    cellStyle: { minWidth: 160 },
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

/**
 * The page of models the filters select, as the catalog answers it
 * (`EntityListProvider` in offset mode): the total, and the pages of it.
 */
export function AIModelTable() {
  const { t } = useTranslationRef(aiModelTranslationRef);
  const {
    entities,
    filters,
    loading,
    error,
    totalItems,
    limit,
    offset,
    setLimit,
    setOffset,
  } = useEntityList<AIModelFilters>();
  const rows = useMemo(
    () => entities.filter(isAIModelEntity).map(m => toRow(m, t)),
    [entities, t],
  );
  const tableColumns = useMemo(() => columns(t), [t]);
  if (error) return <ResponseErrorPanel error={error} />;
  const total = totalItems ?? rows.length;
  const filtered = READER_FILTERS.some(key => filters[key] !== undefined);
  return (
    <Table<Row>
      title={t('catalogPage.table.title', { models: String(total) })}
      isLoading={loading}
      options={{
        search: false,
        sorting: false,
        paging: true,
        pageSize: limit,
        pageSizeOptions: [20, 50, 100],
        emptyRowsWhenPaging: false,
        padding: 'dense',
      }}
      page={Math.floor((offset ?? 0) / limit)}
      totalCount={total}
      onPageChange={page => setOffset?.(page * limit)}
      onRowsPerPageChange={size => {
        setLimit(size);
        setOffset?.(0);
      }}
      columns={tableColumns}
      data={rows}
      emptyContent={
        <Box p={2}>
          {filtered
            ? t('catalogPage.table.noMatch')
            : t('catalogPage.table.noModels')}
        </Box>
      }
    />
  );
}
