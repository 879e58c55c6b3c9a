// An HTTPS admission webhook that allows everything and records what each webhook was
// sent, for tests that ask a real API server which webhooks see a request. The path
// names the webhook (`/validate/<unique name>`), as the Kubewarden controller's do.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { makeCertificateAuthority } from "./certificate-authority.ts";

export interface RecordedReview {
  /** The request path without its leading slash or query: `validate/clusterwide-x`. */
  webhook: string;
  uid: string;
  kind: string;
  name?: string;
  namespace?: string;
  operation: string;
  subResource?: string;
}

export interface RecordingWebhook {
  baseUrl: string;
  /** Base64 PEM of the CA that signed the server's certificate, for a clientConfig. */
  caBundle: string;
  reviews: RecordedReview[];
  close(): Promise<void>;
}

function record(path: string, body: string, reviews: RecordedReview[]): string {
  const { request } = JSON.parse(body) as { request: { uid: string; kind: { kind: string }; name?: string; namespace?: string; operation: string; subResource?: string } };
  reviews.push({
    webhook: decodeURIComponent(new URL(path, "https://webhook").pathname.slice(1)), uid: request.uid, kind: request.kind.kind,
    name: request.name, namespace: request.namespace, operation: request.operation, subResource: request.subResource,
  });
  return JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response: { uid: request.uid, allowed: true } });
}

export async function startRecordingWebhook(): Promise<RecordingWebhook> {
  const certs = makeCertificateAuthority("wardenkit-recording-webhook");
  const reviews: RecordedReview[] = [];
  const server: Server = createServer({ cert: readFileSync(certs.certPath), key: readFileSync(certs.keyPath) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        const answer = record(req.url ?? "/", Buffer.concat(chunks).toString(), reviews);
        res.writeHead(200, { "content-type": "application/json" }).end(answer);
      } catch (err) {
        res.writeHead(400).end((err as Error).message);
      }
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const caBundle = readFileSync(certs.caPath).toString("base64");
  certs.remove();
  return {
    baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    caBundle,
    reviews,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
