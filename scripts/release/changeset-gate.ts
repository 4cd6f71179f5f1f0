/** `pnpm changeset:gate` (run by `pnpm test`): see gate.ts for the rule, RELEASING.md for the flow. */
import { runGate } from "./gate";
import { repoRoot } from "./workspace";

const result = runGate(repoRoot);
for (const line of result.lines) console.log(line);
process.exit(result.ok ? 0 : 1);
