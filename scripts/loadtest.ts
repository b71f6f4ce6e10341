/**
 * npm run loadtest -- --url URL [--steps 10,20,40,80] [--duration 30] [--p95 1000] [--tasks 1]
 *
 * The capacity test for autoscaling: finds where p95 latency crosses the threshold
 * and prints the service.requestsPerTarget to configure. The logic is in loadtestCore.ts.
 */
import { main } from "./loadtestCore";

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
        process.exitCode = code;
    },
    (e: unknown) => {
        // Unexpected: still one line, no stack trace.
        process.stderr.write(`loadtest: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 1;
    },
);
