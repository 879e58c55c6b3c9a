// Free loopback ports, for servers started as separate processes that must be told a port.
// A free port is only free until someone binds it; callers that can should retry on
// "address already in use" (another process on the machine may take it first).
import { createServer, type Server } from "node:net";

/** `count` different free ports: each is held until all are chosen, so none is handed out twice. */
export async function freePorts(count: number, address = "127.0.0.1"): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, address, () => resolve(server));
  })));
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export async function freePort(address = "127.0.0.1"): Promise<number> {
  return (await freePorts(1, address))[0];
}
