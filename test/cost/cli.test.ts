/**
 * `npm run cost`: its arguments and exit codes (the usage file and export problems exit 2 naming
 * the key or file, never a stack trace), the JSON document, and the README's monthly totals,
 * which must be what the tool computes for the committed stacks and usage files. Everything runs
 * the core in-process (scripts/costCore.ts) but one spawned test of the script itself.
 */
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { estimate } from "../../cost/estimate";
import { extendedSupportCalendar } from "../../components/data/postgresEngine";
import { PRICES } from "../../cost/prices";
import { shownTotal } from "../../cost/report";
import { readUsageFile, usageFileOf } from "../../cost/usage";
import { PROJECT_ROOT } from "../../offline/stackFiles";
import { toExport } from "../../offline/synth";
import { runCost } from "../../scripts/costCore";
import { renderedStack } from "../harness";

const SCRIPT = path.join(PROJECT_ROOT, "bin", "scripts", "cost.js");

/** The compiled script as a shell runs it (one test). */
function spawnCost(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [SCRIPT, ...args], {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
        timeout: 60000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The core in-process: output and exit code as the script prints them. */
async function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const status = await runCost(args, {
        out: (text) => (stdout += `${text}\n`),
        err: (text) => (stderr += `${text}\n`),
    });
    return { status, stdout, stderr };
}

function assertNoStackTrace(text: string): void {
    assert.ok(!/^\s+at /m.test(text), text);
}

const EXPORT = {
    version: 3,
    deployment: {
        manifest: { time: "2026-12-07T00:00:00Z", magic: "x", version: "v3" },
        resources: [
            {
                urn: "urn:pulumi:prod::tng::pulumi:pulumi:Stack::tng-prod",
                custom: false,
                type: "pulumi:pulumi:Stack",
                inputs: {},
            },
            {
                urn: "urn:pulumi:prod::tng::tng:network:Network$aws:ec2/eip:Eip::tng-prod-nat-a",
                custom: true,
                type: "aws:ec2/eip:Eip",
                parent: "urn:pulumi:prod::tng::tng:network:Network::tng-prod",
                inputs: { domain: "vpc" },
            },
            {
                urn: "urn:pulumi:prod::tng::aws:dynamodb/table:Table::t",
                custom: true,
                type: "aws:dynamodb/table:Table",
                inputs: {},
            },
        ],
    },
};

describe("npm run cost: arguments and exit codes", async () => {
    let dir: string;
    let exportFile: string;
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-cli-"));
        exportFile = path.join(dir, "prod.json");
        fs.writeFileSync(exportFile, JSON.stringify(EXPORT));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("--help prints the usage with every usage key and exits 0", async () => {
        const r = await run("--help");
        assert.strictEqual(r.status, 0);
        assert.match(
            r.stdout,
            /^usage: npm run cost -- --stack <dev\|prod> \[--json\] \[--usage FILE\] \[--export FILE\]/,
        );
        assert.ok(
            r.stdout.includes(
                "  nat.gbPerGateway (default 10): GB processed a month by each NAT gateway",
            ),
            r.stdout,
        );
    });

    it("--prices prints every price with its source, date read and whether it is verified", async () => {
        const r = await run("--prices");
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(
            r.stdout.includes(
                "rds.extended.y1y2@ap-northeast-1  $0.12 per vCPU-hour  UNVERIFIED  read 2026-12-07  https://aws.amazon.com/rds/postgresql/pricing/",
            ),
            r.stdout,
        );
        assert.ok(
            r.stdout.includes(
                "nat.hour@ap-northeast-1  $0.062 per gateway-hour  verified  read 2026-12-07",
            ),
            r.stdout,
        );
        assert.match(
            r.stdout,
            /\n\d+ prices, \d+ unverified \(verified: confirmed from AWS's own text for that region\)\n$/,
        );
        const mixed = await run("--prices", "--json");
        assert.strictEqual(mixed.status, 2);
        assert.strictEqual(mixed.stderr.split("\n")[0], "cost: --prices takes no other option");
    });

    it("usage mistakes exit 2 with the usage and no stack trace", async () => {
        for (const [args, first] of [
            [[], "cost: give --stack NAME or --export FILE"],
            [["--bogus"], "cost: unknown option --bogus"],
            [["--stack"], "cost: --stack needs a value"],
            [
                ["--stack", "prod", "--date", "7/12/2026"],
                "cost: --date 7/12/2026: give a day as YYYY-MM-DD",
            ],
            [
                ["--stack", "nosuchstack"],
                "cost: no stack file Pulumi.nosuchstack.yaml; stacks: dev, prod",
            ],
        ] as [string[], string][]) {
            const r = await run(...args);
            assert.strictEqual(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
            assert.strictEqual(r.stderr.split("\n")[0], first);
            assert.match(r.stderr, /^[^\n]+\nusage: npm run cost -- --stack <dev\|prod> [^\n]+\n$/);
            assertNoStackTrace(r.stderr);
        }
    });

    it("a usage file with an unknown key or a bad value exits 2 naming the key, before any render", async () => {
        const bad = path.join(dir, "bad.yaml");
        fs.writeFileSync(bad, "nat:\n  gbPerGatway: 3\nalb:\n  averageLcu: -1\n");
        const r = await run("--stack", "prod", "--usage", bad);
        assert.strictEqual(r.status, 2);
        const name = path.relative(PROJECT_ROOT, bad).startsWith("..")
            ? bad
            : path.relative(PROJECT_ROOT, bad);
        assert.strictEqual(
            r.stderr,
            `cost: ${name}: unknown key nat.gbPerGatway (nat keys: gbPerGateway)\n${name}: alb.averageLcu must be a number >= 0 (average load balancer capacity units over the month), got -1\n`,
        );
        const missing = await run("--stack", "prod", "--usage", path.join(dir, "nosuch.yaml"));
        assert.strictEqual(missing.status, 2);
        assert.strictEqual(
            missing.stderr,
            `cost: usage file ${path.join(dir, "nosuch.yaml")}: no such file\n`,
        );
    });

    it("cites a cache report given in the usage file, per behaviour; a missing one exits 2", async () => {
        const report = path.join(dir, "report.json");
        fs.writeFileSync(
            report,
            JSON.stringify({
                total: { requests: 1000, bytes: 0 },
                behaviours: [{ pathPattern: "*", requests: 1000 }],
            }),
        );
        const usage = path.join(dir, "cr.yaml");
        fs.writeFileSync(usage, `cloudfront:\n  cacheReport: ${report}\n  cacheReportDays: 1\n`);
        const r = await run("--export", exportFile, "--usage", usage, "--date", "2026-12-07");
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(
            r.stdout.includes(
                `CloudFront request figures from: npm run cache-report ${report}: 1 behaviours, 1000 requests over 1 day(s), scaled to 30.42 days\n  *: 30417 requests a month\n`,
            ),
            r.stdout,
        );
        fs.rmSync(report);
        const missing = await run("--export", exportFile, "--usage", usage);
        assert.strictEqual(missing.status, 2);
        assert.strictEqual(
            missing.stderr,
            `cost: ${usage}: cloudfront.cacheReport: ${report}: no such file\n`,
        );
    });

    it("a bad --export exits 2 naming the file", async () => {
        const notJson = path.join(dir, "x.json");
        fs.writeFileSync(notJson, "{");
        const cases: [string, RegExp][] = [
            [path.join(dir, "nosuch.json"), /^cost: --export \S+nosuch\.json: no such file\n$/],
            [dir, /^cost: --export \S+ is a folder; give a regular file\n$/],
            [notJson, /^cost: --export \S+x\.json is not valid JSON: /],
        ];
        for (const [file, message] of cases) {
            const r = await run("--export", file);
            assert.strictEqual(r.status, 2, r.stderr);
            assert.match(r.stderr, message);
            assertNoStackTrace(r.stderr);
        }
        const other = await run("--export", exportFile, "--stack", "dev");
        assert.strictEqual(other.status, 2);
        assert.strictEqual(
            other.stderr,
            `cost: --export ${exportFile} is stack prod, not --stack dev\n`,
        );
    });

    it("--export prices an existing export with the stack's usage file; --json has the issue's shape", async () => {
        const r = await run("--export", exportFile, "--json", "--date", "2026-12-07");
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(JSON.parse(r.stdout), {
            currency: "USD",
            total: 3.65,
            resources: [
                {
                    urn: "urn:pulumi:prod::tng::tng:network:Network$aws:ec2/eip:Eip::tng-prod-nat-a",
                    type: "aws:ec2/eip:Eip",
                    monthlyFixed: 3.65,
                    monthlyUsage: 0,
                    notPriced: false,
                    lines: [
                        {
                            price: 0.005,
                            quantity: 730,
                            unit: "IP-hour",
                            source: "https://aws.amazon.com/vpc/pricing/",
                        },
                    ],
                },
                {
                    urn: "urn:pulumi:prod::tng::aws:dynamodb/table:Table::t",
                    type: "aws:dynamodb/table:Table",
                    monthlyFixed: 0,
                    monthlyUsage: 0,
                    notPriced: true,
                    lines: [],
                },
            ],
        });
        const text = await run("--export", exportFile, "--date", "2026-12-07");
        assert.strictEqual(text.status, 0);
        assert.ok(
            text.stdout.includes(
                "not priced: 1 resource(s) (not in the total)\n  1 × aws:dynamodb/table:Table: no price in the table for this type",
            ),
            text.stdout,
        );
        assert.ok(
            text.stdout.includes("       $3.65  tng-prod (tng:network:Network)"),
            text.stdout,
        );
        assert.ok(
            text.stdout.endsWith("total: $3.65 a month (USD, on-demand, 730 h)\n"),
            text.stdout,
        );
    });

    it("reads an export's keys as data: a __proto__ key neither crashes nor pollutes", async () => {
        const file = path.join(dir, "proto.json");
        fs.writeFileSync(
            file,
            JSON.stringify(EXPORT).replace(
                '"inputs":{"domain":"vpc"}',
                '"inputs":{"domain":"vpc","__proto__":{"polluted":true}}',
            ),
        );
        const r = await run("--export", file, "--json", "--date", "2026-12-07");
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual((JSON.parse(r.stdout) as { total: number }).total, 3.65);
        assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
    });

    it("as a process: --help 0, a bad flag 2 with the usage, a FIFO export 2 at once, no stack trace", () => {
        const help = spawnCost("--help");
        assert.strictEqual(help.status, 0, help.stderr);
        assert.match(help.stdout, /^usage: npm run cost -- --stack <dev\|prod> /);
        assert.match(
            help.stdout,
            /\nexit codes: 0 priced, 2 usage, stack file, usage file or export error\n/,
        );
        const bad = spawnCost("--bogus");
        assert.strictEqual(bad.status, 2);
        assert.match(bad.stderr, /^cost: unknown option --bogus\nusage: npm run cost -- [^\n]+\n$/);
        assert.strictEqual(bad.stdout, "");
        const fifo = path.join(dir, "export.fifo");
        execFileSync("mkfifo", [fifo]);
        const r = spawnCost("--export", fifo);
        assert.strictEqual(r.status, 2, r.stderr);
        assert.strictEqual(
            r.stderr,
            `cost: --export ${fifo} is a FIFO (named pipe); give a regular file\n`,
        );
        assert.strictEqual(r.stdout, "");
        assertNoStackTrace(bad.stderr + r.stderr);
    });
});

describe("README: the monthly totals are the tool's", () => {
    it("states the Extended Support rates and dates of the price table", () => {
        const y12 = PRICES["rds.extended.y1y2@ap-northeast-1"].usd.toFixed(2);
        const y3 = PRICES["rds.extended.y3@ap-northeast-1"].usd.toFixed(2);
        const pg13 = extendedSupportCalendar(13);
        const en = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
        assert.ok(
            en.includes(
                `$${y12} per vCPU-hour in years 1–2 from ${pg13.start}, $${y3} in year 3 from ${pg13.year3}`,
            ),
            "README.md Extended Support rates",
        );
        const ja = fs.readFileSync(path.join(PROJECT_ROOT, "README.ja.md"), "utf8");
        assert.ok(
            ja.includes(
                `${pg13.start} からの 1〜2 年目は vCPU 時間あたり $${y12}、${pg13.year3} からの 3 年目は $${y3}`,
            ),
            "README.ja.md Extended Support rates",
        );
    });

    for (const readme of ["README.md", "README.ja.md"]) {
        it(`${readme} shows prod's and dev's totals as npm run cost computes them`, async () => {
            const text = fs.readFileSync(path.join(PROJECT_ROOT, readme), "utf8");
            const block =
                /<!-- cost-totals: date (\d{4}-\d{2}-\d{2}) -->\n([\s\S]*?)<!-- \/cost-totals -->/.exec(
                    text,
                );
            assert.ok(block, `${readme} has a cost-totals block`);
            const date = block[1];
            const rows = [...block[2].matchAll(/^\| (\w+) \| \$([\d,]+\.\d\d) \| (\d+) \|$/gm)];
            assert.deepStrictEqual(rows.map((r) => r[1]).sort(), ["dev", "prod"]);
            for (const [, stack, shown, notPriced] of rows) {
                // Both READMEs price the same renders: each stack is rendered once.
                const resources = toExport(await renderedStack(stack)).deployment.resources;
                const report = estimate(resources, readUsageFile(usageFileOf(stack)), { date });
                const total = shownTotal(report).toLocaleString("en-US", {
                    minimumFractionDigits: 2,
                    maximumFractionDigits: 2,
                });
                assert.strictEqual(
                    shown,
                    total,
                    `${readme} ${stack}: npm run cost -- --stack ${stack} --date ${date} says $${total}`,
                );
                assert.strictEqual(
                    Number(notPriced),
                    report.resources.filter((r) => r.notPriced).length,
                    `${readme} ${stack}: not priced count`,
                );
            }
        });
    }
});
