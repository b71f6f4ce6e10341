/**
 * WebAcl under mocks: the rules WAF is asked for (priorities, actions, overrides, the rate
 * statement), where the ACL lives, and its logging. Mocks cannot prove WAF's WCU accounting or
 * that the label rule sees CommonRuleSet's label; they prove the exact request.
 */
import * as assert from "assert";
import {
    uploadPathRegex,
    OVERSIZE_BODY_LABEL,
    uploadPrefix,
    validateWebAclSettings,
    WebAcl,
    WebAclArgs,
    webAclRules,
} from "../components/edge/webAcl";
import { ResourceRecorder } from "../offline/mocks";
import { policyStatements, record, unwrap } from "./harness";

const ACCOUNT = "123456789012";
const ACL = "aws:wafv2/webAcl:WebAcl";
const LOG_GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:aws-waf-logs-w`;

function args(over: Partial<WebAclArgs> = {}): WebAclArgs {
    return {
        rateLimit: 2000,
        rateLimitWindowSeconds: 300,
        uploadPaths: [],
        logRetentionDays: 365,
        accountId: ACCOUNT,
        ...over,
    };
}

const metrics = (metricName: string) => ({
    cloudwatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName,
});

function managed(name: string, priority: number, overrides?: unknown) {
    return {
        name,
        priority,
        overrideAction: { none: {} },
        statement: {
            managedRuleGroupStatement: {
                vendorName: "AWS",
                name,
                ...(overrides ? { ruleActionOverrides: overrides } : {}),
            },
        },
        visibilityConfig: metrics(`w-${name}`),
    };
}

const RATE_RULE = {
    name: "RateLimitPerIp",
    priority: 0,
    action: { block: {} },
    statement: {
        rateBasedStatement: { limit: 2000, evaluationWindowSec: 300, aggregateKeyType: "IP" },
    },
    visibilityConfig: metrics("w-RateLimitPerIp"),
};

function startsWith(path: string) {
    return {
        byteMatchStatement: {
            fieldToMatch: { uriPath: {} },
            positionalConstraint: "STARTS_WITH",
            searchString: path,
            textTransformations: [{ priority: 0, type: "NONE" }],
        },
    };
}

describe("WebAcl", () => {
    describe("without upload paths", () => {
        let rec: ResourceRecorder;
        let waf: WebAcl;
        before(async () => {
            ({ recorder: rec, value: waf } = await record(() => new WebAcl("w", args())));
        });

        it("creates exactly these children", () => {
            assert.deepStrictEqual(rec.countsByType(), {
                "aws:cloudwatch/logGroup:LogGroup": 1,
                "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": 1,
                "aws:kms/key:Key": 1,
                "aws:wafv2/webAcl:WebAcl": 1,
                "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": 1,
                "tng:edge:WebAcl": 1,
            });
        });

        it("is a CLOUDFRONT ACL in us-east-1 that allows by default, with metrics on", () => {
            const acl = rec.get(ACL, "w-acl").inputs;
            assert.strictEqual(acl.scope, "CLOUDFRONT");
            assert.strictEqual(acl.region, "us-east-1");
            assert.deepStrictEqual(acl.defaultAction, { allow: {} });
            assert.deepStrictEqual(acl.visibilityConfig, metrics("w"));
        });

        it("rate-limits per IP first, then the four managed groups, body-size rule untouched", () => {
            assert.deepStrictEqual(rec.get(ACL, "w-acl").inputs.rules, [
                RATE_RULE,
                managed("AWSManagedRulesAmazonIpReputationList", 1),
                managed("AWSManagedRulesCommonRuleSet", 2),
                managed("AWSManagedRulesKnownBadInputsRuleSet", 4),
                managed("AWSManagedRulesSQLiRuleSet", 5),
            ]);
        });

        it("logs to aws-waf-logs-<name> in us-east-1, encrypted with a rotated us-east-1 key", () => {
            const group = rec.get("aws:cloudwatch/logGroup:LogGroup", "w-logs").inputs;
            assert.deepStrictEqual(group, {
                region: "us-east-1",
                name: "aws-waf-logs-w",
                retentionInDays: 365,
                kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/w-log-key-key-id`,
            });
            const key = rec.get("aws:kms/key:Key", "w-log-key").inputs;
            assert.strictEqual(key.region, "us-east-1");
            assert.strictEqual(key.enableKeyRotation, true);
            assert.strictEqual(key.deletionWindowInDays, 30);
            assert.deepStrictEqual(policyStatements(key.policy), [
                {
                    Sid: "AccountAdministers",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                    Action: "kms:*",
                    Resource: "*",
                },
                {
                    Sid: "CloudWatchLogsEncryptWafLogs",
                    Effect: "Allow",
                    Principal: { Service: "logs.us-east-1.amazonaws.com" },
                    Action: [
                        "kms:Encrypt*",
                        "kms:Decrypt*",
                        "kms:ReEncrypt*",
                        "kms:GenerateDataKey*",
                        "kms:DescribeKey",
                    ],
                    Resource: "*",
                    Condition: {
                        ArnEquals: { "kms:EncryptionContext:aws:logs:arn": LOG_GROUP_ARN },
                    },
                },
            ]);
        });

        it("grants log delivery on that group only, for this account", () => {
            const policy = rec.get(
                "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
                "w-log-delivery",
            ).inputs;
            assert.strictEqual(policy.region, "us-east-1");
            assert.strictEqual(policy.policyName, "w-waf-log-delivery");
            assert.deepStrictEqual(policyStatements(policy.policyDocument), [
                {
                    Sid: "WafLogDelivery",
                    Effect: "Allow",
                    Principal: { Service: "delivery.logs.amazonaws.com" },
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `${LOG_GROUP_ARN}:log-stream:*`,
                    Condition: {
                        StringEquals: { "aws:SourceAccount": ACCOUNT },
                        ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
                    },
                },
            ]);
        });

        it("attaches logging to the ACL with Authorization and Cookie redacted", async () => {
            assert.deepStrictEqual(
                rec.get(
                    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
                    "w-logging",
                ).inputs,
                {
                    region: "us-east-1",
                    resourceArn: await unwrap(waf.arn),
                    logDestinationConfigs: [LOG_GROUP_ARN],
                    redactedFields: [
                        { singleHeader: { name: "authorization" } },
                        { singleHeader: { name: "cookie" } },
                    ],
                },
            );
            assert.strictEqual(
                await unwrap(waf.arn),
                `arn:aws:wafv2:us-east-1:${ACCOUNT}:wafv2/w-acl`,
            );
            assert.strictEqual(await unwrap(waf.logGroupName), "aws-waf-logs-w");
        });
    });

    describe("with two upload paths", () => {
        let rec: ResourceRecorder;
        before(async () => {
            ({ recorder: rec } = await record(
                () =>
                    new WebAcl(
                        "w",
                        args({
                            uploadPaths: ["/admin/uploads", "/api/media/*"],
                            rateLimit: 500,
                            rateLimitWindowSeconds: 60,
                        }),
                    ),
            ));
        });

        it("counts oversize bodies in CommonRuleSet and blocks them outside the upload paths", () => {
            assert.deepStrictEqual(rec.get(ACL, "w-acl").inputs.rules, [
                {
                    ...RATE_RULE,
                    statement: {
                        rateBasedStatement: {
                            limit: 500,
                            evaluationWindowSec: 60,
                            aggregateKeyType: "IP",
                        },
                    },
                },
                managed("AWSManagedRulesAmazonIpReputationList", 1),
                managed("AWSManagedRulesCommonRuleSet", 2, [
                    { name: "SizeRestrictions_BODY", actionToUse: { count: {} } },
                ]),
                {
                    name: "OversizeBodyOutsideUploadPaths",
                    priority: 3,
                    action: { block: {} },
                    statement: {
                        andStatement: {
                            statements: [
                                {
                                    labelMatchStatement: {
                                        scope: "LABEL",
                                        key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body",
                                    },
                                },
                                {
                                    notStatement: {
                                        // one regex, not an OR: the provider's statement schema nests three levels
                                        statement: {
                                            regexMatchStatement: {
                                                fieldToMatch: { uriPath: {} },
                                                regexString: "^(?:/admin/uploads|/api/media/)",
                                                textTransformations: [
                                                    { priority: 0, type: "NONE" },
                                                ],
                                            },
                                        },
                                    },
                                },
                            ],
                        },
                    },
                    visibilityConfig: metrics("w-OversizeBodyOutsideUploadPaths"),
                },
                managed("AWSManagedRulesKnownBadInputsRuleSet", 4),
                managed("AWSManagedRulesSQLiRuleSet", 5),
            ]);
        });
    });

    describe("rule helpers", () => {
        it("escapes dots in the upload-path regex and anchors it at the path's start", () => {
            assert.strictEqual(uploadPathRegex(["/a.b", "/c/*"]), "^(?:/a\\.b|/c/)");
        });

        it("matches a single upload path without an OR (WAF needs two statements for OR)", () => {
            const rules = webAclRules("m", {
                rateLimit: 100,
                rateLimitWindowSeconds: 120,
                uploadPaths: ["/uploads"],
            });
            const oversize = rules.find((r) => r.name === "OversizeBodyOutsideUploadPaths");
            assert.deepStrictEqual(oversize?.statement, {
                andStatement: {
                    statements: [
                        { labelMatchStatement: { scope: "LABEL", key: OVERSIZE_BODY_LABEL } },
                        { notStatement: { statement: startsWith("/uploads") } },
                    ],
                },
            });
            assert.deepStrictEqual(
                rules.map((r) => [r.name, r.priority]),
                [
                    ["RateLimitPerIp", 0],
                    ["AWSManagedRulesAmazonIpReputationList", 1],
                    ["AWSManagedRulesCommonRuleSet", 2],
                    ["OversizeBodyOutsideUploadPaths", 3],
                    ["AWSManagedRulesKnownBadInputsRuleSet", 4],
                    ["AWSManagedRulesSQLiRuleSet", 5],
                ],
            );
        });

        it("drops a trailing * from an upload prefix", () => {
            assert.strictEqual(uploadPrefix("/a/b/*"), "/a/b/");
            assert.strictEqual(uploadPrefix("/a/b"), "/a/b");
        });
    });

    describe("validation", () => {
        for (const [what, over, expected] of [
            [
                "a rate limit under 10",
                { rateLimit: 9 },
                "`rateLimit` must be a whole number from 10 to 2000000000 (got 9).",
            ],
            [
                "a fractional rate limit",
                { rateLimit: 100.5 },
                "`rateLimit` must be a whole number from 10 to 2000000000 (got 100.5).",
            ],
            [
                "an unsupported window",
                { rateLimitWindowSeconds: 900 },
                "`rateLimitWindowSeconds` must be one of 60, 120, 300, 600 (got 900).",
            ],
            [
                "a relative upload path",
                { uploadPaths: ["admin/uploads"] },
                '`uploadPaths` entries must be absolute path prefixes, optionally ending in * (got "admin/uploads").',
            ],
            [
                "a wildcard inside an upload path",
                { uploadPaths: ["/a/*/b"] },
                '`uploadPaths` entries must be absolute path prefixes, optionally ending in * (got "/a/*/b").',
            ],
            [
                "a repeated upload path",
                { uploadPaths: ["/u", "/u"] },
                "`uploadPaths` must not repeat a path.",
            ],
            [
                "upload paths longer than one WAF regex",
                { uploadPaths: Array.from({ length: 3 }, (_, i) => `/${String(i).repeat(198)}`) },
                "`uploadPaths` together must fit one WAF regex of 512 characters (got 604): use fewer or shorter prefixes.",
            ],
            [
                "a zero log retention",
                { logRetentionDays: 0 },
                "`logRetentionDays` must be a whole number of days, at least 1 (got 0).",
            ],
        ] as const) {
            it(`refuses ${what}`, () => {
                assert.throws(() => new WebAcl("w", args(over as Partial<WebAclArgs>)), {
                    message: `WebAcl w: ${expected}`,
                });
            });
        }

        it("accepts the stacks' settings", () => {
            assert.deepStrictEqual(
                validateWebAclSettings({
                    rateLimit: 2000,
                    rateLimitWindowSeconds: 300,
                    uploadPaths: [],
                }),
                [],
            );
        });
    });
});
