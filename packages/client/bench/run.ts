/**
 * `pnpm --filter @vlmchat/client bench`: stream throughput, per-call overhead and bundle size, each
 * against its peers in the same run, ratios printed. Not part of the tests (speed is not asserted).
 */
import { bundleSizes } from "./bundle-report";
import { callOverhead } from "./call-overhead";
import { streamThroughput } from "./stream-throughput";

console.log(`@vlmchat/client benchmarks (Node ${process.version}, ${process.platform}/${process.arch})`);
await streamThroughput();
await callOverhead();
await bundleSizes();
