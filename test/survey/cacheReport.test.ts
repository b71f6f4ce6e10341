/**
 * `npm run cache-report` on CloudFront standard log fixtures (legacy fields as the developer guide
 * lists them, a .gz, a v2 subset in another column order): behaviour matching, hit ratio, misses,
 * recommendations and bad input.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { PROJECT_ROOT } from "../../offline/stackFiles";
import type { SynthResult } from "../../offline/synth";
import { patternRegExp } from "../../survey/cacheReport";
import { CACHE_REPORT_USAGE, runCacheReport } from "../../survey/cacheReportCommand";
import { GENLOGS_USAGE, runGenlogs } from "../../survey/genlogsCommand";
import { freshMocks, renderedStack } from "../harness";

const LOGS = path.join(PROJECT_ROOT, "test", "fixtures", "survey", "logs");
const BAD = path.join(PROJECT_ROOT, "test", "fixtures", "survey", "badlogs");

let prod: SynthResult["resources"] | undefined;
async function report(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCacheReport(argv, {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        // The stack renders the same every time: once per mocha process (shared with other specs).
        synth: async (stack) => {
            assert.strictEqual(stack, "prod");
            if (!prod) {
                prod = (await renderedStack(stack)).resources;
                await freshMocks();
            }
            return prod;
        },
    });
    return { code, out: out.join(""), err: err.join("\n") };
}

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "tng-logs-"));
const LEGACY = path.join(LOGS, "E2QWRUHEXAMPLE.2026-11-01-00.a1b2c3d4");
/** The legacy fixture's header names and records. */
function legacy(): { names: string[]; records: string[][] } {
    const lines = fs.readFileSync(LEGACY, "utf8").split("\n");
    const names = lines
        .find((l) => l.startsWith("#Fields:"))!
        .slice(8)
        .trim()
        .split(/\s+/);
    const records = lines
        .filter((l) => l && !l.startsWith("#"))
        .map((l) => l.split("\t"))
        .filter((f) => f.length === names.length);
    return { names, records };
}

describe("cache-report", () => {
    it("matches path patterns as CloudFront does: * any run, ? one character, case-sensitive", () => {
        assert.ok(patternRegExp("/assets/*").test("/assets/a/b.css"));
        assert.ok(!patternRegExp("/assets/*").test("/assetsx"));
        assert.ok(patternRegExp("*.png").test("/images/logo.png"));
        assert.ok(!patternRegExp("*.png").test("/images/logo.PNG"));
        assert.ok(patternRegExp("/feed.?ss").test("/feed.rss"));
        assert.ok(!patternRegExp("/feed.?ss").test("/feedXrss"));
        assert.ok(patternRegExp("/feed").test("/feed"));
        assert.ok(!patternRegExp("/feed").test("/feed/1"));
    });

    it("reports requests, cacheable, hit ratio, bytes and percentiles per behaviour and in total", async () => {
        const { code, out, err } = await report("--stack", "prod", "--json", LOGS);
        assert.strictEqual(code, 0, err);
        const r = JSON.parse(out);
        // CacheHitRate: every request but POST, PUT and errors is cacheable (the Redirect is).
        assert.deepStrictEqual(r.total, {
            requests: 20,
            cacheable: 18,
            hits: 8,
            hitRatio: 8 / 18,
            strictCacheable: 17,
            strictHitRatio: 8 / 17,
            bytes: 559533,
            timeTakenMs: { p50: 50, p95: 350 },
            timeToFirstByteMs: { p50: 48, p95: 300 },
        });
        const by = new Map(r.behaviours.map((b: { pathPattern: string }) => [b.pathPattern, b]));
        assert.deepStrictEqual(
            r.behaviours.map((b: { pathPattern: string }) => b.pathPattern).slice(0, 4),
            ["/assets/*", "/packs/*", "/uploads/*", "/feed"],
        );
        assert.strictEqual(r.behaviours[r.behaviours.length - 1].pathPattern, "default");
        const assets = by.get("/assets/*") as Record<string, unknown>;
        assert.deepStrictEqual([assets.requests, assets.cacheable, assets.hits], [5, 5, 3]);
        const dflt = by.get("default") as Record<string, unknown>;
        // POST and the 404 Error are not cacheable; the Redirect is (not for the strict ratio);
        // .PNG is not *.png.
        assert.deepStrictEqual(
            [
                dflt.requests,
                dflt.cacheable,
                dflt.hits,
                dflt.hitRatio,
                dflt.strictCacheable,
                dflt.strictHitRatio,
            ],
            [8, 6, 1, 1 / 6, 5, 0.2],
        );
        assert.strictEqual((by.get("*.png") as Record<string, unknown>).requests, 1);
        assert.deepStrictEqual(r.topMisses.slice(0, 2), [
            { uri: "/articles/42", misses: 2 },
            { uri: "/uploads/article/123/photo.jpg", misses: 2 },
        ]);
        assert.strictEqual(r.malformedLines, 1);
        assert.strictEqual(r.files, 3);
        assert.match(
            err,
            /^1 line\(s\) did not match their file's #Fields header: counted, not used$/,
        );
    });

    it("recommends the edge.ttl change for each behaviour below the target", async () => {
        const { out } = await report("--stack=prod", "--json", "--target=0.8", LOGS);
        const r = JSON.parse(out);
        assert.deepStrictEqual(
            r.recommendations.map((x: { pathPattern: string; command?: string }) => [
                x.pathPattern,
                x.command,
            ]),
            [
                ["/assets/*", undefined],
                ["/uploads/*", "pulumi config set --path tng:edge.ttl.images 345600 --stack prod"],
                ["/feed", "pulumi config set --path tng:edge.ttl.feeds 14400 --stack prod"],
                ["default", "pulumi config set --path tng:edge.ttl.html 300 --stack prod"],
            ],
        );
        const low = JSON.parse(
            (await report("--stack", "prod", "--json", "--target", "0.16", LOGS)).out,
        );
        assert.deepStrictEqual(low.recommendations, []);
    });

    it("prints a text table by default", async () => {
        const { code, out } = await report("--stack", "prod", LOGS);
        assert.strictEqual(code, 0);
        assert.match(out, /^default +8 +6 +16\.7% +20\.0% +110315 +60\/420 +55\/410$/m);
        assert.match(out, /^hit ratio: CloudFront's CacheHitRate/m);
        assert.match(out, /^ {4}pulumi config set --path tng:edge\.ttl\.html 300 --stack prod$/m);
        assert.match(
            out,
            /^3 file\(s\), 27 lines, 1 line\(s\) not matching the #Fields header \(skipped, counted\)$/m,
        );
    });

    it("exits 2 naming a truncated .gz or a missing file, and on usage errors", async () => {
        const gz = await report("--stack", "prod", BAD);
        assert.strictEqual(gz.code, 2);
        assert.match(gz.err, /^cache-report: \S*badlogs\/truncated\.gz: truncated gzip file/);
        const missing = await report("--stack", "prod", "/nonexistent/cf.log");
        assert.strictEqual(missing.code, 2);
        assert.match(missing.err, /^cache-report: \/nonexistent\/cf\.log: cannot read \(ENOENT\)$/);
        for (const [args, message] of [
            [
                ["--stack", "nosuchstack", LOGS],
                /^cache-report: no stack file Pulumi\.nosuchstack\.yaml; stacks: dev, prod\n/,
            ],
            [[LOGS], /^cache-report: --stack NAME is required\n/],
            [["--stack", "prod"], /^cache-report: give at least one log file or folder\n/],
            [
                ["--stack", "prod", "--target", "80", LOGS],
                /^cache-report: --target must be a ratio above 0 and at most 1, such as 0\.8 \(got "80"\)\n/,
            ],
            [["--stack", "prod", "--verbose", LOGS], /^cache-report: unknown option --verbose\n/],
        ] as [string[], RegExp][]) {
            const r = await report(...args);
            assert.strictEqual(r.code, 2, args.join(" "));
            assert.match(r.err, message);
            assert.ok(r.err.endsWith(`\n${CACHE_REPORT_USAGE.split("\n")[0]}`), r.err);
            assert.strictEqual(r.err.split("\n").length, 2, r.err);
        }
    });

    it("reads W3C with space or | delimiters and v2 JSON, giving the same report as tabs", async () => {
        const { names, records } = legacy();
        const dir = tmpDir();
        const header = `#Version: 1.0\n#Fields: ${names.join(" ")}\n`;
        fs.writeFileSync(
            path.join(dir, "tab.log"),
            header + records.map((r) => r.join("\t")).join("\n") + "\n",
        );
        const base = JSON.parse(
            (await report("--stack", "prod", "--json", path.join(dir, "tab.log"))).out,
        );
        const variants: [string, string][] = [
            ["space.log", header + records.map((r) => r.join(" ")).join("\n") + "\n"],
            ["pipe.log", header + records.map((r) => r.join("|")).join("\r\n") + "\r\n"],
            [
                "v2.json",
                records
                    .map((r) => JSON.stringify(Object.fromEntries(names.map((n, i) => [n, r[i]]))))
                    .join("\n") + "\n",
            ],
        ];
        for (const [file, text] of variants) {
            const f = path.join(dir, file);
            fs.writeFileSync(f, text);
            const got = JSON.parse((await report("--stack", "prod", "--json", f)).out);
            assert.deepStrictEqual(got.total, base.total, file);
            assert.deepStrictEqual(got.behaviours, base.behaviours, file);
        }
        // Gzipped, split in two and given twice (a symlink and a repeated path): counted once.
        const split = tmpDir();
        const half = Math.floor(records.length / 2);
        fs.writeFileSync(
            path.join(split, "a.gz"),
            zlib.gzipSync(
                header +
                    records
                        .slice(0, half)
                        .map((r) => r.join("\t"))
                        .join("\n") +
                    "\n",
            ),
        );
        fs.writeFileSync(
            path.join(split, "b.log"),
            header +
                records
                    .slice(half)
                    .map((r) => r.join("\t"))
                    .join("\n") +
                "\n",
        );
        fs.symlinkSync(path.join(split, "b.log"), path.join(split, "c-link.log"));
        const twice = await report("--stack", "prod", "--json", split, path.join(split, "a.gz"));
        const t = JSON.parse(twice.out);
        assert.deepStrictEqual(t.total, base.total);
        assert.strictEqual(t.files, 2);
    });

    it("refuses formats it does not read, naming them, and never prints an empty report", async () => {
        const { names, records } = legacy();
        const dir = tmpDir();
        const cases: [string, string | Buffer, RegExp][] = [
            [
                "logs.parquet",
                Buffer.concat([Buffer.from("PAR1"), Buffer.alloc(64), Buffer.from("PAR1")]),
                /logs\.parquet: Parquet \(standard logging v2\) is not read/,
            ],
            [
                "realtime.log",
                "1793491210.123\t203.0.113.10\t200\tGET\thttps\td111111abcdef8.cloudfront.net\t/index.html\n",
                /realtime\.log: real-time log records \(no header, epoch timestamp first\) are not read/,
            ],
            [
                "plain.log",
                records.map((r) => r.join("\t")).join("\n") + "\n",
                /plain\.log: not a CloudFront log the report reads: no #Fields header/,
            ],
            [
                "README.md",
                "# Logs\n\nThese are the logs.\n",
                /README\.md: not a CloudFront log the report reads: no #Fields header/,
            ],
            ["fake.gz", "this is not gzip\n", /fake\.gz: not a CloudFront log the report reads/],
            [
                "binary.gz",
                Buffer.from([0x00, 0x01, 0x02, 0x03, 0x10, 0x0a]),
                /binary\.gz: not a CloudFront log \(binary content/,
            ],
            [
                "nomethod.log",
                `#Version: 1.0\n#Fields: ${names.filter((n) => n !== "cs-method").join(" ")}\n`,
                /nomethod\.log: its #Fields header has no cs-method column \(the report needs cs-method, cs-uri-stem, x-edge-result-type\)/,
            ],
            [
                "nomethod.json",
                '{"cs-uri-stem":"/","x-edge-result-type":"Hit"}\n',
                /nomethod\.json: JSON records without cs-method/,
            ],
        ];
        for (const [file, body, message] of cases) {
            const f = path.join(dir, file);
            fs.writeFileSync(f, body);
            const r = await report("--stack", "prod", f);
            assert.strictEqual(r.code, 2, file);
            assert.match(r.err, message, file);
            assert.strictEqual(r.out, "", file);
        }
        const empty = tmpDir();
        const e = await report("--stack", "prod", empty);
        assert.deepStrictEqual([e.code, e.out], [2, ""]);
        assert.match(e.err, /^cache-report: no log files under /);
        const headerOnly = path.join(tmpDir(), "header.log");
        fs.writeFileSync(headerOnly, `#Version: 1.0\n#Fields: ${names.join(" ")}\n`);
        const h = await report("--stack", "prod", headerOnly);
        assert.strictEqual(h.code, 2);
        assert.match(
            h.err,
            /^cache-report: no log records in 1 file\(s\) \(2 lines\): nothing to report$/,
        );
        const fifo = path.join(tmpDir(), "pipe");
        execFileSync("mkfifo", [fifo]);
        const p = await report("--stack", "prod", fifo);
        assert.strictEqual(p.code, 2);
        assert.strictEqual(
            p.err,
            `cache-report: ${fifo} is a FIFO (named pipe); give log files or folders`,
        );
        const dev = await report("--stack", "prod", "/dev/zero");
        assert.strictEqual(dev.code, 2);
        assert.strictEqual(
            dev.err,
            "cache-report: /dev/zero is a device; give log files or folders",
        );
    });

    it("strips terminal escape codes from log fields before printing", async () => {
        const { names, records } = legacy();
        const uri = names.indexOf("cs-uri-stem");
        const result = names.indexOf("x-edge-result-type");
        const evil = records.slice(0, 1).map((r) => {
            const c = [...r];
            c[uri] = "/x\u001b[2J\u001b]0;owned\u0007y";
            c[result] = "Miss";
            return c;
        });
        const f = path.join(tmpDir(), "evil.log");
        fs.writeFileSync(
            f,
            `#Version: 1.0\n#Fields: ${names.join(" ")}\n${evil.map((r) => r.join("\t")).join("\n")}\n`,
        );
        const { code, out } = await report("--stack", "prod", f);
        assert.strictEqual(code, 0);
        assert.ok(!out.includes("\u001b"), out);
        assert.match(out, /^ +1 {2}\/xy$/m);
    });
});

describe("genlogs (in-process)", () => {
    async function genlogs(...argv: string[]) {
        const out: string[] = [];
        const err: string[] = [];
        const measured: string[] = [];
        const code = await runGenlogs(argv, {
            out: (t) => out.push(t),
            err: (t) => err.push(t),
            measure: (file, stack) => measured.push(`${file} ${stack}`),
        });
        return { code, out: out.join("\n"), err: err.join("\n"), measured };
    }

    it("checks the folder and the stack before writing anything, exit 2", async () => {
        const dir = tmpDir();
        for (const [args, message] of [
            [
                ["--out", "/missing/dir/x.gz"],
                /^genlogs: --out \/missing\/dir\/x\.gz: folder \/missing\/dir does not exist\nusage: npm run genlogs/,
            ],
            [
                ["--out", path.join(dir, "x.gz"), "--measure", "nosuchstack"],
                /^genlogs: --measure: no stack file Pulumi\.nosuchstack\.yaml; stacks: dev, prod\nusage/,
            ],
            [
                ["--out", path.join(dir, "x.gz"), "--mb", "0"],
                /^genlogs: --mb must be a whole number from 1 to 65536 \(got "0"\)\n/,
            ],
            [["--mb", "1"], /^genlogs: --out FILE\.gz is required\n/],
            [["--out", path.join(dir, "x.gz"), "--colour"], /^genlogs: unknown option --colour\n/],
            [
                ["--out", dir],
                /^genlogs: --out \S+ is a folder; give a regular file to replace, or a new name\n/,
            ],
        ] as [string[], RegExp][]) {
            const r = await genlogs(...args);
            assert.strictEqual(r.code, 2, args.join(" "));
            assert.match(r.err, message);
            assert.ok(r.err.endsWith(`\n${GENLOGS_USAGE.split("\n")[0]}`), r.err);
            assert.strictEqual(r.err.split("\n").length, 2, r.err);
        }
        assert.deepStrictEqual(fs.readdirSync(dir), []);
    });

    it("writes a readable log through a temporary file, then measures", async () => {
        const dir = tmpDir();
        const file = path.join(dir, "x.gz");
        const r = await genlogs("--out", file, "--mb", "1", "--measure", "prod");
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(fs.readdirSync(dir), ["x.gz"]);
        assert.deepStrictEqual(r.measured, [`${file} prod`]);
        const lines = zlib.gunzipSync(fs.readFileSync(file)).toString("utf8").split("\n");
        assert.match(lines[1], /^#Fields: date time /);
        assert.match(r.err, /^wrote .*x\.gz: \d+ lines, 1 MiB uncompressed$/);
        const rep = await report("--stack", "prod", "--json", file);
        assert.strictEqual(rep.code, 0, rep.err);
        assert.ok(JSON.parse(rep.out).total.requests > 1000);
    });
});
