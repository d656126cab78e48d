import { useEffect } from 'react';
import { Checkbox, Chip, FormControlLabel } from '@material-ui/core';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  EntityAutocompletePicker,
  EntityKindFilter,
  EntityLifecyclePicker,
  EntityOwnerPicker,
  EntitySearchBar,
  EntityTypePicker,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import { AI_MODEL_KIND } from '@ai-refarch/plugin-ai-model-common';
import { aiModelTranslationRef } from '../../translation';
import { runtimeName } from '../format';
import {
  AIModelClassificationFilter,
  AIModelFilters,
  AIModelLicenceFilter,
  AIModelProviderFilter,
  AIModelRuntimeFilter,
  READER_FILTERS,
} from './filters';

/**
 * The model catalog's filters, each kept in the URL: Backstage's own search,
 * type, lifecycle and owner pickers, and pickers for the provider, serving
 * runtime, data classification and licence.
 */
export function AIModelFilterPanel(props: { onClear: () => void }) {
  const { t } = useTranslationRef(aiModelTranslationRef);
  const { filters, updateFilters } = useEntityList<AIModelFilters>();
  useEffect(() => {
    updateFilters({
      kind: new EntityKindFilter(
        AI_MODEL_KIND.toLocaleLowerCase('en-US'),
        AI_MODEL_KIND,
      ),
    });
  }, [updateFilters]);
  // Options are the values the catalog's AIModels have.
  const picker = {
    filtersForAvailableValues: ['kind'] as (keyof AIModelFilters)[],
  };
  const anySet = READER_FILTERS.some(key => filters[key] !== undefined);
  return (
    <>
      <EntitySearchBar />
      <EntityTypePicker />
      <EntityAutocompletePicker<AIModelFilters, 'provider'>
        {...picker}
        label={t('catalogPage.filters.provider')}
        name="provider"
        path="spec.provider"
        Filter={AIModelProviderFilter}
      />
      <EntityAutocompletePicker<AIModelFilters, 'runtime'>
        {...picker}
        label={t('catalogPage.filters.runtime')}
        name="runtime"
        path="spec.serving.runtime"
        Filter={AIModelRuntimeFilter}
        getOptionLabel={runtime => runtimeName(runtime, t)}
        renderOption={(runtime, { selected }) => (
          <FormControlLabel
            control={<Checkbox checked={selected} size="small" />}
            label={runtimeName(runtime, t)}
            onClick={event => event.preventDefault()}
          />
        )}
      />
      <EntityLifecyclePicker />
      <EntityAutocompletePicker<AIModelFilters, 'classification'>
        {...picker}
        label={t('catalogPage.filters.classification')}
        name="classification"
        path="spec.dataClassification"
        Filter={AIModelClassificationFilter}
      />
      <EntityAutocompletePicker<AIModelFilters, 'license'>
        {...picker}
        label={t('catalogPage.filters.license')}
        name="license"
        path="spec.license"
        Filter={AIModelLicenceFilter}
      />
      <EntityOwnerPicker />
      {anySet && (
        <Chip
          label={t('catalogPage.clearFilters')}
          onDelete={props.onClear}
          onClick={props.onClear}
        />
      )}
    </>
  );
}
