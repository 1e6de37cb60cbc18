import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on now, for a service a test starts. */
export const freePort = () =>
  new Promise<number>((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
