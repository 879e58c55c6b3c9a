#!/usr/bin/env node
// Entry point of the `wardenkit` command: the CLI compiled from src/ into lib/.
const entry = new URL("../lib/cli/main.js", import.meta.url);
let cli;
try {
  cli = await import(entry);
} catch (err) {
  if (err?.code !== "ERR_MODULE_NOT_FOUND" || !String(err.message).includes(entry.pathname)) throw err;
  console.error("wardenkit: the CLI is not compiled; run `npm run build:cli` in the wardenkit checkout");
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
