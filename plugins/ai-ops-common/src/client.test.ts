import { createServer, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { AiOpsClient } from './client';
import { EVIDENCE_MAX_ENTITIES } from './api';

/** A loopback ai-ops that records requests and echoes evidence. */
async function loopback() {
  const requests: {
    method?: string;
    url?: string;
    auth?: string;
    body: any;
  }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', c => {
      text += c;
    });
    req.on('end', () => {
      const body = text ? JSON.parse(text) : undefined;
      requests.push({
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
        body,
      });
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/api/ai-ops/cost/')) {
        res.statusCode = 400;
        res.end(
          JSON.stringify({
            error: {
              name: 'InputError',
              message: 'query window: must be one of 1h',
            },
            request: { method: req.method, url: req.url },
            response: { statusCode: 400 },
          }),
        );
        return;
      }
      res.end(
        JSON.stringify({
          items: body.entityRefs.map((entityRef: string) => ({ entityRef })),
        }),
      );
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/ai-ops`;
  const client = new AiOpsClient({
    discoveryApi: { getBaseUrl: async () => base },
  });
  return { client, requests, close: () => server.close() };
}

describe('AiOpsClient', () => {
  it('asks for evidence in pages of EVIDENCE_MAX_ENTITIES, with the token, and keeps the order', async () => {
    const { client, requests, close } = await loopback();
    const refs = Array.from(
      { length: EVIDENCE_MAX_ENTITIES + 500 },
      (_, i) => `component:default/s${i}`,
    );
    const { items } = await client.getEvidence(refs, { token: 'abc' });
    close();
    expect(items.map(i => i.entityRef)).toEqual(refs);
    expect(requests.map(r => [r.method, r.url, r.auth])).toEqual([
      ['POST', '/api/ai-ops/evidence', 'Bearer abc'],
      ['POST', '/api/ai-ops/evidence', 'Bearer abc'],
    ]);
    expect(requests.map(r => r.body.entityRefs.length)).toEqual([
      EVIDENCE_MAX_ENTITIES,
      500,
    ]);
  });

  it('throws a ResponseError with the back end’s message, and escapes path segments', async () => {
    const { client, requests, close } = await loopback();
    await expect(
      client.getCost(
        { kind: 'component', namespace: 'a/b', name: 'c d' },
        '7d',
      ),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      response: { status: 400 },
      body: { error: { message: 'query window: must be one of 1h' } },
    });
    close();
    expect(requests[0].url).toBe(
      '/api/ai-ops/cost/component/a%2Fb/c%20d?window=7d',
    );
    expect(requests[0].auth).toBeUndefined();
  });
});
