import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { adviseVectorDb } from '@ai-refarch/plugin-ai-model-common';
import { useMemo } from 'react';
import { aiRefarchScaffolderTranslationRef } from '../../translation';
import { AdvisorTable, enumLabels } from './AdvisorTable';
import { retrievalWorkload } from './workload';

/**
 * `ui:field: VectorDbAdvisor`: the vector database, with pgvector, Qdrant,
 * Weaviate and Pinecone ranked for the corpus and queries the form
 * describes.
 */
export function VectorDbAdvisorField(
  props: FieldExtensionComponentProps<string>,
) {
  const { t } = useTranslationRef(aiRefarchScaffolderTranslationRef);
  const formState: Record<string, any> =
    (props.formContext as { formData?: Record<string, unknown> })?.formData ??
    {};
  const key = JSON.stringify(retrievalWorkload(formState));
  const ranked = useMemo(() => adviseVectorDb(JSON.parse(key)), [key]);
  return (
    <AdvisorTable
      field={props}
      ranked={ranked}
      labels={enumLabels(props.schema)}
      heading={t('vectorDbAdvisor.heading')}
      testId="vector-db-advisor"
    />
  );
}
