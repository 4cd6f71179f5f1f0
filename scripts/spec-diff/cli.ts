/**
 * `pnpm spec:diff OLD NEW [--json]`: classifies every change between two OpenAPI documents as breaking or
 * not, prints a report, and exits 1 when a change is breaking (2 on bad input). OLD and NEW are files or
 * git revisions (`v0.1.0:openapi/openapi.yaml`).
 */
import { publishedPackages } from "../release/workspace";
import { specDiffCommand } from "./command";

// The packages share one version (a changesets `fixed` group): any of them tells it.
const [anyPackage] = publishedPackages();
const result = specDiffCommand(process.argv.slice(2), process.cwd(), anyPackage?.manifest.version);
if (result.stdout) console.log(result.stdout);
if (result.stderr) console.error(result.stderr);
process.exit(result.code);
