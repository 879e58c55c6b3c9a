// client-node 1.x builds a new HTTPS agent, so a new TLS connection, for every API call
// (KubeConfig.applySecurityAuthentication). This kubeconfig keeps one keep-alive agent per set
// of TLS options instead, shared by every client made from it, so the calls of one command
// (an audit's lists and reports, apply's polls, serve's live lookups) reuse their connections.
import { Agent } from "node:https";
import { KubeConfig, type RequestContext } from "@kubernetes/client-node";

/** The options that tell one TLS identity and server check from another. */
const TLS_OPTIONS = ["ca", "cert", "key", "pfx", "passphrase", "rejectUnauthorized", "servername"] as const;
/** How long an idle connection stays open: Node's own global agent's figure. */
const IDLE_SOCKET_MS = 5000;

function optionText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return Buffer.isBuffer(value) ? value.toString("base64") : JSON.stringify(value);
}

export class KeepAliveKubeConfig extends KubeConfig {
  private readonly agents = new Map<string, Agent>();

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const made = context.getAgent();
    // Proxy agents (hpagent's, socks) and plain HTTP keep client-node's own agent.
    if (made?.constructor === Agent) context.setAgent(this.sharedAgent(made as Agent));
  }

  /** The kept agent for the TLS options of `made`, which client-node built for one call. */
  private sharedAgent(made: Agent): Agent {
    const options = made.options as Record<string, unknown>;
    const key = TLS_OPTIONS.map((name) => optionText(options[name])).join("\n");
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({ ...made.options, keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: "lifo" });
      this.agents.set(key, agent);
    }
    return agent;
  }
}
