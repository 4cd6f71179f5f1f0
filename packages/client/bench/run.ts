/**
 * `pnpm --filter @vlmchat/client bench`: stream throughput, per-call overhead and bundle size, each
 * against its peers in the same run, ratios printed. Not part of the tests (speed is not asserted).
 *
 * Speed is measured on the built package (`dist/`, what users install), imported by name: the script
 * builds it first. The sources run through tsx would carry esbuild's `keepNames` helper, which renames
 * every closure as it is made (about 1 µs per call here) and is in no published build.
 */
import { bundleSizes } from "./bundle-report";
import { callOverhead } from "./call-overhead";
import { streamThroughput } from "./stream-throughput";

console.log(`@vlmchat/client benchmarks (Node ${process.version}, ${process.platform}/${process.arch})`);
await streamThroughput();
await callOverhead();
await bundleSizes();
