import { useState } from 'react';
import {
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  CodeSnippet,
  InfoCard,
  Link,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import useAsync from 'react-use/esm/useAsync';
import { UnregisteredModelServer } from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardApiRef } from '../../api';
import { aiScorecardTranslationRef } from '../../translation';
import { TableHeader } from '../TableHeader';

const RUNTIME_NAMES: Record<string, string> = {
  vllm: 'vLLM',
  tgi: 'TGI',
  triton: 'Triton',
};

const runtimeName = (s: UnregisteredModelServer) =>
  s.runtime ? RUNTIME_NAMES[s.runtime] ?? s.runtime : 'KServe';

/** A name the catalog accepts, from a workload's name. */
const entityName = (s: string) =>
  s
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 63);

/** The catalog-info.yaml that claims a model server, for its team to complete and commit. */
export function catalogInfoFor(server: UnregisteredModelServer): string {
  const name = entityName(server.kubernetesId ?? server.name);
  const runtime =
    server.kind === 'InferenceService' ? 'kserve' : server.runtime;
  const annotations = [
    `backstage.io/kubernetes-id: ${name}`,
    `backstage.io/kubernetes-namespace: ${server.namespace}`,
    ...(runtime ? [`ai-refarch.io/runtime: ${runtime}`] : []),
    ...(server.model
      ? [
          `ai-refarch.io/serves-models: aimodel:default/${entityName(
            server.model,
          )}`,
        ]
      : []),
  ];
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    `  description: ${runtimeName(server)} model server found in ${
      server.cluster
    }/${server.namespace}`,
    '  annotations:',
    ...annotations.map(a => `    ${a}`),
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  # the team that runs it',
    '  owner: group:default/CHANGE-ME',
  ].join('\n');
}

function RegisterDialog(props: {
  server: UnregisteredModelServer;
  onClose: () => void;
}) {
  const { server, onClose } = props;
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const name = entityName(server.kubernetesId ?? server.name);
  const resource =
    server.kind === 'InferenceService'
      ? `inferenceservice/${server.name}`
      : `${server.kind.toLowerCase()}/${server.name}`;
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth>
      <DialogTitle>
        {t('unregistered.dialog.title', {
          name: server.name,
          cluster: server.cluster,
          namespace: server.namespace,
        })}
      </DialogTitle>
      <DialogContent>
        {!server.kubernetesId && (
          <>
            <Typography variant="body2" paragraph>
              {t('unregistered.dialog.label')}
            </Typography>
            <CodeSnippet
              language="bash"
              text={`kubectl -n ${server.namespace} label ${resource} backstage.io/kubernetes-id=${name}`}
            />
          </>
        )}
        <Typography variant="body2" paragraph style={{ marginTop: 16 }}>
          {t('unregistered.dialog.commit', {
            step: server.kubernetesId ? '1' : '2',
            file: <code>catalog-info.yaml</code>,
          })}
        </Typography>
        <CodeSnippet
          language="yaml"
          text={catalogInfoFor(server)}
          showCopyCodeButton
        />
        <Typography variant="body2" style={{ marginTop: 16 }}>
          {t('unregistered.dialog.register', {
            step: server.kubernetesId ? '2' : '3',
            registerLink: (
              <Link to="/catalog-import">
                {t('unregistered.dialog.registerLink')}
              </Link>
            ),
            goldenPathLink: (
              <Link to="/create/templates/default/llm-serving">
                {t('unregistered.dialog.goldenPathLink')}
              </Link>
            ),
          })}
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('unregistered.dialog.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * KServe InferenceServices and vLLM, TGI or Triton workloads that run in a
 * cluster but that no catalog entity claims, each with the way to register it.
 */
export function UnregisteredModelServers() {
  const api = useApi(aiScorecardApiRef);
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const found = useAsync(() => api.getUnregisteredModelServers(), [api]);
  const [registering, setRegistering] = useState<UnregisteredModelServer>();
  const v = found.value;
  return (
    <InfoCard
      title={t('unregistered.title')}
      subheader={t('unregistered.subheader')}
    >
      {found.error && <ResponseErrorPanel error={found.error} />}
      {v && v.sources.length === 0 && (
        <Typography variant="body2">
          {t('unregistered.noDiscovery', {
            module: (
              <code>
                @ai-refarch/plugin-ai-scorecard-backend-module-kubernetes
              </code>
            ),
          })}
        </Typography>
      )}
      {v && v.sources.length > 0 && v.servers.length === 0 && (
        <Typography variant="body2">
          {v.unreadable.length || v.hidden
            ? t('unregistered.noneReadable')
            : t('unregistered.allRegistered')}
        </Typography>
      )}
      {v && v.servers.length > 0 && (
        <Table size="small" aria-label={t('unregistered.tableLabel')}>
          <TableHeader
            columns={[
              t('unregistered.workload'),
              t('unregistered.clusterNamespace'),
              t('unregistered.runtime'),
              t('unregistered.image'),
              '',
            ]}
          />
          <TableBody>
            {v.servers.map(s => (
              <TableRow key={`${s.cluster}/${s.namespace}/${s.kind}/${s.name}`}>
                <TableCell>
                  {s.kind} <strong>{s.name}</strong>
                </TableCell>
                <TableCell>
                  {s.cluster} / {s.namespace}
                  {s.demo && (
                    <Chip
                      size="small"
                      label={t('unregistered.demoData')}
                      style={{ marginLeft: 8 }}
                    />
                  )}
                </TableCell>
                <TableCell>{runtimeName(s)}</TableCell>
                <TableCell style={{ wordBreak: 'break-all' }}>
                  {s.image ?? '–'}
                </TableCell>
                <TableCell align="right">
                  <Button
                    size="small"
                    variant="outlined"
                    color="primary"
                    aria-label={t('unregistered.registerLabel', {
                      name: s.name,
                    })}
                    onClick={() => setRegistering(s)}
                  >
                    {t('unregistered.register')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {v && v.unreadable.length > 0 && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="div"
          style={{ marginTop: 8 }}
        >
          {t('unregistered.notSearched', {
            clusters: v.unreadable.join('; '),
          })}
        </Typography>
      )}
      {v && v.hidden > 0 && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="div"
          style={{ marginTop: 8 }}
        >
          {v.hidden === 1
            ? t('unregistered.hiddenOne')
            : t('unregistered.hiddenMany', { hidden: String(v.hidden) })}
        </Typography>
      )}
      {v?.readAt && (
        <Typography variant="caption" color="textSecondary" component="div">
          {t('unregistered.readAt', {
            date: new Date(v.readAt).toLocaleString(),
          })}
        </Typography>
      )}
      {registering && (
        <RegisterDialog
          server={registering}
          onClose={() => setRegistering(undefined)}
        />
      )}
    </InfoCard>
  );
}
