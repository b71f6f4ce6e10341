/**
 * The usage files (cost/<stack>.yaml): validated like the stack files — an unknown section or key
 * and a bad value are each reported naming the file and the key, all at once.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    defaultUsage,
    parseUsage,
    readUsageFile,
    USAGE_SCHEMA,
    UsageFileError,
    usageFileOf,
} from "../../cost/usage";
import { listStacks } from "../../offline/stackFiles";

function problems(doc: unknown): string {
    try {
        parseUsage(doc, "cost/x.yaml");
    } catch (e) {
        assert.ok(e instanceof UsageFileError, String(e));
        return e.message;
    }
    assert.fail("no problem reported");
}

describe("cost usage files", () => {
    it("every key has a default; an empty file or no section uses them all", () => {
        assert.deepStrictEqual(parseUsage(null, "x"), defaultUsage());
        assert.deepStrictEqual(parseUsage({}, "x"), defaultUsage());
        for (const [k, v] of Object.entries(USAGE_SCHEMA)) {
            assert.ok(v.doc.length > 10, `${k} is documented`);
        }
    });

    it("takes the file's values over the defaults", () => {
        const u = parseUsage(
            {
                nat: { gbPerGateway: 30 },
                cloudfront: { requestsSource: "cache-report 2026-12-01" },
            },
            "x",
        );
        assert.strictEqual(u["nat.gbPerGateway"], 30);
        assert.strictEqual(u["cloudfront.requestsSource"], "cache-report 2026-12-01");
        assert.strictEqual(u["alb.averageLcu"], USAGE_SCHEMA["alb.averageLcu"].default);
    });

    it("names an unknown section, an unknown key and each bad value, all at once", () => {
        assert.strictEqual(
            problems({
                nats: { gbPerGateway: 1 },
                nat: { gb: 1, gbPerGateway: -1 },
                cloudfront: { requestsMillions: "ten", requestsSource: 3 },
            }),
            [
                "cost/x.yaml: unknown section nats (sections: fargate, rds, elasticacheServerless, nat, endpoints, alb, cloudfront, waf, kms, secretsManager, logs, cloudtrail, guardduty, securityHub, config, s3, ecr, stepFunctions, eventbridge, sns)",
                "cost/x.yaml: unknown key nat.gb (nat keys: gbPerGateway)",
                "cost/x.yaml: nat.gbPerGateway must be a number >= 0 (GB processed a month by each NAT gateway), got -1",
                'cost/x.yaml: cloudfront.requestsMillions must be a number >= 0 (million HTTPS requests a month), got "ten"',
                "cost/x.yaml: cloudfront.requestsSource must be a string, got 3",
            ].join("\n"),
        );
        assert.strictEqual(
            problems({ nat: [1] }),
            "cost/x.yaml: nat must be a mapping of gbPerGateway",
        );
        assert.strictEqual(
            problems({ nat: { gbPerGateway: null } }),
            "cost/x.yaml: nat.gbPerGateway must be a number >= 0 (GB processed a month by each NAT gateway), got null",
        );
        assert.match(problems([1]), /^cost\/x\.yaml: must be a mapping of sections \(fargate, /);
    });

    it("reads only a regular file, and names a YAML error's line", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-usage-"));
        try {
            assert.throws(
                () => readUsageFile(path.join(dir, "nosuch.yaml")),
                (e: Error) =>
                    e instanceof UsageFileError &&
                    e.message === `usage file ${path.join(dir, "nosuch.yaml")}: no such file`,
            );
            assert.throws(
                () => readUsageFile(dir),
                (e: Error) =>
                    e instanceof UsageFileError &&
                    e.message === `usage file ${dir} is a folder; give a regular file`,
            );
            const fifo = path.join(dir, "usage.fifo");
            execFileSync("mkfifo", [fifo]);
            assert.throws(
                () => readUsageFile(fifo),
                (e: Error) =>
                    e instanceof UsageFileError &&
                    e.message === `usage file ${fifo} is a FIFO (named pipe); give a regular file`,
            );
            const bad = path.join(dir, "bad.yaml");
            fs.writeFileSync(bad, "nat:\n  gbPerGateway: [1\n");
            assert.throws(
                () => readUsageFile(bad),
                (e: Error) =>
                    e instanceof UsageFileError &&
                    /bad\.yaml:\d+:\d+: invalid YAML/.test(e.message),
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("each stack has a usage file, and it is valid", () => {
        for (const stack of listStacks()) {
            assert.ok(fs.existsSync(usageFileOf(stack)), `cost/${stack}.yaml`);
            readUsageFile(usageFileOf(stack));
        }
    });
});
