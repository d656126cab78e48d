import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { mockServices } from '@backstage/backend-test-utils';
import { listenOnLoopback } from '@internal/test-kit';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { RegistryEntityProvider } from '../RegistryEntityProvider';

/** A catalog connection that records the mutations it is given. */
export function mockConnection() {
  return {
    applyMutation: jest.fn(),
    refresh: jest.fn(),
  } as jest.Mocked<EntityProviderConnection>;
}

/** The entities of the `call`-th full mutation. */
export const entitiesOf = (
  connection: jest.Mocked<EntityProviderConnection>,
  call = 0,
) =>
  (connection.applyMutation.mock.calls[call][0] as any).entities.map(
    (e: any) => e.entity,
  );

/**
 * A run that fails (`fail` breaks the registry) keeps the last good entities
 * and logs why; the next run after `recover` replaces them again.
 */
export async function expectLastGoodKept(options: {
  provider: RegistryEntityProvider;
  connection: jest.Mocked<EntityProviderConnection>;
  logger: ReturnType<typeof mockServices.logger.mock>;
  fail(): void;
  recover(): void;
  /** The registry, as the log line names it. */
  registry: string;
  /** What it holds, as the log line names it; default `models`. */
  holds?: string;
  /** What the logged error says. */
  error: RegExp;
}) {
  const { provider, connection, logger } = options;
  await provider.connect(connection);
  expect(await provider.refresh()).toBe(true);

  options.fail();
  expect(await provider.refresh()).toBe(false);
  expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  expect(logger.error).toHaveBeenCalledWith(
    `${provider.getProviderName()}: reading ${
      options.registry
    } failed; keeping the ${
      options.holds ?? 'models'
    } from the last good run and trying again on the next`,
    expect.objectContaining({ message: expect.stringMatching(options.error) }),
  );

  options.recover();
  expect(await provider.refresh()).toBe(true);
  expect(connection.applyMutation).toHaveBeenCalledTimes(2);
}

/** How the loopback registry answers a request. */
export type RegistryAnswer = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => void;

/**
 * A loopback HTTP server standing in for a registry for the tests of one
 * `describe`: it answers with `answer` (a test may swap it, and it is put
 * back before each test) and records each request's path and query.
 */
export function loopbackRegistry(answer: RegistryAnswer) {
  const registry = { answer, baseUrl: '', requests: [] as string[] };
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://localhost');
      registry.requests.push(`${url.pathname}${url.search}`);
      registry.answer(req, res, url);
    });
    registry.baseUrl = await listenOnLoopback(server);
  });
  afterAll(async () => {
    // A time-out test leaves a delayed answer behind; drop its socket.
    server.closeAllConnections();
    await new Promise(r => server.close(r));
  });
  beforeEach(() => {
    registry.answer = answer;
    registry.requests.length = 0;
  });
  return registry;
}
