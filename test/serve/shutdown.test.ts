// Stopping serve under load loses no review it had received: SIGTERM and SIGINT close the
// listening socket, every request already received is answered (a review still running
// included), connections are closed after their answer, and serve exits 0. A client then
// sees only refused connections, never a reset or a hang-up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { TIMEOUT_MESSAGE } from "../../src/serve/admission-review.ts";
import { freePort } from "../support/registry.ts";
import { builtModulePath } from "../support/policies.ts";
import { sleep, until } from "../support/until.ts";
import { loopingModule } from "./support/looping-module.ts";
import { admissionReview, podRequest } from "./support/harness.ts";
import { ServeProcess } from "./support/serve-process.ts";

const CLIENTS = 6;
/** Long enough for the looping review to be in flight when the signal comes. */
const LOOP_TIMEOUT_SECONDS = 2;
/** For the server to read requests already on their connections: far less than the loop's timeout. */
const RECEIVED_MS = 300;
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "wardenkit-serve-stop-"));
  writeFileSync(join(work, "loop.wasm"), loopingModule());
  copyFileSync(builtModulePath("required-labels"), join(work, "required-labels.wasm"));
  writeFileSync(join(work, "policies.yml"), stringify({
    labels: { module: "required-labels.wasm", settings: { requiredLabels: ["app"] } },
    loop: { module: "loop.wasm", timeoutEvalSeconds: LOOP_TIMEOUT_SECONDS },
  }));
});

afterAll(async () => {
  await ServeProcess.killAll();
  rmSync(work, { recursive: true, force: true });
});

interface Answer {
  status?: number;
  body?: string;
  error?: string;
}

/** A POST; `written` is called once the whole request is on the connection. */
function post(agent: Agent, url: string, body: string, written = () => {}): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json" } }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode, body: text }));
      res.on("error", (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    });
    req.on("error", (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.on("finish", written);
    req.end(body);
  });
}

/** Reviews one after another on keep-alive connections until the server turns the client away. */
async function client(agent: Agent, url: string, answers: Answer[]): Promise<void> {
  for (let i = 0; ; i++) {
    const answer = await post(agent, `${url}/validate/labels`, admissionReview(podRequest(`load-${i}`, { app: "web" })));
    answers.push(answer);
    if (answer.error) return;
  }
}

describe("stopping serve under load", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("on %s answers every review it received, then exits 0", async (signal) => {
    const port = await freePort();
    const serve = new ServeProcess(["--config", join(work, "policies.yml"), "--port", String(port), "--workers", "2"], work);
    await serve.waitFor(/serving 2 policies at (https:\S+)\/validate/);
    const url = /serving 2 policies at (https:\S+)\/validate/.exec(serve.output)![1];
    await serve.waitFor(/-----END CERTIFICATE-----/);
    const ca = readFileSync(join(work, ".wardenkit", "serve", "ca.pem"), "utf8");
    const agent = new Agent({ ca, keepAlive: true, maxSockets: CLIENTS + 2 });
    try {
      const answers: Answer[] = [];
      const clients = Array.from({ length: CLIENTS }, () => client(agent, url, answers));
      await until("the load to be running", async () => answers.length >= 50);
      let sent = 0;
      const looping = [1, 2].map((n) => post(agent, `${url}/validate/loop`, admissionReview(podRequest(`loop-${n}`)), () => sent++));
      await until("the looping reviews to be sent", async () => sent === 2);
      await sleep(RECEIVED_MS);
      expect(await serve.stop(signal)).toBe(0);
      await Promise.all(clients);

      for (const loop of await Promise.all(looping)) {
        expect(loop.status, loop.error).toBe(200);
        expect(JSON.parse(loop.body!).response.status.message).toBe(TIMEOUT_MESSAGE);
      }
      const failures = answers.filter((a) => a.status !== 200 && a.error !== "ECONNREFUSED");
      expect(failures).toEqual([]);
      expect(answers.filter((a) => a.error === "ECONNREFUSED")).toHaveLength(CLIENTS);
      expect(serve.output).toMatch(new RegExp(`${signal}: stopping\\n(.*\\n)*draining: \\d+ requests in flight \\(waiting at most 10 s\\)\\n(.*\\n)*stopped\\n`));
    } finally {
      agent.destroy();
    }
  });
});
