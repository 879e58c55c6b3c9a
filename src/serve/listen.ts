// Opening the HTTPS listener. What can go wrong at start-up (a certificate that does not
// fit its key, a port in use or out of range, an address not on this machine) is turned
// into one sentence, so that serve can close what it started and exit with it.
import { createServer, type Server } from "node:https";
import type { ServingCertificate } from "./certificates.ts";
import { serverOptions, setServerLimits, type HttpLimits } from "./http-limits.ts";

/** OpenSSL's "error:05800074:x509 certificate routines::key values mismatch" → "key values mismatch". */
function opensslReason(err: Error): string {
  return err.message.replace(/^error:[0-9A-F]+:[^:]*:[^:]*:/i, "");
}

export function httpsServer(certificate: ServingCertificate, limits: HttpLimits): Server {
  const options = serverOptions(limits);
  let server: Server;
  try {
    server = createServer({ ...options, cert: certificate.cert, key: certificate.key });
  } catch (err) {
    throw new Error(`the TLS certificate and key cannot be used: ${opensslReason(err as Error)}`);
  }
  setServerLimits(server, limits);
  return server;
}

function listenError(err: NodeJS.ErrnoException, port: number, address: string): string {
  switch (err.code) {
    case "EADDRINUSE": return `port ${port} is already in use`;
    case "EACCES": return `port ${port} needs privileges this process does not have; choose a port above 1023`;
    case "EADDRNOTAVAIL": return `cannot listen on ${address}: it is not an address of this machine`;
    case "ERR_SOCKET_BAD_PORT": return `port ${port} does not exist: a port is a whole number from 1 to 65535`;
    case "ENOTFOUND":
    case "EAI_AGAIN": return `cannot listen on ${address}: no such host`;
    default: return `cannot listen on ${address}:${port}: ${err.message}`;
  }
}

/** Resolves with the port listened on (the one chosen when `port` is 0). */
export function listen(server: Server, port: number, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) => reject(new Error(listenError(err, port, address)));
    server.once("error", failed);
    try {
      server.listen(port, address, () => {
        server.off("error", failed);
        const bound = server.address();
        resolve(typeof bound === "object" && bound ? bound.port : port);
      });
    } catch (err) {
      failed(err as NodeJS.ErrnoException); // a port out of range throws at once
    }
  });
}
