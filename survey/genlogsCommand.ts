/**
 * `npm run genlogs`'s command line: a synthetic CloudFront standard log (legacy W3C fields,
 * gzip) of about --mb megabytes uncompressed, for measuring `npm run cache-report`. Every check
 * (the flags, the output folder, the --measure stack) runs before a byte is written; the file is
 * written to a temporary name and renamed when complete. I/O is passed in for in-process tests.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { EXIT, helpText, readCli, ToolIo, usageMessage, UsageError } from "../lib/cli";
import { notRegularKind } from "../lib/files";
import { listStacks, PROJECT_ROOT } from "../offline/stackFiles";

export const GENLOGS_USAGE = helpText({
    usage: "npm run genlogs -- --out FILE.gz [--mb 1024] [--measure STACK]",
    options: [
        [
            "--out FILE.gz",
            "the log to write (its folder must exist); generate into /tmp, never commit it",
        ],
        ["--mb N", "uncompressed size in MiB, 1 to 65536 (default 1024)"],
        ["--measure STACK", "then time zcat | wc -l and the cache report of STACK over the file"],
    ],
    exits: [
        [EXIT.ok, "written (and measured)"],
        [EXIT.usage, "usage error, a missing output folder or an unknown stack"],
    ],
});

export interface GenlogsIo extends ToolIo {
    /** Times `zcat | wc -l` and the cache report over the file; the script passes the real one. */
    readonly measure?: (file: string, stack: string) => void;
    readonly root?: string;
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

/** 2,000 records starting at record `i`. */
function chunk(i: number): string {
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
}

/**
 * `npm run genlogs` with `argv`: prints through `io` and returns the exit code. A usage mistake
 * (a flag, the output folder, the --measure stack) prints `genlogs: <message>` and the usage line,
 * exit 2, before anything is written; anything unexpected is thrown.
 */
export async function runGenlogs(argv: readonly string[], io: GenlogsIo): Promise<number> {
    try {
        return await genlogs(argv, io);
    } catch (e) {
        if (e instanceof UsageError) {
            io.err(usageMessage("genlogs", e.message, GENLOGS_USAGE));
            return EXIT.usage;
        }
        throw e;
    }
}

async function genlogs(argv: readonly string[], io: GenlogsIo): Promise<number> {
    const cli = readCli(argv, {
        out: { type: "string" },
        mb: { type: "string" },
        measure: { type: "string" },
    });
    if (cli.help) {
        io.out(GENLOGS_USAGE);
        return EXIT.ok;
    }
    const values = cli.values;
    const out = values.out;
    if (typeof out !== "string") {
        throw new UsageError("--out FILE.gz is required");
    }
    const mb = values.mb === undefined ? 1024 : Number(values.mb);
    if (!Number.isInteger(mb) || mb < 1 || mb > 65536) {
        throw new UsageError(
            `--mb must be a whole number from 1 to 65536 (got ${JSON.stringify(values.mb)})`,
        );
    }
    const dir = path.dirname(path.resolve(out));
    let dirStat: fs.Stats | undefined;
    try {
        dirStat = fs.statSync(dir);
    } catch {
        dirStat = undefined;
    }
    if (!dirStat?.isDirectory()) {
        throw new UsageError(`--out ${out}: folder ${dir} does not exist`);
    }
    let outStat: fs.Stats | undefined;
    try {
        outStat = fs.statSync(out);
    } catch {
        outStat = undefined;
    }
    const kind = outStat === undefined ? undefined : notRegularKind(outStat);
    if (kind !== undefined) {
        throw new UsageError(
            `--out ${out} is ${kind}; give a regular file to replace, or a new name`,
        );
    }
    const stack = values.measure;
    if (stack !== undefined) {
        const stacks = listStacks(io.root ?? PROJECT_ROOT);
        if (typeof stack !== "string" || !stacks.includes(stack)) {
            throw new UsageError(
                `--measure: no stack file Pulumi.${String(stack)}.yaml; stacks: ${stacks.join(", ")}`,
            );
        }
    }
    const temp = path.join(dir, `.${path.basename(out)}.${process.pid}.tmp`);
    const target = mb * 1024 * 1024;
    let written = 0;
    let records = 0;
    try {
        await new Promise<void>((resolve, reject) => {
            const file = fs.createWriteStream(temp, { flags: "wx" });
            const gz = zlib.createGzip({ level: 1 });
            gz.on("error", reject);
            file.on("error", reject);
            file.on("finish", resolve);
            gz.pipe(file);
            const write = () => {
                while (written < target) {
                    const body = chunk(records);
                    const text =
                        written === 0 ? `#Version: 1.0\n#Fields: ${FIELDS}\n${body}` : body;
                    records += 2000;
                    written += Buffer.byteLength(text);
                    if (!gz.write(text)) {
                        gz.once("drain", write);
                        return;
                    }
                }
                gz.end();
            };
            write();
        });
        fs.renameSync(temp, out);
    } catch (e) {
        fs.rmSync(temp, { force: true });
        io.err(
            `genlogs: cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
        return EXIT.usage;
    }
    io.err(`wrote ${out}: ${records} lines, ${(written / 1048576).toFixed(0)} MiB uncompressed`);
    if (typeof stack === "string" && io.measure) {
        io.measure(out, stack);
    }
    return EXIT.ok;
}
