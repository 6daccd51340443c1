/**
 * The bare `node:http` server of the baselines: no gateway, no middleware, no handler, just an
 * answer per request.
 */
import { createServer, type Server } from 'node:http';

/** A bare HTTP server on a free loopback port; reads each request's body, then answers with `answer(path)`. */
export async function bareServer(
  answer: (path: string) => Promise<{ status: number; headers: Record<string, string>; body: string }>,
): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    // The request body is drained before answering (it arrives whole, as at the gateway).
    req.resume();
    const read = new Promise((resolve) => req.once('end', resolve));
    read
      .then(() => answer(req.url ?? '/'))
      .then(
        (reply) => {
          res.writeHead(reply.status, reply.headers);
          res.end(reply.body);
        },
        (error: Error) => {
          res.writeHead(500);
          res.end(String(error));
        },
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
