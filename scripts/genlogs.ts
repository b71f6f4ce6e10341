/**
 * npm run genlogs -- --out FILE.gz [--mb 1024] [--measure STACK]
 *
 * Writes a synthetic CloudFront standard log (legacy W3C fields, gzip) of about --mb megabytes
 * uncompressed, for measuring `npm run cache-report` throughput. Generate into /tmp; never commit it.
 * With --measure, it then times, in this one run, `zcat FILE | wc -l` and the cache report of
 * STACK over the same file, and prints both as lines/s and their ratio. Checks (flags, output folder,
 * the stack) run before anything is written (survey/genlogsCommand.ts).
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { runEntry } from "../lib/cli";
import { GENLOGS_USAGE, runGenlogs } from "../survey/genlogsCommand";

/** Runs a command, returns its stdout and the wall time in seconds; throws on failure. */
function timed(cmd: string, args: string[]): { out: string; seconds: number } {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status !== 0) {
        throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
    }
    return { out: r.stdout, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** `zcat | wc -l` and the cache report over the same file: lines/s of each and the ratio. */
function measure(file: string, stack: string): void {
    const zcat = timed("sh", ["-c", 'zcat "$1" | wc -l', "sh", file]);
    const lines = Number(zcat.out.trim());
    const report = timed(process.execPath, [
        "--max-semi-space-size=32",
        path.join(__dirname, "cachereport.js"),
        "--stack",
        stack,
        "--json",
        file,
    ]);
    const rate = (s: number) => Math.round(lines / s).toLocaleString("en-US");
    console.log(
        `zcat | wc -l:  ${lines} lines in ${zcat.seconds.toFixed(1)} s, ${rate(zcat.seconds)} lines/s`,
    );
    console.log(
        `cache-report:  ${lines} lines in ${report.seconds.toFixed(1)} s, ${rate(report.seconds)} lines/s (includes rendering the stack)`,
    );
    console.log(
        `ratio: cache-report takes ${(report.seconds / zcat.seconds).toFixed(2)}x the time of zcat | wc -l`,
    );
}
void runEntry("genlogs", GENLOGS_USAGE, () =>
    runGenlogs(process.argv.slice(2), {
        out: (text) => console.log(text),
        err: (text) => console.error(text),
        measure,
    }),
);
