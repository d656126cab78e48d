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
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Chip, Grid } from '@material-ui/core';
import {
  AI_MODEL_KIND,
  AIModelEntityV1alpha1,
  isAIModelEntity,
} from '@ai-refarch/plugin-ai-model-common';
import {
  formatParameters,
  runtimeLabel,
  SENSITIVE_CLASSIFICATIONS,
  refWithDefaults,
} from '../format';
import { ClassificationChip } from '../AIModelCards/ClassificationChip';

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

const FILTERS: { key: keyof Row; label: string }[] = [
  { key: 'type', label: 'Type' },
  { key: 'provider', label: 'Provider' },
  { key: 'runtime', label: 'Serving runtime' },
  { key: 'lifecycle', label: 'Lifecycle' },
  { key: 'classification', label: 'Data classification' },
  { key: 'license', label: 'Licence' },
  { key: 'owner', label: 'Owner' },
];

function toRow(entity: AIModelEntityV1alpha1): Row {
  return {
    entity,
    id: entity.metadata.uid ?? entity.metadata.name,
    name: entity.metadata.title ?? entity.metadata.name,
    type: entity.spec.type,
    provider: entity.spec.provider,
    runtime: runtimeLabel(entity),
    lifecycle: entity.spec.lifecycle,
    classification: entity.spec.dataClassification,
    license: entity.spec.license ?? 'unknown',
    owner: entity.spec.owner,
    version: entity.spec.version,
    parameters: entity.spec.parameters,
  };
}

const columns: TableColumn<Row>[] = [
  {
    title: 'Model',
    field: 'name',
    highlight: true,
    width: '22%',
    render: row => <EntityRefLink entityRef={row.entity} title={row.name} />,
  },
  { title: 'Type', field: 'type' },
  { title: 'Provider', field: 'provider' },
  { title: 'Runtime', field: 'runtime' },
  {
    title: 'Parameters',
    field: 'parameters',
    type: 'numeric',
    render: row => formatParameters(row.parameters) ?? '—',
  },
  { title: 'Lifecycle', field: 'lifecycle' },
  {
    title: 'Data',
    field: 'classification',
    render: row => (
      <ClassificationChip classification={row.entity.spec.dataClassification} />
    ),
    customSort: (a, b) => rank(a.classification) - rank(b.classification),
  },
  { title: 'Licence', field: 'license' },
  {
    title: 'Owner',
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
  const [selected, setSelected] = useState<Partial<Record<keyof Row, string>>>(
    {},
  );

  const {
    value: rows,
    loading,
    error,
  } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: AI_MODEL_KIND },
    });
    return items.filter(isAIModelEntity).map(toRow);
  }, [catalogApi]);

  const options = useMemo(() => {
    const result: Partial<Record<keyof Row, string[]>> = {};
    for (const { key } of FILTERS) {
      result[key] = [...new Set((rows ?? []).map(r => String(r[key])))].sort();
    }
    return result;
  }, [rows]);

  const visible = useMemo(
    () =>
      (rows ?? []).filter(row =>
        FILTERS.every(
          ({ key }) => !selected[key] || String(row[key]) === selected[key],
        ),
      ),
    [rows, selected],
  );

  return (
    <Page themeId="tool">
      <Header
        title="AI models"
        subtitle="Every model the organisation serves or calls: what it is, where it runs, who owns it"
      />
      <Content>
        <ContentHeader title="">
          <SupportButton>
            Models come from AIModel entities in the catalog: catalog-info files
            and the configured model registries.
          </SupportButton>
        </ContentHeader>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {rows && (
          <Grid container spacing={2}>
            <Grid item xs={12} md={3} lg={2}>
              {FILTERS.map(({ key, label }) => (
                <Box key={key} mb={1}>
                  <Select
                    label={label}
                    placeholder="All"
                    items={[
                      { label: 'All', value: '' },
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
                  label="Clear filters"
                  onDelete={() => setSelected({})}
                  onClick={() => setSelected({})}
                />
              )}
            </Grid>
            <Grid item xs={12} md={9} lg={10}>
              <Table<Row>
                title={`Models (${visible.length})`}
                options={{
                  search: true,
                  paging: visible.length > 20,
                  pageSize: 20,
                  padding: 'dense',
                }}
                columns={columns}
                data={visible}
                emptyContent={
                  <Box p={2}>
                    {rows.length === 0
                      ? 'No AIModel entities in the catalog yet. Add one with kind: AIModel, or configure an MLflow registry.'
                      : 'No model matches these filters.'}
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
