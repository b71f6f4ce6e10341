/**
 * npm run cache-report -- --stack NAME [--json] [--target 0.8] PATH...
 *
 * Reads CloudFront standard logs (plain, .gz, folders) in constant memory and reports, per cache
 * behaviour of the stack, requests, hit ratio, bytes and latency percentiles, the most missed
 * URIs, and TTL changes for behaviours below the target (survey/cacheReport.ts). Exit 2 on a
 * usage error or an unreadable or truncated log file.
 */
import { runEntry } from "../lib/cli";
import { CACHE_REPORT_USAGE, runCacheReport } from "../survey/cacheReportCommand";

void runEntry("cache-report", CACHE_REPORT_USAGE, () =>
    runCacheReport(process.argv.slice(2), {
        out: (text) => process.stdout.write(text),
        err: (text) => console.error(text),
        synth: async (stack) => {
            // Loaded only now: usage errors need none of the Pulumi SDK.
            /* eslint-disable @typescript-eslint/no-require-imports */
            require("../offline/deferClosureSerializer");
            const { synthesize } = require("../offline/synth") as typeof import("../offline/synth");
            /* eslint-enable @typescript-eslint/no-require-imports */
            return (await synthesize(stack)).resources;
        },
    }),
);
