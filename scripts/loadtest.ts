/**
 * npm run loadtest -- --url URL [--steps 10,20,40,80] [--duration 30] [--p95 1000] [--tasks 1]
 *
 * The capacity test for autoscaling: finds where p95 latency crosses the threshold
 * and prints the service.requestsPerTarget to configure. The logic is in loadtestCore.ts.
 */
import { runEntry } from "../lib/cli";
import { main, USAGE } from "./loadtestCore";

void runEntry("loadtest", USAGE, () =>
    main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }),
);
