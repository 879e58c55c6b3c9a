// The project the tests run in: this repository, found as every command finds its
// project, walking up from here to the package.json with a "wardenkit" field.
import { fileURLToPath } from "node:url";
import { findProject } from "../../src/project/project.ts";

export const PROJECT = findProject(fileURLToPath(new URL(".", import.meta.url)));
