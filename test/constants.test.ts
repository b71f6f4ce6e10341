/**
 * Helpers and constants with one home each (issue 24 §3): Pulumi's wire signatures
 * (sdk/internals.ts; the policy pack, a package of its own, keeps a copy checked here), the
 * service-role trust policy (components/security/trustPolicy.ts), and the shared values and
 * patterns (components/patterns.ts).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ecsTasksTrustPolicy } from "../components/app/appIdentity";
import { ONE_YEAR as EDGE_ONE_YEAR } from "../components/edge/edgeDistribution";
import {
    AVAILABILITY_ZONE_PATTERN,
    EMAIL_PATTERN,
    ONE_YEAR,
    REGION_PATTERN,
} from "../components/patterns";
import { serviceTrustPolicy } from "../components/security/trustPolicy";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { UNKNOWN_VALUE, WIRE_SIGNATURES } from "../sdk/internals";

/** The string constants a source file defines (`const NAME = "value";`). */
function stringConstants(file: string): Map<string, string> {
    const text = fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
    return new Map(
        [...text.matchAll(/^(?:export )?const (\w+) = "([^"]*)";$/gm)].map((m) => [m[1], m[2]]),
    );
}

describe("one home for each helper and constant", () => {
    it("policies/evaluate.ts's copy of the secret signature equals sdk/internals.ts's", () => {
        // The pack is its own package (policies/package.json) and keeps its own copy.
        const pack = stringConstants("policies/evaluate.ts");
        assert.strictEqual(pack.get("SECRET_SIG_KEY"), WIRE_SIGNATURES.key);
        assert.strictEqual(pack.get("SECRET_SIG_VALUE"), WIRE_SIGNATURES.secret);
    });

    it("offline/ reads the wire signatures from sdk/internals.ts, or a copy equal to them", () => {
        const sigs = new Set<string>(Object.values(WIRE_SIGNATURES));
        for (const file of fs.readdirSync(path.join(PROJECT_ROOT, "offline"))) {
            if (!file.endsWith(".ts")) {
                continue;
            }
            for (const [name, value] of stringConstants(path.join("offline", file))) {
                if (/^[0-9a-f]{32}$/.test(value)) {
                    assert.ok(sigs.has(value), `offline/${file} ${name} is no wire signature`);
                }
            }
        }
    });

    it("the policy pack's unknown sentinels include sdk/internals.ts's UNKNOWN_VALUE", () => {
        const text = fs.readFileSync(
            path.join(PROJECT_ROOT, "policies", "rules", "helpers.ts"),
            "utf8",
        );
        assert.ok(
            text.includes(`"${UNKNOWN_VALUE}",`),
            "policies/rules/helpers.ts UNKNOWN_SENTINELS",
        );
    });

    it("outside sdk/internals.ts and the policy pack, no code copies a wire signature or the unknown sentinel", () => {
        // offline/plan.ts once kept copies; every tool and the program now import sdk/internals.ts.
        const values = [...Object.values(WIRE_SIGNATURES), UNKNOWN_VALUE];
        const sources = (dir: string): string[] =>
            fs
                .readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true })
                .flatMap((e) =>
                    e.isDirectory()
                        ? e.name === "node_modules"
                            ? []
                            : sources(path.join(dir, e.name))
                        : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")
                          ? [path.join(dir, e.name)]
                          : [],
                );
        const files = [
            "index.ts",
            ...[
                "offline",
                "scripts",
                "survey",
                "cost",
                "lib",
                "stacks",
                "components",
                "sdk",
            ].flatMap(sources),
        ].filter((f) => f !== path.join("sdk", "internals.ts"));
        assert.ok(files.includes(path.join("offline", "plan.ts")), files.join());
        const copies: string[] = [];
        for (const file of files) {
            const lines = fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8").split("\n");
            lines.forEach((line, i) => {
                // Comments may quote a value to explain the wire format; code may not.
                const code = line.trim();
                if (code.startsWith("*") || code.startsWith("//") || code.startsWith("/*")) {
                    return;
                }
                for (const v of values) {
                    if (line.includes(v)) {
                        copies.push(`${file}:${i + 1}: ${v}`);
                    }
                }
            });
        }
        assert.deepStrictEqual(copies, []);
    });

    it("serviceTrustPolicy: the service, sts:AssumeRole, this account only", () => {
        assert.deepStrictEqual(
            JSON.parse(serviceTrustPolicy("states.amazonaws.com", "123456789012")),
            {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "states.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
                    },
                ],
            },
        );
        assert.deepStrictEqual(
            JSON.parse(
                serviceTrustPolicy("cloudtrail.amazonaws.com", "123456789012", {
                    sid: "Trail",
                    sourceArn: "arn:aws:cloudtrail:ap-northeast-1:123456789012:trail/*",
                }),
            ).Statement,
            [
                {
                    Sid: "Trail",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": "123456789012" },
                        ArnLike: {
                            "aws:SourceArn":
                                "arn:aws:cloudtrail:ap-northeast-1:123456789012:trail/*",
                        },
                    },
                },
            ],
        );
        // The same bytes as before the helper (the plan compares the JSON string).
        assert.strictEqual(
            ecsTasksTrustPolicy("123456789012"),
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}',
        );
    });

    it("ONE_YEAR and the region, zone and e-mail patterns", () => {
        assert.strictEqual(ONE_YEAR, 365 * 24 * 60 * 60);
        assert.strictEqual(EDGE_ONE_YEAR, ONE_YEAR);
        for (const r of ["ap-northeast-1", "us-east-1", "us-gov-west-1", "eu-central-2"]) {
            assert.ok(REGION_PATTERN.test(r), r);
            assert.ok(AVAILABILITY_ZONE_PATTERN.test(`${r}a`), r);
            assert.ok(!AVAILABILITY_ZONE_PATTERN.test(r), r);
        }
        for (const r of ["ap-northeast-1a", "AP-NORTHEAST-1", "apnortheast1", "ap-northeast", ""]) {
            assert.ok(!REGION_PATTERN.test(r), r);
        }
        assert.ok(EMAIL_PATTERN.test("ops@tng.example.jp"));
        for (const e of ["ops@tng", "ops tng@example.jp", "@example.jp", "ops@@example.jp", ""]) {
            assert.ok(!EMAIL_PATTERN.test(e), e);
        }
    });
});
