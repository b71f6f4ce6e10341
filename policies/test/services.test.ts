/** Specs for the small areas: CloudWatch Logs, Secrets Manager, KMS and CloudTrail. */
import * as aws from "../../sdk/aws";
import * as audit from "../rules/audit";
import { PropsOf } from "../rules/helpers";
import * as kms from "../rules/kms";
import * as logging from "../rules/logging";
import * as secrets from "../rules/secrets";
import {
    assertStackUnchecked,
    assertStackViolations,
    describeResourcePolicy,
    exported,
    unknown,
} from "./util";

const doc = (...statements: object[]) =>
    JSON.stringify({ Version: "2012-10-17", Statement: statements });
const KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/k";

describe("logging policies", () => {
    const group = (): PropsOf<aws.cloudwatch.LogGroupArgs> => ({
        name: "/tng/web",
        kmsKeyId: KEY,
        retentionInDays: 400,
    });
    describeResourcePolicy(logging.logGroupCmk, aws.cloudwatch.LogGroup, group, [
        {
            title: "kmsKeyId is missing",
            mutate: (p) => delete p.kmsKeyId,
            messages: ["CloudWatch log group must set kmsKeyId."],
        },
        { title: "kmsKeyId is unknown", mutate: (p) => (p.kmsKeyId = unknown()), messages: [] },
    ]);
    describeResourcePolicy(logging.logGroupRetention, aws.cloudwatch.LogGroup, group, [
        {
            title: "retentionInDays is 30",
            mutate: (p) => (p.retentionInDays = 30),
            messages: ["CloudWatch log group must set retentionInDays to at least 365."],
        },
        {
            title: "retentionInDays is missing",
            mutate: (p) => delete p.retentionInDays,
            messages: ["CloudWatch log group must set retentionInDays to at least 365."],
        },
        {
            title: "retentionInDays is 0 (never expire)",
            mutate: (p) => (p.retentionInDays = 0),
            messages: [],
        },
        {
            title: "config lowers minDays to 30 (dev)",
            mutate: (p) => (p.retentionInDays = 30),
            config: { minDays: 30 },
            messages: [],
        },
    ]);
});

describe("secrets policies", () => {
    describeResourcePolicy(
        secrets.secretsManagerSecretCmk,
        aws.secretsmanager.Secret,
        () => ({ name: "tng/rails", kmsKeyId: KEY }),
        [
            {
                title: "kmsKeyId is missing",
                mutate: (p) => delete p.kmsKeyId,
                messages: [
                    "Secrets Manager secret must set kmsKeyId to a customer-managed KMS key.",
                ],
            },
            {
                title: "kmsKeyId is the AWS-managed alias",
                mutate: (p) => (p.kmsKeyId = "alias/aws/secretsmanager"),
                messages: [
                    "Secrets Manager secret must set kmsKeyId to a customer-managed KMS key.",
                ],
            },
            { title: "kmsKeyId is unknown", mutate: (p) => (p.kmsKeyId = unknown()), messages: [] },
        ],
    );
    describeResourcePolicy(
        secrets.secretsManagerRotationInterval,
        aws.secretsmanager.SecretRotation,
        () => ({
            secretId: "s",
            rotationLambdaArn: "fn",
            rotationRules: { automaticallyAfterDays: 30 },
        }),
        [
            {
                title: "rotation runs every 180 days",
                mutate: (p) => (p.rotationRules = { automaticallyAfterDays: 180 }),
                messages: [
                    "Secret rotation must set rotationRules to rotate at least every 90 days.",
                ],
            },
            {
                title: "the schedule is rate(120 days)",
                mutate: (p) => (p.rotationRules = { scheduleExpression: "rate(120 days)" }),
                messages: [
                    "Secret rotation must set rotationRules to rotate at least every 90 days.",
                ],
            },
            {
                title: "config allows 180 days",
                mutate: (p) => (p.rotationRules = { automaticallyAfterDays: 180 }),
                config: { maxDays: 180 },
                messages: [],
            },
        ],
    );
    describeResourcePolicy(
        secrets.secretsManagerPolicyNotPublic,
        aws.secretsmanager.SecretPolicy,
        () => ({
            secretArn: "arn",
            blockPublicPolicy: true,
            policy: doc({
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::123456789012:role/task" },
                Action: "secretsmanager:GetSecretValue",
                Resource: "*",
            }),
        }),
        [
            {
                title: "the policy allows Principal * and blockPublicPolicy is missing",
                mutate: (p) => {
                    p.policy = doc({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "secretsmanager:GetSecretValue",
                        Resource: "*",
                    });
                    delete p.blockPublicPolicy;
                },
                messages: [
                    "Secrets Manager secret policy must not allow Principal * without a condition that restricts the caller (policy Statement[0]).",
                    "Secrets Manager secret policy must set blockPublicPolicy to true.",
                ],
            },
            { title: "the policy is unknown", mutate: (p) => (p.policy = unknown()), messages: [] },
        ],
    );
});

describe("kms policies", () => {
    const key = (): PropsOf<aws.kms.KeyArgs> => ({
        description: "app",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
    });
    describeResourcePolicy(kms.kmsKeyRotation, aws.kms.Key, key, [
        {
            title: "enableKeyRotation is missing",
            mutate: (p) => delete p.enableKeyRotation,
            messages: ["KMS key must set enableKeyRotation to true."],
        },
        {
            title: "the key is asymmetric",
            mutate: (p) => {
                delete p.enableKeyRotation;
                p.customerMasterKeySpec = "RSA_2048";
            },
            messages: [],
        },
        {
            title: "enableKeyRotation is unknown",
            mutate: (p) => (p.enableKeyRotation = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(kms.kmsKeyPolicyNoPublicPrincipal, aws.kms.Key, key, [
        {
            title: "the key policy allows Principal * without a condition",
            mutate: (p) =>
                (p.policy = doc({
                    Effect: "Allow",
                    Principal: { AWS: "*" },
                    Action: "kms:*",
                    Resource: "*",
                })),
            messages: [
                "KMS key must not allow Principal * without a condition that restricts the caller (policy Statement[0]).",
            ],
        },
        {
            title: "Principal * is limited by kms:CallerAccount together with kms:ViaService",
            mutate: (p) =>
                (p.policy = doc({
                    Effect: "Allow",
                    Principal: "*",
                    Action: "kms:Decrypt",
                    Resource: "*",
                    Condition: {
                        StringEquals: {
                            "kms:CallerAccount": "123456789012",
                            "kms:ViaService": "ec2.ap-northeast-1.amazonaws.com",
                        },
                    },
                })),
            messages: [],
        },
        {
            title: "Principal * has kms:CallerAccount alone (any service of that account)",
            mutate: (p) =>
                (p.policy = doc({
                    Effect: "Allow",
                    Principal: "*",
                    Action: "kms:Decrypt",
                    Resource: "*",
                    Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } },
                })),
            messages: [
                "KMS key must not allow Principal * without a condition that restricts the caller (policy Statement[0]).",
            ],
        },
    ]);
    describeResourcePolicy(kms.kmsKeyDeletionSafety, aws.kms.Key, key, [
        {
            title: "the key is disabled with a 7-day window",
            mutate: (p) => {
                p.isEnabled = false;
                p.deletionWindowInDays = 7;
            },
            messages: [
                "KMS key must not set isEnabled to false.",
                "KMS key must set deletionWindowInDays to 30.",
            ],
        },
    ]);
});

describe("audit policies", () => {
    const trail = (): PropsOf<aws.cloudtrail.TrailArgs> => ({
        s3BucketName: "tng-trail",
        kmsKeyId: KEY,
        enableLogFileValidation: true,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        cloudWatchLogsGroupArn: "arn:aws:logs:ap-northeast-1:123456789012:log-group:trail:*",
        cloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/trail",
        snsTopicName: "trail",
    });
    describeResourcePolicy(audit.cloudtrailKmsEncryption, aws.cloudtrail.Trail, trail, [
        {
            title: "kmsKeyId is missing",
            mutate: (p) => delete p.kmsKeyId,
            messages: ["CloudTrail trail must set kmsKeyId."],
        },
        { title: "kmsKeyId is unknown", mutate: (p) => (p.kmsKeyId = unknown()), messages: [] },
    ]);
    describeResourcePolicy(audit.cloudtrailLogFileValidation, aws.cloudtrail.Trail, trail, [
        {
            title: "validation is missing",
            mutate: (p) => delete p.enableLogFileValidation,
            messages: ["CloudTrail trail must set enableLogFileValidation to true."],
        },
    ]);
    describeResourcePolicy(audit.cloudtrailMultiRegion, aws.cloudtrail.Trail, trail, [
        {
            title: "single-region without global events",
            mutate: (p) => {
                p.isMultiRegionTrail = false;
                p.includeGlobalServiceEvents = false;
            },
            messages: [
                "CloudTrail trail must set isMultiRegionTrail to true.",
                "CloudTrail trail must not set includeGlobalServiceEvents to false.",
            ],
        },
    ]);
    describeResourcePolicy(audit.cloudtrailCloudWatchLogs, aws.cloudtrail.Trail, trail, [
        {
            title: "the role is missing",
            mutate: (p) => delete p.cloudWatchLogsRoleArn,
            messages: [
                "CloudTrail trail must set cloudWatchLogsGroupArn and cloudWatchLogsRoleArn.",
            ],
        },
    ]);
    describeResourcePolicy(audit.cloudtrailLoggingEnabled, aws.cloudtrail.Trail, trail, [
        {
            title: "enableLogging is false",
            mutate: (p) => (p.enableLogging = false),
            messages: ["CloudTrail trail must not set enableLogging to false."],
        },
        {
            title: "enableLogging is unknown",
            mutate: (p) => (p.enableLogging = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(audit.cloudtrailSnsTopic, aws.cloudtrail.Trail, trail, [
        {
            title: "snsTopicName is missing",
            mutate: (p) => delete p.snsTopicName,
            messages: ["CloudTrail trail must set snsTopicName."],
        },
    ]);

    describe(audit.cloudtrailPresent.name, () => {
        const key = exported(aws.kms.Key, "key", { enableKeyRotation: true });
        it("passes when the stack has a trail, and for a stack without AWS resources", async () => {
            await assertStackViolations(
                audit.cloudtrailPresent,
                [key, exported(aws.cloudtrail.Trail, "trail", trail())],
                [],
            );
            await assertStackViolations(audit.cloudtrailPresent, [], []);
        });
        it("passes when the policy config declares the organisation trail", async () => {
            await assertStackViolations(audit.cloudtrailPresent, [key], [], {
                organizationTrailArn: "arn:aws:cloudtrail:ap-northeast-1:111122223333:trail/org",
            });
        });
        it("fails when a stack with AWS resources has no trail", async () => {
            await assertStackViolations(
                audit.cloudtrailPresent,
                [key],
                [
                    [
                        undefined,
                        "Stack must define a CloudTrail trail (aws.cloudtrail.Trail) or set organizationTrailArn in its policy config.",
                    ],
                ],
            );
        });
    });

    describe(audit.cloudtrailBucketProtected.name, () => {
        const t = exported(aws.cloudtrail.Trail, "trail", trail());
        const bucket = exported(aws.s3.Bucket, "trail-bucket", { bucket: "tng-trail" });
        const protections = [
            exported(aws.s3.BucketPublicAccessBlock, "pab", {
                bucket: "trail-bucket-id",
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            }),
            exported(aws.s3.BucketPolicy, "policy", {
                bucket: "tng-trail",
                policy: doc({
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: "*",
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                }),
            }),
            exported(aws.s3.BucketLoggingV2, "logging", {
                bucket: "trail-bucket-id",
                targetBucket: "tng-logs",
                targetPrefix: "trail/",
            }),
        ];
        it("passes when the trail bucket is blocked, TLS-only and logged", async () => {
            await assertStackViolations(
                audit.cloudtrailBucketProtected,
                [t, bucket, ...protections],
                [],
            );
        });
        it("fails for each missing protection", async () => {
            await assertStackViolations(
                audit.cloudtrailBucketProtected,
                [t, bucket],
                [
                    [
                        t,
                        "CloudTrail trail bucket (s3BucketName) must have a BucketPublicAccessBlock with all four flags true.",
                    ],
                    [
                        t,
                        "CloudTrail trail bucket (s3BucketName) must have a bucket policy denying aws:SecureTransport false.",
                    ],
                    [t, "CloudTrail trail bucket (s3BucketName) must have a BucketLogging."],
                ],
            );
        });
        it('does not report a bucket outside the stack; reports an unknown bucket name as "could not check"', async () => {
            await assertStackViolations(audit.cloudtrailBucketProtected, [t], []);
            const unknownName = exported(aws.cloudtrail.Trail, "trail", {
                ...trail(),
                s3BucketName: unknown<string>(),
            });
            await assertStackUnchecked(
                audit.cloudtrailBucketProtected,
                [unknownName, bucket],
                [[undefined, "could not check s3BucketName: value unknown/secret"]],
            );
        });
    });
});
