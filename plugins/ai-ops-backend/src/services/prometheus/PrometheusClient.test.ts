import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PrometheusClient } from './PrometheusClient';

/*
 * A loopback server in front of "Prometheus", as Mimir's or a managed
 * service's gateway is: it answers the Prometheus HTTP API's JSON only to
 * requests with the expected credentials and tenant (401 otherwise), and
 * records what it received. Real query results are checked against Debian's
 * Prometheus in scripts/prometheus.integration.ts.
 */
let server: Server;
let baseUrl: string;
const received: IncomingMessage['headers'][] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(req.headers);
    if (
      req.headers.authorization !== 'Bearer s3cr3t-token' ||
      req.headers['x-scope-orgid'] !== 'team-ml'
    ) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('no org id');
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify(
        req.url?.startsWith('/prometheus/api/v1/rules')
          ? { status: 'success', data: { groups: [] } }
          : {
              status: 'success',
              data: {
                resultType: 'vector',
                result: [{ metric: { job: 'vllm' }, value: [1764000000, '1'] }],
              },
            },
      ),
    );
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/prometheus`;
});
afterAll(() => server.close());

const client = (token: string) =>
  new PrometheusClient({
    id: 'mimir',
    baseUrl: `${baseUrl}/`,
    displayUrl: baseUrl,
    headers: { Authorization: `Bearer ${token}`, 'X-Scope-OrgID': 'team-ml' },
    timeoutMs: 2000,
  });

describe('PrometheusClient', () => {
  it('sends the credentials and the tenant with queries and with the rules request', async () => {
    const ok = client('s3cr3t-token');
    expect(await ok.query('up', new Date())).toEqual([
      { metric: { job: 'vllm' }, values: [[1764000000, 1]] },
    ]);
    expect(await ok.alertingRules()).toEqual([]);
    expect(received.slice(-2).map(h => h['x-scope-orgid'])).toEqual([
      'team-ml',
      'team-ml',
    ]);
  });

  it('says the credentials were refused, naming the config keys and not the token', async () => {
    const error = await client('wrong-token')
      .query('up', new Date())
      .catch(e => e);
    expect(error.message).toBe(
      `Prometheus data source mimir (${baseUrl}) refused the request with HTTP 401: check aiOps.prometheus.sources.mimir.auth, tenantId and headers`,
    );
    expect(error.message).not.toContain('wrong-token');
  });
});
