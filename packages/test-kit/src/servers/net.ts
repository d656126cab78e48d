import { Server as HttpServer, ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { AddressInfo } from 'node:net';

/** Listens on a free loopback port; returns the server's base URL. */
export async function listenOnLoopback(
  server: HttpServer,
  scheme: 'http' | 'https' = 'http',
): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Answers with a JSON body, as the APIs the fakes stand for do. */
export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify(body));
}

/** A TCP port free on loopback now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Polls `probe` until it returns something truthy, and returns that; a probe
 * that throws an "exited" error ends the wait at once.
 */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  options: { timeoutMs: number; intervalMs?: number; what: string },
): Promise<Exclude<T, undefined | null | false | '' | 0>> {
  const { timeoutMs, intervalMs = 500, what } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: Error | undefined;
  while (Date.now() < deadline) {
    try {
      const result = await probe();
      if (result)
        return result as Exclude<T, undefined | null | false | '' | 0>;
    } catch (e) {
      lastError = e as Error;
      if (/exited/.test(String(lastError?.message))) throw e;
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}${
      lastError ? `: ${lastError.message}` : ''
    }`,
  );
}
