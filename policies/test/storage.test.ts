import * as aws from "../../sdk/aws";
import { PropsOf } from "../rules/helpers";
import * as rules from "../rules/storage";
import {
    assertResourceViolations,
    assertStackUnchecked,
    assertStackViolations,
    createResourceValidationArgs,
    describeResourcePolicy,
    exported,
    unknown,
} from "./util";

const doc = (...statements: object[]) =>
    JSON.stringify({ Version: "2012-10-17", Statement: statements });
const tlsOnly = {
    Sid: "TlsOnly",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: ["arn:aws:s3:::tng-assets", "arn:aws:s3:::tng-assets/*"],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
};
const oacRead = {
    Effect: "Allow",
    Principal: { Service: "cloudfront.amazonaws.com" },
    Action: "s3:GetObject",
    Resource: "arn:aws:s3:::tng-assets/*",
    Condition: {
        StringEquals: { "AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E1" },
    },
};

const bucket = exported(aws.s3.Bucket, "assets", {}, { outputs: { bucket: "tng-assets" } });
const logs = exported(aws.s3.Bucket, "logs", {}, { outputs: { bucket: "tng-logs" } });

/** The side resources that make `b` compliant. */
function sides(
    b: { urn: string; id?: string },
    name: string,
    overrides: { pab?: object; policy?: string; sse?: object } = {},
) {
    const id = b.id as string;
    return [
        exported(aws.s3.BucketPublicAccessBlock, `${name}-pab`, {
            bucket: id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
            ...overrides.pab,
        }),
        exported(aws.s3.BucketPolicy, `${name}-policy`, {
            bucket: id,
            policy: overrides.policy ?? doc(tlsOnly, oacRead),
        }),
        exported(aws.s3.BucketServerSideEncryptionConfiguration, `${name}-sse`, {
            bucket: id,
            rules: [
                {
                    applyServerSideEncryptionByDefault: {
                        sseAlgorithm: "aws:kms",
                        kmsMasterKeyId: "key-arn",
                    },
                    bucketKeyEnabled: true,
                },
            ],
            ...overrides.sse,
        }),
        exported(aws.s3.BucketVersioning, `${name}-versioning`, {
            bucket: id,
            versioningConfiguration: { status: "Enabled" },
        }),
    ];
}
const logging = exported(aws.s3.BucketLogging, "assets-logging", {
    bucket: "assets-id",
    targetBucket: "tng-logs",
    targetPrefix: "s3/",
});

describe("storage policies", () => {
    describe(rules.s3BucketPublicAccessBlock.name, () => {
        it("passes when the bucket has a full public-access block", async () => {
            await assertStackViolations(
                rules.s3BucketPublicAccessBlock,
                [bucket, ...sides(bucket, "assets")],
                [],
            );
        });
        it("fails when the bucket has no public-access block", async () => {
            await assertStackViolations(
                rules.s3BucketPublicAccessBlock,
                [bucket],
                [[bucket, "S3 bucket must have a BucketPublicAccessBlock."]],
            );
        });
        it("fails on the block when a flag is false or missing", async () => {
            const [pab] = sides(bucket, "assets", {
                pab: { restrictPublicBuckets: false, ignorePublicAcls: undefined },
            });
            await assertStackViolations(
                rules.s3BucketPublicAccessBlock,
                [bucket, pab],
                [
                    [pab, "S3 public access block must set ignorePublicAcls to true."],
                    [pab, "S3 public access block must set restrictPublicBuckets to true."],
                ],
            );
        });
        it('reports only "could not check" for unknown flags or an unknown bucket reference', async () => {
            const [pab] = sides(bucket, "assets", {
                pab: { blockPublicAcls: unknown(), bucket: unknown() },
            });
            await assertStackUnchecked(
                rules.s3BucketPublicAccessBlock,
                [bucket, pab],
                [
                    [undefined, "could not check bucket: value unknown/secret"],
                    [undefined, "could not check blockPublicAcls: value unknown/secret"],
                ],
            );
        });
        it("accepts the deprecated BucketV2 token", async () => {
            const v2 = exported(aws.s3.BucketV2, "assets", {});
            await assertStackViolations(
                rules.s3BucketPublicAccessBlock,
                [v2],
                [[v2, "S3 bucket must have a BucketPublicAccessBlock."]],
            );
        });
    });

    describe(rules.s3BucketSslOnly.name, () => {
        it("passes when the bucket policy denies insecure transport", async () => {
            await assertStackViolations(
                rules.s3BucketSslOnly,
                [bucket, ...sides(bucket, "assets")],
                [],
            );
        });
        it("fails when the policy has no SecureTransport deny", async () => {
            await assertStackViolations(
                rules.s3BucketSslOnly,
                [bucket, ...sides(bucket, "assets", { policy: doc(oacRead) })],
                [
                    [
                        bucket,
                        "S3 bucket must have a bucket policy that denies requests when aws:SecureTransport is false.",
                    ],
                ],
            );
        });
        it("fails when the bucket has no policy", async () => {
            await assertStackViolations(
                rules.s3BucketSslOnly,
                [bucket],
                [
                    [
                        bucket,
                        "S3 bucket must have a bucket policy that denies requests when aws:SecureTransport is false.",
                    ],
                ],
            );
        });
        it('reports only "could not check" when the policy document is unknown', async () => {
            await assertStackUnchecked(
                rules.s3BucketSslOnly,
                [bucket, ...sides(bucket, "assets", { policy: unknown() })],
                [[undefined, "could not check policy: value unknown/secret"]],
            );
        });
    });

    describe(rules.s3BucketEncryption.name, () => {
        it("passes with a KMS or AES256 configuration", async () => {
            await assertStackViolations(
                rules.s3BucketEncryption,
                [bucket, ...sides(bucket, "assets")],
                [],
            );
        });
        it("fails when the bucket has no encryption configuration", async () => {
            await assertStackViolations(
                rules.s3BucketEncryption,
                [bucket],
                [[bucket, "S3 bucket must have a BucketServerSideEncryptionConfiguration."]],
            );
        });
        it("fails on an unsupported algorithm, and config can narrow the list", async () => {
            const sse = sides(bucket, "assets", {
                sse: {
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                },
            })[2];
            await assertStackViolations(
                rules.s3BucketEncryption,
                [bucket, sse],
                [
                    [
                        sse,
                        "S3 encryption configuration must set rules[0].applyServerSideEncryptionByDefault.sseAlgorithm to one of aws:kms.",
                    ],
                ],
                { allowedAlgorithms: ["aws:kms"] },
            );
        });
        it('reports only "could not check" when the reference is unknown', async () => {
            const sse = sides(bucket, "assets", { sse: { bucket: unknown() } })[2];
            await assertStackUnchecked(
                rules.s3BucketEncryption,
                [bucket, sse],
                [[undefined, "could not check bucket: value unknown/secret"]],
            );
        });
    });

    describe(rules.s3BucketKmsEncryption.name, () => {
        it("fails on SSE-S3 for a content bucket but exempts the log target", async () => {
            const aes = {
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            };
            const assetsSse = sides(bucket, "assets", { sse: aes })[2];
            const logsSse = sides(logs, "logs", { sse: aes })[2];
            await assertStackViolations(
                rules.s3BucketKmsEncryption,
                [bucket, logs, assetsSse, logsSse, logging],
                [
                    [
                        assetsSse,
                        "S3 encryption configuration must set rules[0] to sseAlgorithm aws:kms with kmsMasterKeyId and bucketKeyEnabled.",
                    ],
                ],
            );
        });
    });

    describe(rules.s3BucketLogging.name, () => {
        it("passes when the bucket logs to the log bucket, which is exempt itself", async () => {
            await assertStackViolations(rules.s3BucketLogging, [bucket, logs, logging], []);
        });
        it("fails when a bucket has no logging", async () => {
            await assertStackViolations(
                rules.s3BucketLogging,
                [bucket],
                [[bucket, "S3 bucket must have a BucketLogging with targetBucket set."]],
            );
        });
    });

    describe(rules.s3BucketVersioning.name, () => {
        it("passes with versioning Enabled and fails without", async () => {
            await assertStackViolations(
                rules.s3BucketVersioning,
                [bucket, ...sides(bucket, "assets")],
                [],
            );
            await assertStackViolations(
                rules.s3BucketVersioning,
                [bucket],
                [[bucket, "S3 bucket must have a BucketVersioning with status Enabled."]],
            );
        });
    });

    describeResourcePolicy(
        rules.s3BucketNoPublicAcl,
        aws.s3.BucketAcl,
        () => ({ bucket: "assets-id", acl: "private" }),
        [
            {
                title: "acl is public-read",
                mutate: (p) => (p.acl = "public-read"),
                messages: ["S3 bucket ACL must not set acl to public-read."],
            },
            {
                title: "a grant goes to AllUsers",
                mutate: (p) =>
                    (p.accessControlPolicy = {
                        owner: { id: "owner" },
                        grants: [
                            {
                                permission: "READ",
                                grantee: {
                                    type: "Group",
                                    uri: "http://acs.amazonaws.com/groups/global/AllUsers",
                                },
                            },
                        ],
                    }),
                messages: [
                    "S3 bucket ACL must not grant access to AllUsers (accessControlPolicy.grants[0]).",
                ],
            },
            { title: "acl is unknown", mutate: (p) => (p.acl = unknown()), messages: [] },
        ],
    );
    describeResourcePolicy(
        rules.s3BucketPolicyNoPublicPrincipal,
        aws.s3.BucketPolicy,
        () => ({ bucket: "assets-id", policy: doc(tlsOnly, oacRead) }),
        [
            {
                title: "the policy allows Principal * without a condition",
                mutate: (p) =>
                    (p.policy = doc({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: "arn:aws:s3:::tng-assets/*",
                    })),
                messages: [
                    "S3 bucket policy must not allow Principal * without a condition that restricts the caller (policy Statement[0]).",
                ],
            },
            {
                title: "the public Allow is limited by aws:SourceVpce",
                mutate: (p) =>
                    (p.policy = doc({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: "x",
                        Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } },
                    })),
                messages: [],
            },
            { title: "the policy is unknown", mutate: (p) => (p.policy = unknown()), messages: [] },
        ],
    );
    describeResourcePolicy(
        rules.s3BucketOwnershipEnforced,
        aws.s3.BucketOwnershipControls,
        () => ({ bucket: "assets-id", rule: { objectOwnership: "BucketOwnerEnforced" } }),
        [
            {
                title: "objectOwnership is BucketOwnerPreferred",
                mutate: (p) => (p.rule = { objectOwnership: "BucketOwnerPreferred" }),
                messages: [
                    "S3 ownership controls must set rule.objectOwnership to BucketOwnerEnforced.",
                ],
            },
        ],
    );
    it("s3-no-website-configuration fails for any website configuration resource", async () => {
        for (const cls of [
            aws.s3.BucketWebsiteConfiguration,
            aws.s3.BucketWebsiteConfigurationV2,
        ]) {
            await assertResourceViolations(
                rules.s3NoWebsiteConfiguration,
                createResourceValidationArgs(cls as typeof aws.s3.BucketWebsiteConfiguration, {
                    bucket: "assets-id",
                    indexDocument: { suffix: "index.html" },
                }),
                [
                    "S3 bucket must not have a website configuration; serve it through CloudFront with OAC.",
                ],
            );
        }
    });
    describeResourcePolicy(
        rules.s3NoWebsiteConfiguration,
        aws.s3.Bucket,
        (): PropsOf<aws.s3.BucketArgs> => ({}),
        [
            {
                title: "the inline website is set",
                mutate: (p) => (p.website = { indexDocument: "index.html" }),
                messages: ["S3 bucket must not set website; serve it through CloudFront with OAC."],
            },
        ],
    );

    const cors = (): PropsOf<aws.s3.BucketCorsConfigurationArgs> => ({
        bucket: "assets-id",
        corsRules: [{ allowedOrigins: ["*"], allowedMethods: ["GET", "HEAD"] }],
    });
    describeResourcePolicy(rules.s3CorsNoPublicWrite, aws.s3.BucketCorsConfiguration, cors, [
        {
            title: "origin * may PUT and DELETE",
            mutate: (p) =>
                (p.corsRules = [
                    { allowedOrigins: ["*"], allowedMethods: ["GET", "PUT", "DELETE"] },
                ]),
            messages: [
                "S3 CORS configuration must not allow PUT, DELETE from origin * (corsRules[0]).",
            ],
        },
        {
            title: "a named origin may PUT",
            mutate: (p) =>
                (p.corsRules = [
                    { allowedOrigins: ["https://www.example.jp"], allowedMethods: ["PUT"] },
                ]),
            messages: [],
        },
        { title: "the rules are unknown", mutate: (p) => (p.corsRules = unknown()), messages: [] },
    ]);
    describeResourcePolicy(rules.s3CorsNoPublicWrite, aws.s3.BucketCorsConfigurationV2, cors, [
        {
            title: "origin * may POST (V2 alias)",
            mutate: (p) => (p.corsRules = [{ allowedOrigins: ["*"], allowedMethods: ["POST"] }]),
            messages: ["S3 CORS configuration must not allow POST from origin * (corsRules[0])."],
        },
    ]);
});
