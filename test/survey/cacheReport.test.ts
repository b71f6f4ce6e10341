/**
 * `npm run cache-report` on CloudFront standard log fixtures (legacy fields as the developer guide
 * lists them, a .gz, a v2 subset in another column order): behaviour matching, hit ratio, misses,
 * recommendations and bad input.
 */
import * as assert from "assert";
import * as path from "path";
import { PROJECT_ROOT } from "../../offline/stackFiles";
import { synthesize } from "../../offline/synth";
import { patternRegExp } from "../../survey/cacheReport";
import { CACHE_REPORT_USAGE, runCacheReport } from "../../survey/cacheReportCommand";
import { freshMocks } from "../harness";

const LOGS = path.join(PROJECT_ROOT, "test", "fixtures", "survey", "logs");
const BAD = path.join(PROJECT_ROOT, "test", "fixtures", "survey", "badlogs");

async function report(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCacheReport(argv, {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        synth: async (stack) => (await synthesize(stack)).resources,
    });
    await freshMocks();
    return { code, out: out.join(""), err: err.join("\n") };
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
        assert.deepStrictEqual(r.total, {
            requests: 20,
            cacheable: 17,
            hits: 8,
            hitRatio: 8 / 17,
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
        // POST, the 404 Error and the Redirect are requests but not cacheable; .PNG is not *.png.
        assert.deepStrictEqual(
            [dflt.requests, dflt.cacheable, dflt.hits, dflt.hitRatio],
            [8, 5, 1, 0.2],
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
            (await report("--stack", "prod", "--json", "--target", "0.2", LOGS)).out,
        );
        assert.deepStrictEqual(low.recommendations, []);
    });

    it("prints a text table by default", async () => {
        const { code, out } = await report("--stack", "prod", LOGS);
        assert.strictEqual(code, 0);
        assert.match(out, /^default +8 +5 +20\.0% +110315 +60\/420 +55\/410$/m);
        assert.match(out, /^ {4}pulumi config set --path tng:edge\.ttl\.html 300 --stack prod$/m);
        assert.match(
            out,
            /^3 file\(s\), 27 lines, 1 line\(s\) not matching the #Fields header \(skipped, counted\)$/m,
        );
    });

    it("exits 2 naming a truncated .gz or a missing file, and on usage errors", async () => {
        const gz = await report("--stack", "prod", BAD);
        assert.strictEqual(gz.code, 2);
        assert.match(gz.err, /badlogs\/truncated\.gz: truncated gzip file/);
        const missing = await report("--stack", "prod", "/nonexistent/cf.log");
        assert.strictEqual(missing.code, 2);
        assert.match(missing.err, /^\/nonexistent\/cf\.log: cannot read \(ENOENT\)$/);
        for (const [args, message] of [
            [["--stack", "nosuchstack", LOGS], /no stack file Pulumi\.nosuchstack\.yaml/],
            [[LOGS], /--stack NAME is required/],
            [["--stack", "prod"], /give at least one log file or folder/],
            [
                ["--stack", "prod", "--target", "80", LOGS],
                /--target must be a ratio above 0 and at most 1/,
            ],
            [["--stack", "prod", "--verbose", LOGS], /Unknown option '--verbose'/],
        ] as [string[], RegExp][]) {
            const r = await report(...args);
            assert.strictEqual(r.code, 2, args.join(" "));
            assert.match(r.err, message);
            assert.ok(r.err.endsWith(CACHE_REPORT_USAGE));
        }
    });
});
