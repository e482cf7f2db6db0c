// An in-process HTTP server on a free loopback port (listen on port 0), for tests that need real HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  readonly server: http.Server;
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** drops open (keep-alive) connections, then closes */
  close(): Promise<void>;
}

export async function serveHttp(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server, port, url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
