/**
 * npm run genlogs -- --out FILE.gz [--mb 1024] [--measure STACK]
 *
 * Writes a synthetic CloudFront standard log (legacy W3C fields, gzip) of about --mb megabytes
 * uncompressed, for measuring `npm run cache-report` throughput. Generate into /tmp; never commit it.
 * With --measure, it then times, in this one run, `zcat FILE | wc -l` and the cache report of
 * STACK over the same file, and prints both as lines/s and their ratio.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import * as zlib from "zlib";

const USAGE = "usage: npm run genlogs -- --out FILE.gz [--mb 1024] [--measure STACK]";

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
const FIELDS =
    "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end";
const PATHS = [
    "/assets/application-3f2a1b.css",
    "/packs/js/app-9c8d.js",
    "/uploads/a/1.jpg",
    "/feed",
    "/articles/",
    "/",
    "/tags/news",
];
const RESULTS = ["Hit", "Hit", "Hit", "RefreshHit", "Miss", "Miss", "Error"];

function main(): number {
    let values;
    try {
        values = parseArgs({
            options: {
                out: { type: "string" },
                mb: { type: "string" },
                measure: { type: "string" },
                help: { type: "boolean" },
            },
        }).values;
    } catch (e) {
        console.error(`${(e as Error).message}\n${USAGE}`);
        return 2;
    }
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    const mb = Number(values.mb ?? "1024");
    if (!values.out || !(mb > 0)) {
        console.error(USAGE);
        return 2;
    }
    const target = mb * 1024 * 1024;
    const gz = zlib.createGzip({ level: 1 });
    const file = fs.createWriteStream(values.out);
    gz.pipe(file);
    if (values.measure) {
        const stack = values.measure;
        file.on("finish", () => measure(values.out as string, stack));
    }
    let written = 0;
    let i = 0;
    const chunk = (): string => {
        const lines: string[] = [];
        for (let k = 0; k < 2000; k++, i++) {
            const p = PATHS[i % PATHS.length] + (i % PATHS.length === 4 ? String(i % 5000) : "");
            const r = RESULTS[Math.floor(i / 7) % RESULTS.length];
            const ms = ((i * 37) % 900) / 1000;
            lines.push(
                `2026-11-01\t${String(Math.floor(i / 3600) % 24).padStart(2, "0")}:00:00\tNRT57-P2\t${1000 + (i % 50000)}\t203.0.113.${i % 250}\tGET\td111111abcdef8.cloudfront.net\t${p}\t200\t-\tMozilla/5.0%20(X11;%20Linux%20x86_64)\t-\t-\t${r}\tEXAMPLE${i}abcdefghij==\ttng.example.jp\thttps\t412\t${ms.toFixed(3)}\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\t${r}\tHTTP/2.0\t-\t-\t${50000 + (i % 10000)}\t${ms.toFixed(3)}\t${r}\ttext/html\t${1000 + (i % 50000)}\t-\t-`,
            );
        }
        return lines.join("\n") + "\n";
    };
    const write = () => {
        while (written < target) {
            const text = written === 0 ? `#Version: 1.0\n#Fields: ${FIELDS}\n` + chunk() : chunk();
            written += Buffer.byteLength(text);
            if (!gz.write(text)) {
                gz.once("drain", write);
                return;
            }
        }
        gz.end(() =>
            console.error(
                `wrote ${values.out}: ${i} lines, ${(written / 1048576).toFixed(0)} MiB uncompressed`,
            ),
        );
    };
    write();
    return 0;
}

const code = main();
if (code !== 0) {
    process.exit(code);
}
