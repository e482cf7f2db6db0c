// Starts and stops the HTTP API: listen on HOST:PORT, close on stop(). Building the app is api/app.ts.
import type { FastifyInstance } from 'fastify';
import { buildApp, type ApiDeps } from './app.ts';

export interface RunningApi {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  stop(): Promise<void>;
}

export async function startApi(deps: ApiDeps): Promise<RunningApi> {
  const app = await buildApp(deps);
  const url = await app.listen({ host: deps.config.host, port: deps.config.port });
  app.log.info({ url }, 'api listening');
  return { app, url, stop: () => app.close() };
}
