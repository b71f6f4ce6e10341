/**
 * The prod invariants and the AWS provider rule (policies/rules/invariants.ts): each policy's
 * pass and fail cases, its config bounds, and unknown inputs reported as "could not check".
 */
import * as assert from "assert";
import * as aws from "../../sdk/aws";
import { ExportedResource, resourceValidationArgs } from "../evaluate";
import { PropsOf } from "../rules/helpers";
import * as rules from "../rules/invariants";
import {
    assertStackUnchecked,
    assertStackViolations,
    describeResourcePolicy,
    exported,
    runResourcePolicy,
    unknown,
} from "./util";

const ACCOUNT = "123456789012";

/** A `pulumi:providers:aws` resource with these inputs (as the engine passes provider config). */
function provider(name: string, inputs: Record<string, unknown>): ExportedResource {
    return {
        urn: `urn:pulumi:test::tng::pulumi:providers:aws::${name}`,
        type: rules.AWS_PROVIDER_TYPE,
        custom: true,
        id: `${name}-id`,
        inputs,
    };
}

/** Any AWS resource: the presence rules apply to stacks that manage AWS resources. */
const vpc = exported(aws.ec2.Vpc, "vpc", { cidrBlock: "10.0.0.0/16" });

describe("prod invariants", () => {
    describe("guardduty-enabled", () => {
        it("passes with a detector, created or adopted", async () => {
            await assertStackViolations(
                rules.guarddutyEnabled,
                [exported(aws.guardduty.Detector, "gd", {})],
                [],
            );
            await assertStackViolations(
                rules.guarddutyEnabled,
                [exported(aws.guardduty.Detector, "gd", { enable: true })],
                [],
            );
        });
        it("fails without a detector in a stack with AWS resources, on the stack", async () => {
            await assertStackViolations(
                rules.guarddutyEnabled,
                [vpc],
                [
                    [
                        undefined,
                        "GuardDuty must be on: the stack has no aws.guardduty.Detector (create one or adopt the account's with import).",
                    ],
                ],
            );
        });
        it("fails on a detector with enable false", async () => {
            const d = exported(aws.guardduty.Detector, "gd", { enable: false });
            await assertStackViolations(
                rules.guarddutyEnabled,
                [d],
                [[d, "GuardDuty detector must not set enable to false."]],
            );
        });
    });

    describe("securityhub-enabled", () => {
        const account = exported(aws.securityhub.Account, "hub", {});
        const fsbp = exported(aws.securityhub.StandardsSubscription, "fsbp", {
            standardsArn:
                "arn:aws:securityhub:ap-northeast-1::standards/aws-foundational-security-best-practices/v/1.0.0",
        });
        it("passes with the account and a standard", async () => {
            await assertStackViolations(rules.securityhubEnabled, [account, fsbp], []);
        });
        it("does not apply to a stack without AWS resources", async () => {
            await assertStackViolations(rules.securityhubEnabled, [], []);
            await assertStackViolations(rules.guarddutyEnabled, [], []);
        });
        it("fails without the account", async () => {
            await assertStackViolations(
                rules.securityhubEnabled,
                [fsbp],
                [
                    [
                        undefined,
                        "Security Hub must be on: the stack has no aws.securityhub.Account (create one or adopt the account's with import).",
                    ],
                ],
            );
        });
        it("fails without a standard", async () => {
            await assertStackViolations(
                rules.securityhubEnabled,
                [account],
                [
                    [
                        undefined,
                        "Security Hub must subscribe to a standard: the stack has no aws.securityhub.StandardsSubscription.",
                    ],
                ],
            );
        });
    });

    const pattern = (severity: unknown) =>
        JSON.stringify({
            source: ["aws.guardduty"],
            "detail-type": ["GuardDuty Finding"],
            ...(severity === undefined ? {} : { detail: { severity } }),
        });
    describeResourcePolicy(
        rules.guarddutyFindingSeverity,
        aws.cloudwatch.EventRule,
        (): PropsOf<aws.cloudwatch.EventRuleArgs> => ({
            eventPattern: pattern([{ numeric: [">=", 7] }]),
        }),
        [
            {
                title: "the threshold is 10",
                mutate: (p) => (p.eventPattern = pattern([{ numeric: [">=", 10] }])),
                messages: [
                    "GuardDuty findings rule must forward every severity from 7 up (eventPattern drops severity 7, 8, 8.9, 9).",
                ],
            },
            {
                title: "the threshold is above 7 but exclusive (> 7)",
                mutate: (p) => (p.eventPattern = pattern([{ numeric: [">", 7] }])),
                messages: [
                    "GuardDuty findings rule must forward every severity from 7 up (eventPattern drops severity 7).",
                ],
            },
            {
                title: "only Critical through exact values",
                mutate: (p) => (p.eventPattern = pattern([9, 10])),
                messages: [
                    "GuardDuty findings rule must forward every severity from 7 up (eventPattern drops severity 7, 8, 8.9).",
                ],
            },
            {
                title: "a range capped below Critical",
                mutate: (p) => (p.eventPattern = pattern([{ numeric: [">=", 4, "<", 9] }])),
                messages: [
                    "GuardDuty findings rule must forward every severity from 7 up (eventPattern drops severity 9, 10).",
                ],
            },
            {
                title: "no severity filter (every finding)",
                mutate: (p) => (p.eventPattern = pattern(undefined)),
                messages: [],
            },
            {
                title: "the threshold is 4",
                mutate: (p) => (p.eventPattern = pattern([{ numeric: [">=", 4] }])),
                messages: [],
            },
            {
                title: "the rule is about another source",
                mutate: (p) =>
                    (p.eventPattern = JSON.stringify({
                        source: ["aws.secretsmanager"],
                        detail: { severity: [{ numeric: [">=", 10] }] },
                    })),
                messages: [],
            },
            {
                title: "maxSeverity 9 allows a threshold of 9",
                mutate: (p) => (p.eventPattern = pattern([{ numeric: [">=", 9] }])),
                config: { maxSeverity: 9 },
                messages: [],
            },
        ],
    );

    describe("audit-retention-floor", () => {
        const bucket = exported(aws.s3.Bucket, "audit", { objectLockEnabled: true });
        const trail = exported(aws.cloudtrail.Trail, "trail", { s3BucketName: "audit-id" });
        const lock = (days: number | undefined, years?: number) =>
            exported(aws.s3.BucketObjectLockConfiguration, "lock", {
                bucket: "audit-id",
                rule: { defaultRetention: { mode: "GOVERNANCE", days, years } },
            });
        const lifecycle = (days: number, status = "Enabled") =>
            exported(aws.s3.BucketLifecycleConfiguration, "lc", {
                bucket: "audit-id",
                rules: [{ id: "expire", status, expiration: { days } }],
            });
        it("passes at the floor (days or years)", async () => {
            await assertStackViolations(
                rules.auditRetentionFloor,
                [bucket, trail, lock(365), lifecycle(365)],
                [],
            );
            await assertStackViolations(
                rules.auditRetentionFloor,
                [bucket, trail, lock(undefined, 1)],
                [],
            );
        });
        it("fails below the floor, on the lock and on the lifecycle", async () => {
            const lc = lifecycle(1);
            await assertStackViolations(
                rules.auditRetentionFloor,
                [bucket, trail, lock(1), lc],
                [
                    [
                        bucket,
                        "CloudTrail bucket must have an Object Lock default retention of at least 365 days (got 1).",
                    ],
                    [
                        lc,
                        "CloudTrail bucket lifecycle must not expire objects before 365 days (rules[0].expiration.days is 1).",
                    ],
                ],
            );
        });
        it("fails without an object lock; a disabled lifecycle rule does not count", async () => {
            await assertStackViolations(
                rules.auditRetentionFloor,
                [bucket, trail, lifecycle(1, "Disabled")],
                [
                    [
                        bucket,
                        "CloudTrail bucket must have an Object Lock default retention of at least 365 days (got none).",
                    ],
                ],
            );
        });
        it("takes the floor from the config (dev: 30)", async () => {
            await assertStackViolations(
                rules.auditRetentionFloor,
                [bucket, trail, lock(30), lifecycle(30)],
                [],
                { minDays: 30 },
            );
        });
        it("reports an unknown retention as could not check", async () => {
            const l = exported(aws.s3.BucketObjectLockConfiguration, "lock", {
                bucket: "audit-id",
                rule: unknown<PropsOf<aws.s3.BucketObjectLockConfigurationArgs>["rule"]>(),
            });
            await assertStackUnchecked(
                rules.auditRetentionFloor,
                [bucket, trail, l],
                [[undefined, "could not check rule: value unknown/secret"]],
            );
        });
    });

    const parameterGroup = (): PropsOf<aws.rds.ParameterGroupArgs> => ({
        family: "postgres13",
        parameters: [
            { name: "rds.force_ssl", value: "1" },
            { name: "ssl_min_protocol_version", value: "TLSv1.2" },
            { name: "password_encryption", value: "scram-sha-256" },
        ],
    });
    describeResourcePolicy(
        rules.rdsPostgresProtocolFloors,
        aws.rds.ParameterGroup,
        parameterGroup,
        [
            {
                title: "TLSv1 and md5",
                mutate: (p) =>
                    (p.parameters = [
                        { name: "ssl_min_protocol_version", value: "TLSv1" },
                        { name: "password_encryption", value: "md5" },
                    ]),
                messages: [
                    "PostgreSQL parameter group must set ssl_min_protocol_version to TLSv1.2 or TLSv1.3 (got TLSv1).",
                    "PostgreSQL parameter group must set password_encryption to scram-sha-256 (got md5).",
                ],
            },
            {
                title: "TLSv1.1",
                mutate: (p) =>
                    (p.parameters = [
                        { name: "ssl_min_protocol_version", value: "TLSv1.1" },
                        { name: "password_encryption", value: "scram-sha-256" },
                    ]),
                messages: [
                    "PostgreSQL parameter group must set ssl_min_protocol_version to TLSv1.2 or TLSv1.3 (got TLSv1.1).",
                ],
            },
            {
                title: "neither is set (RDS 13 would hash with md5)",
                mutate: (p) => (p.parameters = []),
                messages: [
                    "PostgreSQL parameter group must set ssl_min_protocol_version to TLSv1.2 or TLSv1.3 (got unset).",
                    "PostgreSQL parameter group must set password_encryption to scram-sha-256 (got unset).",
                ],
            },
            {
                title: "TLSv1.3",
                mutate: (p) =>
                    (p.parameters = [
                        { name: "ssl_min_protocol_version", value: "TLSv1.3" },
                        { name: "password_encryption", value: "scram-sha-256" },
                    ]),
                messages: [],
            },
            {
                title: "the family is MySQL",
                mutate: (p) => {
                    p.family = "mysql8.0";
                    p.parameters = [];
                },
                messages: [],
            },
        ],
    );

    const webAcl = (rules: unknown[]): PropsOf<aws.wafv2.WebAclArgs> =>
        ({
            scope: "CLOUDFRONT",
            defaultAction: { allow: {} },
            visibilityConfig: {
                cloudwatchMetricsEnabled: true,
                metricName: "acl",
                sampledRequestsEnabled: true,
            },
            rules,
        }) as PropsOf<aws.wafv2.WebAclArgs>;
    const rateRule = (limit: number) => ({
        name: "RateLimitPerIp",
        priority: 0,
        action: { block: {} },
        statement: { rateBasedStatement: { limit, aggregateKeyType: "IP" } },
    });
    describeResourcePolicy(
        rules.wafRateLimitBounds,
        aws.wafv2.WebAcl,
        () => webAcl([rateRule(2000)]),
        [
            {
                title: "the limit is two billion",
                mutate: (p) => (p.rules = webAcl([rateRule(2000000000)]).rules),
                messages: [
                    "WAF rate-based rule RateLimitPerIp must set limit between 100 and 10000 (got 2000000000).",
                ],
            },
            {
                title: "the limit is below the floor",
                mutate: (p) => (p.rules = webAcl([rateRule(10)]).rules),
                messages: [
                    "WAF rate-based rule RateLimitPerIp must set limit between 100 and 10000 (got 10).",
                ],
            },
            {
                title: "the bounds come from the config",
                mutate: (p) => (p.rules = webAcl([rateRule(50000)]).rules),
                config: { minLimit: 1000, maxLimit: 100000 },
                messages: [],
            },
            {
                title: "the limit is unknown",
                mutate: (p) => (p.rules = webAcl([{ ...rateRule(1), statement: unknown() }]).rules),
                messages: [],
            },
        ],
    );

    const uploadRule = (exemption: object) => ({
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
                    { notStatement: { statement: exemption } },
                ],
            },
        },
    });
    const startsWith = (searchString: string) => ({
        byteMatchStatement: {
            fieldToMatch: { uriPath: {} },
            positionalConstraint: "STARTS_WITH",
            searchString,
            textTransformations: [{ priority: 0, type: "NONE" }],
        },
    });
    const regex = (regexString: string) => ({
        regexMatchStatement: {
            fieldToMatch: { uriPath: {} },
            regexString,
            textTransformations: [{ priority: 0, type: "NONE" }],
        },
    });
    const everything =
        "WAF rule OversizeBodyOutsideUploadPaths must not exempt every path: its notStatement matches every URI path, so the rule matches nothing.";
    describeResourcePolicy(
        rules.wafExemptionNotEverything,
        aws.wafv2.WebAcl,
        () =>
            webAcl([
                rateRule(2000),
                uploadRule(regex("^(?:/admin/|/articles|/rails/active_storage/)")),
            ]),
        [
            {
                title: "the exemption is STARTS_WITH /",
                mutate: (p) => (p.rules = webAcl([uploadRule(startsWith("/"))]).rules),
                messages: [everything],
            },
            {
                title: "the exemption is STARTS_WITH an empty string",
                mutate: (p) => (p.rules = webAcl([uploadRule(startsWith(""))]).rules),
                messages: [everything],
            },
            {
                title: "the exemption regex has a / alternative",
                mutate: (p) => (p.rules = webAcl([uploadRule(regex("^(?:/admin/|/)"))]).rules),
                messages: [everything],
            },
            {
                title: "the exemption regex is .*",
                mutate: (p) => (p.rules = webAcl([uploadRule(regex(".*"))]).rules),
                messages: [everything],
            },
            {
                title: "the exemption is CONTAINS /",
                mutate: (p) =>
                    (p.rules = webAcl([
                        uploadRule({
                            byteMatchStatement: {
                                ...startsWith("/").byteMatchStatement,
                                positionalConstraint: "CONTAINS",
                            },
                        }),
                    ]).rules),
                messages: [everything],
            },
            {
                title: "one branch of an OR exemption matches everything",
                mutate: (p) =>
                    (p.rules = webAcl([
                        uploadRule({
                            orStatement: { statements: [startsWith("/admin/"), startsWith("/")] },
                        }),
                    ]).rules),
                messages: [everything],
            },
            {
                title: "the exemption is a single prefix",
                mutate: (p) => (p.rules = webAcl([uploadRule(startsWith("/admin/"))]).rules),
                messages: [],
            },
            {
                title: "the exemption is EXACTLY /",
                mutate: (p) =>
                    (p.rules = webAcl([
                        uploadRule({
                            byteMatchStatement: {
                                ...startsWith("/").byteMatchStatement,
                                positionalConstraint: "EXACTLY",
                            },
                        }),
                    ]).rules),
                messages: [],
            },
            {
                title: "an AND exemption has one narrow operand",
                mutate: (p) =>
                    (p.rules = webAcl([
                        uploadRule({
                            andStatement: { statements: [startsWith("/"), startsWith("/admin/")] },
                        }),
                    ]).rules),
                messages: [],
            },
        ],
    );

    it("matchesEveryPath: every probe starts with / and shares nothing else", () => {
        assert.ok(rules.PATH_PROBES.every((p) => p.startsWith("/")));
        assert.strictEqual(
            rules.matchesEveryPath({
                regexPatternSetReferenceStatement: { fieldToMatch: { uriPath: {} } },
            }),
            rules.matchesEveryPath({
                regexMatchStatement: { fieldToMatch: { uriPath: {} }, regexString: "(" },
            }),
        );
        assert.strictEqual(
            rules.matchesEveryPath({
                byteMatchStatement: {
                    fieldToMatch: { uriPath: {} },
                    positionalConstraint: "STARTS_WITH",
                    searchString: "/a",
                },
            }),
            false,
        );
    });

    describe("ecs-image-provenance", () => {
        const repo = exported(
            aws.ecr.Repository,
            "tng-prod-rails-repo",
            {},
            {
                outputs: {
                    name: "tng-prod-rails-repo",
                    arn: `arn:aws:ecr:ap-northeast-1:${ACCOUNT}:repository/tng-prod-rails-repo`,
                },
            },
        );
        const task = (image: unknown) =>
            exported(aws.ecs.TaskDefinition, "web", {
                family: "web",
                containerDefinitions: JSON.stringify([{ name: "rails", image }]),
            });
        const REPO_URL = `${ACCOUNT}.dkr.ecr.ap-northeast-1.amazonaws.com/tng-prod-rails-repo`;
        it("passes for a tag on the stack's repository, or any image pinned by digest", async () => {
            for (const image of [
                `${REPO_URL}:release-2026.11.1`,
                `${REPO_URL}@sha256:${"a".repeat(64)}`,
                `public.ecr.aws/docker/library/ruby@sha256:${"b".repeat(64)}`,
            ]) {
                await assertStackViolations(rules.ecsImageProvenance, [repo, task(image)], []);
            }
        });
        it("fails for a public tag, another account's or region's repository, or a repository outside the stack", async () => {
            for (const image of [
                "docker.io/someone/rails:latest",
                `999999999999.dkr.ecr.ap-northeast-1.amazonaws.com/tng-prod-rails-repo:release-1`,
                `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/tng-prod-rails-repo:release-1`,
                `${ACCOUNT}.dkr.ecr.ap-northeast-1.amazonaws.com/other:release-1`,
            ]) {
                const t = task(image);
                await assertStackViolations(
                    rules.ecsImageProvenance,
                    [repo, t],
                    [
                        [
                            t,
                            `ECS container rails must use an image from this stack's ECR repository or pinned by digest (got ${image}).`,
                        ],
                    ],
                );
            }
        });
    });

    describe("secret-not-generated", () => {
        const password: ExportedResource = {
            urn: "urn:pulumi:test::tng::random:index/randomPassword:RandomPassword::skb",
            type: "random:index/randomPassword:RandomPassword",
            custom: true,
            inputs: { length: 128 },
        };
        const version = (deps: string[]) =>
            exported(
                aws.secretsmanager.SecretVersion,
                "value",
                { secretId: "s", secretString: "[secret]" },
                { propertyDependencies: { secretString: deps } },
            );
        it("passes when the secret comes from config", async () => {
            await assertStackViolations(rules.secretNotGenerated, [password, version([])], []);
        });
        it("fails when secretString comes from a random: resource", async () => {
            const v = version([password.urn]);
            await assertStackViolations(
                rules.secretNotGenerated,
                [password, v],
                [
                    [
                        v,
                        "Secrets Manager secret version must not hold a generated value (secretString comes from random:index/randomPassword:RandomPassword skb): set the secret from config.",
                    ],
                ],
            );
        });
    });

    // The happy path is a subscription that is not e-mail: with the default (no allowed domain)
    // every e-mail subscription fails.
    const email = (p: PropsOf<aws.sns.TopicSubscriptionArgs>, endpoint: string) => {
        p.protocol = "email";
        p.endpoint = endpoint;
    };
    describeResourcePolicy(
        rules.alertRecipientDomains,
        aws.sns.TopicSubscription,
        (): PropsOf<aws.sns.TopicSubscriptionArgs> => ({
            topic: "arn:aws:sns:ap-northeast-1:123456789012:alarms",
            protocol: "sqs",
            endpoint: "arn:aws:sqs:ap-northeast-1:123456789012:q",
        }),
        [
            {
                title: "no domain is configured",
                mutate: (p) => email(p, "infra-alerts@tng-media.jp"),
                messages: [
                    "SNS e-mail subscription must send to a configured domain (allowedDomains is empty) (got infra-alerts@tng-media.jp).",
                ],
            },
            {
                title: "the address is in another domain",
                mutate: (p) => email(p, "x@attacker.example.net"),
                config: { allowedDomains: ["tng-media.jp"] },
                messages: [
                    "SNS e-mail subscription must send to tng-media.jp (got x@attacker.example.net).",
                ],
            },
            {
                title: "the domain only ends like an allowed one",
                mutate: (p) => email(p, "x@eviltng-media.jp"),
                config: { allowedDomains: ["tng-media.jp"] },
                messages: [
                    "SNS e-mail subscription must send to tng-media.jp (got x@eviltng-media.jp).",
                ],
            },
            {
                title: "email-json to another domain",
                mutate: (p) => {
                    email(p, "x@attacker.example.net");
                    p.protocol = "email-json";
                },
                config: { allowedDomains: ["tng-media.jp"] },
                messages: [
                    "SNS e-mail subscription must send to tng-media.jp (got x@attacker.example.net).",
                ],
            },
            {
                title: "the address is in an allowed domain (any case) or a subdomain",
                mutate: (p) => email(p, "Ops@Alerts.TNG-Media.jp"),
                config: { allowedDomains: ["tng-media.jp"] },
                messages: [],
            },
        ],
    );

    describe("nat-gateway-multi-az", () => {
        const subnet = (name: string, az: string) =>
            exported(aws.ec2.Subnet, name, { vpcId: "vpc", availabilityZone: az });
        const nat = (name: string, subnetId: string) =>
            exported(aws.ec2.NatGateway, name, { subnetId });
        const subnets = [
            subnet("public-a", "ap-northeast-1a"),
            subnet("public-c", "ap-northeast-1c"),
            subnet("private-a", "ap-northeast-1a"),
            subnet("private-c", "ap-northeast-1c"),
        ];
        it("passes with a NAT per AZ, or with no NAT at all", async () => {
            await assertStackViolations(
                rules.natGatewayMultiAz,
                [...subnets, nat("nat-a", "public-a-id"), nat("nat-c", "public-c-id")],
                [],
            );
            await assertStackViolations(rules.natGatewayMultiAz, subnets, []);
        });
        it("fails with a single NAT for two AZs", async () => {
            await assertStackViolations(
                rules.natGatewayMultiAz,
                [...subnets, nat("nat-a", "public-a-id")],
                [
                    [
                        undefined,
                        "NAT gateways must cover every availability zone of the stack's subnets: none in ap-northeast-1c.",
                    ],
                ],
            );
        });
    });

    describe("aws-provider-hygiene", () => {
        /** The policy's messages for one provider resource (as the CLI passes providers). */
        const check = (r: ExportedResource, config: Record<string, unknown> = {}) =>
            runResourcePolicy(rules.awsProviderHygiene, resourceValidationArgs(r, config));
        it("passes on a provider with only region and default tags", async () => {
            assert.deepStrictEqual(
                await check(
                    provider("default", { region: "ap-northeast-1", defaultTags: '{"tags":{}}' }),
                ),
                [],
            );
        });
        it("fails on insecure, skipCredentialsValidation and endpoints (as JSON strings or values)", async () => {
            const p = provider("default", {
                region: "ap-northeast-1",
                insecure: "true",
                skipCredentialsValidation: true,
                endpoints: JSON.stringify([{ s3: "https://s3.attacker.example" }]),
            });
            assert.deepStrictEqual(await check(p), [
                "AWS provider must not set insecure.",
                "AWS provider must not set skipCredentialsValidation.",
                "AWS provider must not set endpoints: every call goes to AWS's own endpoints.",
            ]);
        });
        it("fails on a role outside accountIds, passes on one inside", async () => {
            const elsewhere = "arn:aws:iam::999999999999:role/elsewhere";
            const home = `arn:aws:iam::${ACCOUNT}:role/deploy`;
            const p = provider("default", {
                assumeRoles: JSON.stringify([{ roleArn: elsewhere }, { roleArn: home }]),
                assumeRoleWithWebIdentity: { roleArn: elsewhere },
            });
            assert.deepStrictEqual(await check(p, { accountIds: [ACCOUNT] }), [
                `AWS provider must assume roles only in ${ACCOUNT} (got ${elsewhere}).`,
                `AWS provider must assume roles only in ${ACCOUNT} (got ${elsewhere}).`,
            ]);
            assert.deepStrictEqual(
                await check(provider("p2", { assumeRoles: [{ roleArn: home }] })),
                [
                    `AWS provider must assume roles only in the configured accountIds (none set) (got ${home}).`,
                ],
            );
        });
        it("does not apply to other resources or other providers", async () => {
            assert.deepStrictEqual(
                await check(exported(aws.guardduty.Detector, "gd", {}) as ExportedResource),
                [],
            );
            assert.deepStrictEqual(
                await check({
                    ...provider("random", { insecure: "true" }),
                    type: "pulumi:providers:random",
                }),
                [],
            );
        });
    });
});
