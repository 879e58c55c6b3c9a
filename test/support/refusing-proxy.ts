// A loopback proxy in front of the real test registry that passes every request through but
// refuses some, as a registry with immutable or protected tags does. The CNCF registry has no
// per-tag permissions, so this stands in for that one behaviour and nothing else.
import { createServer, type IncomingMessage } from "node:http";
import { freePort } from "../../tools/free-ports.ts";

export interface RefusingProxy {
  host: string;
  /** The paths it refused, in order. */
  refused: string[];
  stop(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Forwards to `upstream` (`host:port`, plain HTTP); a request `refuse` picks gets a 403 DENIED. */
export async function startRefusingProxy(upstream: string, refuse: (method: string, path: string) => boolean): Promise<RefusingProxy> {
  const refused: string[] = [];
  const server = createServer(async (req, res) => {
    const path = req.url ?? "/";
    if (refuse(req.method ?? "GET", path)) {
      refused.push(path);
      res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ code: "DENIED", message: "tag is protected" }] }));
      return;
    }
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(await bodyOf(req));
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "host" && k !== "content-length")) as Record<string, string>;
    const answer = await fetch(`http://${upstream}${path}`, { method: req.method, headers, body, redirect: "manual" });
    const location = answer.headers.get("location");
    const kept = Object.fromEntries([...answer.headers].filter(([k]) => !["content-encoding", "transfer-encoding", "location", "content-length"].includes(k)));
    if (location) kept.location = location.replace(`//${upstream}`, `//${req.headers.host}`);
    res.writeHead(answer.status, kept).end(Buffer.from(await answer.arrayBuffer()));
  });
  const port = await freePort("127.0.0.1");
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    host: `127.0.0.1:${port}`,
    refused,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
