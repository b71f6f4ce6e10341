/**
 * CloudFront usage from an `npm run cache-report -- --json` file: scaled to a month and cited.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { applyCacheReport, cacheReportUsage } from "../../cost/cacheReportUsage";
import { defaultUsage, parseUsage, type Usage, UsageFileError } from "../../cost/usage";

const REPORT = {
    total: { requests: 3_000_000, bytes: 10 * 1024 ** 3 },
    behaviours: [
        { pathPattern: "/assets/*", requests: 2_000_000 },
        { pathPattern: "*", requests: 1_000_000 },
    ],
    topMisses: [],
    recommendations: [],
};

describe("cost: CloudFront usage from a cache report", () => {
    it("scales the report's requests and bytes from its days to a month (730 h = 30.4167 days)", () => {
        const u = cacheReportUsage(REPORT, "r.json", 10, "k");
        const scale = 730 / 24 / 10;
        assert.ok(Math.abs(u.requestsMillions - 3 * scale) < 1e-12);
        assert.ok(Math.abs(u.dataOutGb - 10 * scale) < 1e-12);
        assert.deepStrictEqual(
            u.behaviours.map((b) => [b.pathPattern, Math.round(b.requestsPerMonth)]),
            [
                ["/assets/*", 6083333],
                ["*", 3041667],
            ],
        );
        assert.strictEqual(
            u.source,
            "npm run cache-report r.json: 2 behaviours, 3000000 requests over 10 day(s), scaled to 30.42 days",
        );
    });

    it("refuses what is not a cache-report document, naming the key and file", () => {
        assert.throws(
            () =>
                cacheReportUsage(
                    { total: {} },
                    "r.json",
                    30,
                    "cost/prod.yaml: cloudfront.cacheReport",
                ),
            (e: Error) =>
                e instanceof UsageFileError &&
                e.message ===
                    "cost/prod.yaml: cloudfront.cacheReport: r.json is not an npm run cache-report -- --json document (total.requests, total.bytes, behaviours)",
        );
        assert.throws(
            () => cacheReportUsage(REPORT, "r.json", 0, "k"),
            /k: the days the report covers must be above 0/,
        );
    });

    it("replaces requestsMillions and dataOutGb and cites the file; nothing without a report", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-cr-"));
        try {
            fs.writeFileSync(path.join(dir, "r.json"), JSON.stringify(REPORT));
            const usage = {
                ...defaultUsage(),
                "cloudfront.cacheReport": "r.json",
                "cloudfront.cacheReportDays": 30,
            } as Usage;
            const applied = applyCacheReport(usage, "cost/prod.yaml", dir);
            assert.ok(
                Math.abs(applied.usage["cloudfront.requestsMillions"] - 3 * (730 / 24 / 30)) <
                    1e-12,
            );
            assert.strictEqual(
                applied.usage["cloudfront.requestsSource"],
                "npm run cache-report r.json: 2 behaviours, 3000000 requests over 30 day(s), scaled to 30.42 days",
            );
            assert.strictEqual(applied.behaviours.length, 2);
            assert.throws(
                () =>
                    applyCacheReport(
                        { ...usage, "cloudfront.cacheReport": "nosuch.json" },
                        "cost/prod.yaml",
                        dir,
                    ),
                (e: Error) =>
                    e instanceof UsageFileError &&
                    e.message ===
                        `cost/prod.yaml: cloudfront.cacheReport: ${path.join(dir, "nosuch.json")}: no such file`,
            );
            const none = applyCacheReport(defaultUsage(), "x", dir);
            assert.deepStrictEqual(none, { usage: defaultUsage(), behaviours: [] });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("the usage file gives a cache report or the numbers by hand, not both", () => {
        assert.throws(
            () =>
                parseUsage(
                    { cloudfront: { cacheReport: "r.json", requestsMillions: 3 } },
                    "cost/x.yaml",
                ),
            (e: Error) =>
                e.message ===
                "cost/x.yaml: cloudfront.cacheReport gives the requests and data out; remove cloudfront.requestsMillions or the cacheReport",
        );
        assert.strictEqual(
            parseUsage({ cloudfront: { cacheReport: "r.json" } }, "x")["cloudfront.cacheReport"],
            "r.json",
        );
    });
});
