import { defineCommand } from "../command.ts";
import { stringFlag } from "../flags.ts";

const flags = {
  author: stringFlag("Name <mail>", "who maintains the policies: package.json's author, each new policy's io.kubewarden.policy.author"),
  repository: stringFlag("url", "the repository's address (https://github.com/acme/policies): each new policy's url and source"),
  registry: stringFlag("host/prefix", "where the policies are published; default ghcr.io/<owner>/policies for a GitHub repository"),
  license: stringFlag("spdx", "the policies' license", { default: "Apache-2.0" }),
};
export type InitFlags = typeof flags;

export const init = defineCommand({
  name: "init",
  summary: "create a policy repository: package.json, Makefile, asconfig.json, policies/, fixtures/, CI workflow",
  positionals: [{ name: "dir", description: "a new or empty folder" }],
  flags,
  examples: [
    { command: "wardenkit init acme-policies", description: "create a policy repository in acme-policies/" },
    { command: "wardenkit init acme-policies --repository https://github.com/acme/policies --author 'Acme Platform <platform@acme.example>'", description: "with the address and maintainer every new policy names" },
    { command: "wardenkit init . --registry registry.acme.example/kubewarden --license MIT", description: "in the current, empty folder, publishing to your own registry" },
  ],
  load: () => import("../actions/init.ts"),
});
