import { ReactElement } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CompoundEntityRef,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { AiOpsApi, aiOpsApiRef } from '../api';
import { NothingToShow, Unreachable } from './states';

/** An ai-ops answer: a report (`ok`), or the reason there is none. */
type Answer = { status: string; message?: string };

/** Either the entity's report, or the card to show in its place. */
export type EntityReport<R extends Answer> =
  | { report: Extract<R, { status: 'ok' }>; view?: undefined }
  | { report?: undefined; view: ReactElement };

/**
 * What every ai-ops card does before it has a report to draw: loads the
 * entity's report (again when `deps` change, such as the window), and
 * stands in for it while loading, when the back end failed or could not
 * reach Prometheus (its words and a retry), and when there is nothing to
 * show (the back end's reason, or `nothing`).
 */
export function useEntityReport<R extends Answer>(
  title: string,
  load: (api: AiOpsApi, ref: CompoundEntityRef) => Promise<R>,
  deps: unknown[],
  nothing?: string,
): EntityReport<R> {
  const { entity } = useEntity();
  const api = useApi(aiOpsApiRef);
  const ref = getCompoundEntityRef(entity);
  const state = useAsyncRetry(
    () => load(api, ref),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, ref.kind, ref.namespace, ref.name, ...deps],
  );
  if (state.loading && !state.value) return { view: <Progress /> };
  if (state.error) {
    return {
      view: (
        <Unreachable title={title} error={state.error} retry={state.retry} />
      ),
    };
  }
  const answer = state.value!;
  if (answer.status !== 'ok') {
    return {
      view: (
        <NothingToShow
          title={title}
          message={nothing ?? answer.message ?? answer.status}
        />
      ),
    };
  }
  return { report: answer as Extract<R, { status: 'ok' }> };
}
