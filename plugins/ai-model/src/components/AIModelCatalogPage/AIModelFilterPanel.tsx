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
import { AIModelFilters, READER_FILTERS, SPEC_FILTERS } from './filters';

/**
 * A picker of the values the catalog's AIModels have in one spec field;
 * `optionLabel` words a value (a runtime's name).
 */
function SpecPicker(props: {
  name: keyof typeof SPEC_FILTERS;
  optionLabel?: (value: string) => string;
}) {
  const { t } = useTranslationRef(aiModelTranslationRef);
  const Filter = SPEC_FILTERS[props.name];
  const { optionLabel } = props;
  return (
    <EntityAutocompletePicker<AIModelFilters, keyof typeof SPEC_FILTERS>
      label={t(`catalogPage.filters.${props.name}`)}
      name={props.name}
      path={Filter.path}
      Filter={Filter}
      filtersForAvailableValues={['kind']}
      {...(optionLabel && {
        getOptionLabel: optionLabel,
        renderOption: (value, { selected }) => (
          <FormControlLabel
            control={<Checkbox checked={selected} size="small" />}
            label={optionLabel(value)}
            onClick={event => event.preventDefault()}
          />
        ),
      })}
    />
  );
}

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
  const anySet = READER_FILTERS.some(key => filters[key] !== undefined);
  return (
    <>
      <EntitySearchBar />
      <EntityTypePicker />
      <SpecPicker name="provider" />
      <SpecPicker
        name="runtime"
        optionLabel={runtime => runtimeName(runtime, t)}
      />
      <EntityLifecyclePicker />
      <SpecPicker name="classification" />
      <SpecPicker name="license" />
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
