/**
 * Issue 18: every stack-file edit that used to pass settings, synth and the prod pack while
 * weakening prod now stops `npm run synth -- --stack prod`, naming the key (settings) or the
 * policy (a mandatory violation of the pack under policies/config/prod.json). The edits are
 * applied in-process to a copy of Pulumi.prod.yaml's config: settings problems throw before any
 * resource is registered, and the edits the pack catches are rendered together in two synths (each
 * edit touches different resources, and the unedited prod render has none of these findings).
 * dev keeps the same rules as advisories: its accepted findings are listed exactly.
 *
 * What this cannot prove: that the Pulumi CLI passes the default `pulumi:providers:aws` to the
 * pack in a real preview (policies/test/invariants.test.ts checks the rule on such resources).
 */
import * as assert from "assert";
import * as path from "path";
import { evaluateResources, loadPolicyConfig, readExport, Violation } from "../policies/evaluate";
import { PROJECT_ROOT, readStackConfig, StackConfig } from "../offline/stackFiles";
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../offline/mocks";
import { standIns, synthesize, toExport } from "../offline/synth";
import { loadSettings, renderingOffline, SettingsError } from "../stacks/settings";
import { renderedStack } from "./harness";

type Json = Record<string, unknown>;

/** A copy of prod's config with `tng:<key>` (a structured setting) changed by `mutate`. */
function editTng(base: StackConfig, key: string, mutate: (value: Json) => void): StackConfig {
    const full = `tng:${key}`;
    const value = JSON.parse(base.config[full] ?? "{}") as Json;
    mutate(value);
    return { ...base, config: { ...base.config, [full]: JSON.stringify(value) } };
}

/** Applies several edits in turn. */
function editAll(base: StackConfig, edits: ((c: StackConfig) => StackConfig)[]): StackConfig {
    return edits.reduce((c, e) => e(c), base);
}

/**
 * The problems a synth of `config` is refused with: what the synth does before the program's
 * first resource (the stand-ins for unset secrets, the mocks, the runtime config), then the
 * program's first call, loadSettings(). (A synthesize() whose program throws also leaves the
 * stack's output promises rejected, which mocha would report as uncaught.)
 */
async function settingsProblems(stack: string, config: StackConfig): Promise<readonly string[]> {
    const read = standIns(config, "tng", stack);
    await installMocks("tng", stack);
    pulumi.runtime.setAllConfig(read.config, read.secretKeys);
    renderingOffline(true);
    try {
        loadSettings();
    } catch (e) {
        if (e instanceof SettingsError) {
            return e.problems;
        }
        throw e;
    } finally {
        renderingOffline(false);
    }
    assert.fail("expected the settings to refuse the config");
}

/**
 * The pack's findings on a render of `config` (default: the stack file's, rendered once per mocha
 * process) under the stack's policy config.
 */
async function findings(stack: string, config?: StackConfig): Promise<Violation[]> {
    const result = config ? await synthesize(stack, { config }) : await renderedStack(stack);
    return evaluateResources(
        readExport(toExport(result)),
        loadPolicyConfig(path.join(PROJECT_ROOT, "policies", "config", `${stack}.json`)),
    );
}

/** `policy: message` of each definite finding at `level`, sorted. */
function lines(all: Violation[], level: "mandatory" | "advisory", names?: string[]): string[] {
    return all
        .filter((v) => !v.couldNotCheck && v.enforcementLevel === level)
        .filter((v) => names === undefined || names.includes(v.policyName))
        .map((v) => `${v.policyName}: ${v.message}`)
        .sort();
}

/** The policies of issue 18 (and the existing ones prod now makes mandatory). */
const INVARIANTS = [
    "guardduty-enabled",
    "securityhub-enabled",
    "guardduty-finding-severity",
    "audit-retention-floor",
    "rds-postgres-protocol-floors",
    "waf-rate-limit-bounds",
    "waf-exemption-not-everything",
    "ecs-image-provenance",
    "secret-not-generated",
    "alert-recipient-domains",
    "nat-gateway-multi-az",
    "aws-provider-hygiene",
    "elasticache-multi-az",
    "cloudsearch-multi-az",
    "appautoscaling-target-capacity",
    "cloudwatch-log-group-retention",
];

describe("stack-file edits that weaken prod stop the prod synth", function () {
    this.timeout(120000);
    let prod: StackConfig;
    before(() => {
        prod = readStackConfig("prod");
    });

    it("the unedited prod stack has no finding of these policies at all", async () => {
        const all = await findings("prod");
        assert.deepStrictEqual(lines(all, "mandatory"), []);
        assert.deepStrictEqual(lines(all, "advisory", INVARIANTS), []);
    });

    describe("refused by the settings, naming the key", () => {
        const cases: [string, (c: StackConfig) => StackConfig, string][] = [
            [
                "aws:insecure: true",
                (c) => ({ ...c, config: { ...c.config, "aws:insecure": "true" } }),
                'aws:insecure is not an allowed provider setting; the stack file may set only aws:region, aws:defaultTags, aws:allowedAccountIds (README, "Stack settings")',
            ],
            [
                "aws:endpoints",
                (c) => ({
                    ...c,
                    config: {
                        ...c.config,
                        "aws:endpoints": JSON.stringify([{ s3: "https://s3.attacker.example" }]),
                    },
                }),
                'aws:endpoints is not an allowed provider setting; the stack file may set only aws:region, aws:defaultTags, aws:allowedAccountIds (README, "Stack settings")',
            ],
            [
                "aws:skipCredentialsValidation: true",
                (c) => ({
                    ...c,
                    config: { ...c.config, "aws:skipCredentialsValidation": "true" },
                }),
                'aws:skipCredentialsValidation is not an allowed provider setting; the stack file may set only aws:region, aws:defaultTags, aws:allowedAccountIds (README, "Stack settings")',
            ],
            [
                "aws:assumeRoles into another account",
                (c) => ({
                    ...c,
                    config: {
                        ...c.config,
                        "aws:assumeRoles": JSON.stringify([
                            { roleArn: "arn:aws:iam::999999999999:role/elsewhere" },
                        ]),
                    },
                }),
                'aws:assumeRoles is not an allowed provider setting; the stack file may set only aws:region, aws:defaultTags, aws:allowedAccountIds (README, "Stack settings")',
            ],
            [
                "a foreign config namespace",
                (c) => ({ ...c, config: { ...c.config, "other:token": "x" } }),
                'other:token: the config namespace "other" is not read by this program; only tng:, aws:, pulumi: keys are allowed (remove it with pulumi config rm other:token)',
            ],
            [
                "a secure: value inside tng:database (config set --secret --path)",
                (c) => ({
                    ...editTng(c, "database", (d) => {
                        (d.parameters as Json).application_name = "[secret]";
                    }),
                    secretKeys: [...c.secretKeys, "tng:database"],
                }),
                "tng:database holds a secret (secure:) value, but it is not a secret setting: the program would copy it as plaintext into resource inputs and the state. Only tng:senderUsername, tng:senderPassword, tng:senderDomain, tng:facebookAppId, tng:facebookAppSecret, tng:twitterConsumerKey, tng:twitterConsumerSecret, tng:secretKeyBase may be secret",
            ],
        ];
        for (const [title, edit, message] of cases) {
            it(title, async () => {
                assert.deepStrictEqual(await settingsProblems("prod", edit(prod)), [message]);
            });
        }
    });

    describe("refused by the prod pack (mandatory), naming the policy", () => {
        let group1: Violation[];
        let group2: Violation[];
        before(async () => {
            group1 = await findings(
                "prod",
                editAll(prod, [
                    (c) =>
                        editTng(c, "security", (s) => {
                            s.guardDuty = "off";
                            s.securityHub = "off";
                            // The CIS subscription needs the hub (a settings rule): off with it.
                            s.cisStandard = false;
                        }),
                    (c) =>
                        editTng(c, "audit", (a) => {
                            a.retentionDays = 1;
                            a.minRetentionDays = 1;
                        }),
                    (c) =>
                        editTng(c, "database", (d) => {
                            d.parameters = {
                                ssl_min_protocol_version: "TLSv1",
                                password_encryption: "md5",
                            };
                        }),
                    (c) =>
                        editTng(c, "edge", (e) => {
                            e.rateLimit = 2000000000;
                            e.uploadPaths = ["/*"];
                        }),
                    (c) =>
                        editTng(c, "service", (s) => {
                            s.image = "docker.io/someone/rails:latest";
                            s.generateSecretKeyBase = true;
                            s.minTasks = 1;
                        }),
                    (c) => ({ ...c, config: { ...c.config, "tng:logRetentionDays": "1" } }),
                    (c) => editTng(c, "cache", (x) => (x.nodeCount = 1)),
                    (c) => editTng(c, "search", (x) => (x.multiAz = false)),
                    (c) => editTng(c, "network", (x) => (x.natGateways = "single")),
                    (c) => editTng(c, "alerts", (x) => (x.emails = ["ops@attacker.example.net"])),
                ]),
            );
            group2 = await findings(
                "prod",
                editAll(prod, [
                    (c) => editTng(c, "security", (s) => (s.findingSeverity = 10)),
                    (c) => editTng(c, "edge", (e) => (e.uploadPaths = ["/"])),
                ]),
            );
        });

        const policiesOf = (all: Violation[]) =>
            [...new Set(lines(all, "mandatory").map((l) => l.split(":")[0]))].sort();

        it("each edit of the first render yields its policy, and only these", () => {
            assert.deepStrictEqual(policiesOf(group1), [
                "alert-recipient-domains",
                "appautoscaling-target-capacity",
                "audit-retention-floor",
                "cloudsearch-multi-az",
                "cloudwatch-log-group-retention",
                "ecs-image-provenance",
                "elasticache-multi-az",
                "guardduty-enabled",
                "nat-gateway-multi-az",
                "rds-postgres-protocol-floors",
                "secret-not-generated",
                "securityhub-enabled",
                "waf-exemption-not-everything",
                "waf-rate-limit-bounds",
            ]);
        });

        it("GuardDuty and Security Hub off", () => {
            assert.deepStrictEqual(
                lines(group1, "mandatory", ["guardduty-enabled", "securityhub-enabled"]),
                [
                    "guardduty-enabled: GuardDuty must be on: the stack has no aws.guardduty.Detector (create one or adopt the account's with import).",
                    "securityhub-enabled: Security Hub must be on: the stack has no aws.securityhub.Account (create one or adopt the account's with import).",
                ],
            );
        });

        it("audit retention and its floor both cut to 1 day (the floor is in the policy config)", () => {
            assert.deepStrictEqual(lines(group1, "mandatory", ["audit-retention-floor"]), [
                "audit-retention-floor: CloudTrail bucket lifecycle must not expire objects before 365 days (rules[0].expiration.days is 1).",
                "audit-retention-floor: CloudTrail bucket must have an Object Lock default retention of at least 365 days (got 1).",
            ]);
        });

        it("ssl_min_protocol_version TLSv1 and password_encryption md5", () => {
            assert.deepStrictEqual(lines(group1, "mandatory", ["rds-postgres-protocol-floors"]), [
                "rds-postgres-protocol-floors: PostgreSQL parameter group must set password_encryption to scram-sha-256 (got md5).",
                "rds-postgres-protocol-floors: PostgreSQL parameter group must set ssl_min_protocol_version to TLSv1.2 or TLSv1.3 (got TLSv1).",
            ]);
        });

        it("edge.rateLimit 2000000000 and uploadPaths [/*]", () => {
            assert.deepStrictEqual(
                lines(group1, "mandatory", [
                    "waf-rate-limit-bounds",
                    "waf-exemption-not-everything",
                ]),
                [
                    "waf-exemption-not-everything: WAF rule OversizeBodyOutsideUploadPaths must not exempt every path: its notStatement matches every URI path, so the rule matches nothing.",
                    "waf-rate-limit-bounds: WAF rate-based rule RateLimitPerIp must set limit between 100 and 10000 (got 2000000000).",
                ],
            );
        });

        it("a public, mutable image", () => {
            assert.deepStrictEqual(
                lines(group1, "mandatory", ["ecs-image-provenance"]),
                // web, migrate and reindex
                Array<string>(3).fill(
                    "ecs-image-provenance: ECS container rails must use an image from this stack's ECR repository or pinned by digest (got docker.io/someone/rails:latest).",
                ),
            );
        });

        it("a generated SECRET_KEY_BASE", () => {
            assert.deepStrictEqual(lines(group1, "mandatory", ["secret-not-generated"]), [
                "secret-not-generated: Secrets Manager secret version must not hold a generated value (secretString comes from random:index/randomPassword:RandomPassword tng-prod-rails-secret-key-base): set the secret from config.",
            ]);
        });

        it("alert e-mail outside the configured domains", () => {
            assert.deepStrictEqual(lines(group1, "mandatory", ["alert-recipient-domains"]), [
                "alert-recipient-domains: SNS e-mail subscription must send to example.jp (got ops@attacker.example.net).",
                "alert-recipient-domains: SNS e-mail subscription must send to example.jp (got ops@attacker.example.net).",
            ]);
        });

        it("logRetentionDays 1 and single-AZ tiers", () => {
            const found = lines(group1, "mandatory", [
                "cloudwatch-log-group-retention",
                "elasticache-multi-az",
                "cloudsearch-multi-az",
                "nat-gateway-multi-az",
                "appautoscaling-target-capacity",
            ]);
            assert.ok(
                found.includes(
                    "nat-gateway-multi-az: NAT gateways must cover every availability zone of the stack's subnets: none in ap-northeast-1c, ap-northeast-1d.",
                ),
                found.join("\n"),
            );
            for (const name of [
                "cloudwatch-log-group-retention",
                "elasticache-multi-az",
                "cloudsearch-multi-az",
                "appautoscaling-target-capacity",
            ]) {
                assert.ok(
                    found.some((l) => l.startsWith(`${name}: `)),
                    `${name} missing:\n${found.join("\n")}`,
                );
            }
        });

        it("security.findingSeverity 10, and an upload exemption of /", () => {
            assert.deepStrictEqual(lines(group2, "mandatory"), [
                "guardduty-finding-severity: GuardDuty findings rule must forward every severity from 7 up (eventPattern drops severity 7, 8, 8.9, 9).",
                "waf-exemption-not-everything: WAF rule OversizeBodyOutsideUploadPaths must not exempt every path: its notStatement matches every URI path, so the rule matches nothing.",
            ]);
        });
    });

    it("dev keeps the invariants it does not meet as advisories (its accepted findings)", async () => {
        const all = await findings("dev");
        assert.deepStrictEqual(lines(all, "mandatory"), []);
        assert.deepStrictEqual(lines(all, "advisory", INVARIANTS), [
            "guardduty-enabled: GuardDuty must be on: the stack has no aws.guardduty.Detector (create one or adopt the account's with import).",
            "nat-gateway-multi-az: NAT gateways must cover every availability zone of the stack's subnets: none in ap-northeast-1c.",
            "secret-not-generated: Secrets Manager secret version must not hold a generated value (secretString comes from random:index/randomPassword:RandomPassword tng-dev-rails-secret-key-base): set the secret from config.",
            "securityhub-enabled: Security Hub must be on: the stack has no aws.securityhub.Account (create one or adopt the account's with import).",
        ]);
    });
});
