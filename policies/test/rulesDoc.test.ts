/**
 * policies/RULES.md is the rendering of the pack and its per-stack configs, and every policy
 * carries what the rendering needs: why it exists and at least one public source, resource types
 * (from its validators, or listed for a stack policy), and a description free of private codes.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../rules";
import { resourceTypesOf } from "../rules/helpers";
import { POLICY_SOURCES } from "../rules/sources";
import {
    CONFIG_DIR,
    readStackConfigs,
    renderRulesDoc,
    renderSources,
    resourceTypes,
    RULES_FILE,
    securityHubUrl,
} from "../rulesDoc";
import { PACK_DIR } from "./util";

describe("policies/RULES.md", () => {
    it("equals the rendering of the pack and policies/config/*.json (npm run rules-doc)", () => {
        const expected = renderRulesDoc(readStackConfigs(path.join(PACK_DIR, CONFIG_DIR)));
        const actual = fs.readFileSync(path.join(PACK_DIR, RULES_FILE), "utf8");
        assert.ok(actual === expected, `policies/${RULES_FILE} is out of date: npm run rules-doc`);
    });

    it("has one row per policy, in pack order, with a column per stack config", () => {
        const configs = readStackConfigs(path.join(PACK_DIR, CONFIG_DIR));
        const stacks = fs
            .readdirSync(path.join(PACK_DIR, CONFIG_DIR))
            .filter((f) => f.endsWith(".json"))
            .map((f) => f.slice(0, -".json".length))
            .sort();
        assert.deepStrictEqual(Object.keys(configs), stacks);
        const text = renderRulesDoc(configs);
        const rows = text.split("\n").filter((l) => /^\| `[a-z0-9-]+` \|/.test(l));
        assert.deepStrictEqual(
            rows.map((r) => /^\| `([a-z0-9-]+)`/.exec(r)?.[1]),
            policies.map((p) => p.name),
        );
        const headers = text.split("\n").filter((l) => l.startsWith("| Policy |"));
        for (const h of headers) {
            assert.strictEqual(
                h,
                `| Policy | Default | ${stacks.map((s) => `${s} | `).join("")}Resource types | Checks | Why | Sources |`,
            );
        }
    });

    it("renders a stack's levels: bold when changed, parameters, · when the stack keeps the default", () => {
        const text = renderRulesDoc({
            only: {
                "rds-multi-az": "disabled",
                "rds-backup-retention": { enforcementLevel: "mandatory", minDays: 14 },
                "cloudwatch-log-group-retention": { minDays: 30 },
            },
        });
        const row = (name: string) =>
            text
                .split("\n")
                .find((l) => l.startsWith(`| \`${name}\` |`))
                ?.split(" | ")
                .slice(1, 3);
        assert.deepStrictEqual(row("rds-multi-az"), ["advisory", "**disabled**"]);
        assert.deepStrictEqual(row("rds-backup-retention"), [
            "advisory (minDays 7)",
            "**mandatory** (minDays 14)",
        ]);
        assert.deepStrictEqual(row("cloudwatch-log-group-retention"), [
            "advisory (minDays 365)",
            "advisory (minDays 30)",
        ]);
        assert.deepStrictEqual(row("kms-key-rotation"), ["mandatory", "·"]);
    });

    it("links Security Hub controls to their section of the user guide", () => {
        assert.strictEqual(
            securityHubUrl("EC2.6"),
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6",
        );
        assert.strictEqual(
            securityHubUrl("SecretsManager.4"),
            "https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-4",
        );
        assert.throws(() => securityHubUrl("CKV_AWS_1"), /not a Security Hub control id/);
    });
});

describe("policy sources (policies/rules/sources.ts)", () => {
    it("has exactly one entry per policy", () => {
        assert.deepStrictEqual(
            Object.keys(POLICY_SOURCES).sort(),
            policies.map((p) => p.name).sort(),
        );
    });

    for (const policy of policies) {
        describe(policy.name, () => {
            const source = POLICY_SOURCES[policy.name];

            it("says why, and names at least one public source", () => {
                assert.ok(source.why.trim().length > 0);
                assert.match(source.why, /[.]$/);
                assert.ok(renderSources(source).length > 0, "no source");
                for (const url of source.docs ?? []) {
                    assert.match(
                        url,
                        /^https:\/\/(docs\.aws\.amazon\.com|github\.com|www\.pulumi\.com)\//,
                    );
                }
            });

            it("has resource types: from its validators, or listed for a stack policy", () => {
                if ("validateStack" in policy) {
                    assert.ok(
                        (source.resources ?? []).length > 0,
                        "a stack policy lists its types",
                    );
                } else {
                    assert.strictEqual(source.resources, undefined, "types come from validators");
                    assert.ok(policy.validateResource !== undefined);
                    assert.ok((resourceTypesOf(policy.validateResource) ?? []).length > 0);
                }
                const types = resourceTypes(policy);
                assert.ok(types.length > 0);
                assert.strictEqual(new Set(types).size, types.length, "duplicate type");
            });

            it("has a description without research-table codes", () => {
                assert.doesNotMatch(
                    policy.description,
                    /\((?:[A-Z]{1,2}\d+|[A-Z]\w*-\w+)(?:, [^)]*)?\)/,
                );
                assert.match(policy.description, /\.$/);
            });
        });
    }
});
