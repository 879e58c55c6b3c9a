// An HTTP server on loopback that answers registry paths as a test scripts it. It stands in
// for a registry only where the real one (test/support/registry.ts) cannot misbehave the
// way a test needs: a manifest larger than it accepts, a blob longer, shorter or other than
// its descriptor says, an error body that echoes the request's headers. It counts what it
// sends, so a test can show that a client stopped reading.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface ScriptedRegistry {
  /** `127.0.0.1:<port>`, the registry part of a reference. */
  host: string;
  /** Answers for exact paths (`/v2/<repo>/manifests/<tag>`). */
  routes: Map<string, Route>;
  /** Answers every other path; a 404 when unset. */
  fallback?: Route;
  /** Every path requested, in order. */
  requested: string[];
  stop(): Promise<void>;
}

const CHUNK = new Uint8Array(64 * 1024).fill(0x61); // "aaaa…"

/**
 * Sends `total` bytes (`prefix` first, then `a`s) at the pace the client reads them, and
 * stops when the client goes away. Resolves with the bytes the server managed to write.
 */
export function streamBytes(res: ServerResponse, total: number, prefix: Uint8Array = new Uint8Array()): Promise<number> {
  return new Promise((resolve) => {
    let sent = 0;
    let gone = false;
    res.on("close", () => {
      gone = true;
      resolve(sent);
    });
    res.on("error", () => {});
    const pump = () => {
      while (!gone && sent < total) {
        const chunk = sent < prefix.length ? prefix.subarray(sent) : CHUNK.subarray(0, Math.min(CHUNK.length, total - sent));
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      if (!gone) res.end();
    };
    pump();
  });
}

export async function startScriptedRegistry(): Promise<ScriptedRegistry> {
  const routes = new Map<string, Route>();
  const requested: string[] = [];
  const notFound: Route = (_, res) => void res.writeHead(404, { "content-type": "application/json" }).end('{"errors":[{"code":"NOT_FOUND","message":"not scripted"}]}');
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    requested.push(path);
    const route = routes.get(path) ?? scripted.fallback ?? notFound;
    Promise.resolve(route(req, res)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const scripted: ScriptedRegistry = {
    host: `127.0.0.1:${port}`,
    routes,
    requested,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return scripted;
}
