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
  TableHead,
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
import useAsync from 'react-use/esm/useAsync';
import { UnregisteredModelServer } from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardApiRef } from '../../api';

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
  const name = entityName(server.kubernetesId ?? server.name);
  const resource =
    server.kind === 'InferenceService'
      ? `inferenceservice/${server.name}`
      : `${server.kind.toLowerCase()}/${server.name}`;
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth>
      <DialogTitle>
        Register {server.name} ({server.cluster}/{server.namespace})
      </DialogTitle>
      <DialogContent>
        {!server.kubernetesId && (
          <>
            <Typography variant="body2" paragraph>
              1. Label the workload and its pods so that the catalog entity
              finds them (put the label in its manifests too, or the next deploy
              removes it):
            </Typography>
            <CodeSnippet
              language="bash"
              text={`kubectl -n ${server.namespace} label ${resource} backstage.io/kubernetes-id=${name}`}
            />
          </>
        )}
        <Typography variant="body2" paragraph style={{ marginTop: 16 }}>
          {server.kubernetesId ? '1.' : '2.'} Commit this{' '}
          <code>catalog-info.yaml</code> next to the service's code, with its
          owning team:
        </Typography>
        <CodeSnippet
          language="yaml"
          text={catalogInfoFor(server)}
          showCopyCodeButton
        />
        <Typography variant="body2" style={{ marginTop: 16 }}>
          {server.kubernetesId ? '2.' : '3.'}{' '}
          <Link to="/catalog-import">Register it in the catalog</Link> with the
          file's URL. The scorecard grades it on its next run. A new service is
          better started from the{' '}
          <Link to="/create/templates/default/llm-serving">
            LLM serving golden path
          </Link>
          .
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
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
  const found = useAsync(() => api.getUnregisteredModelServers(), [api]);
  const [registering, setRegistering] = useState<UnregisteredModelServer>();
  const v = found.value;
  return (
    <InfoCard
      title="Unregistered model servers"
      subheader="Running in a cluster, but in no catalog entity: nobody grades, budgets or pages for them"
    >
      {found.error && <ResponseErrorPanel error={found.error} />}
      {v && v.sources.length === 0 && (
        <Typography variant="body2">
          No discovery is installed. Add{' '}
          <code>@ai-refarch/plugin-ai-scorecard-backend-module-kubernetes</code>{' '}
          to the back end and configure the clusters it reads.
        </Typography>
      )}
      {v && v.sources.length > 0 && v.servers.length === 0 && (
        <Typography variant="body2">
          {v.unreadable.length || v.hidden
            ? 'None found in the clusters that could be read.'
            : 'Every model server found is in the catalog.'}
        </Typography>
      )}
      {v && v.servers.length > 0 && (
        <Table size="small" aria-label="Unregistered model servers">
          <TableHead>
            <TableRow>
              <TableCell>Workload</TableCell>
              <TableCell>Cluster / namespace</TableCell>
              <TableCell>Runtime</TableCell>
              <TableCell>Image</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
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
                      label="demo data"
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
                    aria-label={`Register ${s.name}`}
                    onClick={() => setRegistering(s)}
                  >
                    Register
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
          Not searched: {v.unreadable.join('; ')}
        </Typography>
      )}
      {v && v.hidden > 0 && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="div"
          style={{ marginTop: 8 }}
        >
          {v.hidden === 1 ? '1 more is' : `${v.hidden} more are`} not shown:
          their cluster's Resource entity is not one you may read in the
          catalog.
        </Typography>
      )}
      {v?.readAt && (
        <Typography variant="caption" color="textSecondary" component="div">
          Clusters read {new Date(v.readAt).toLocaleString()}
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
