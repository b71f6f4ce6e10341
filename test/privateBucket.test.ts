import * as assert from "assert";
import { PrivateBucket, PrivateBucketArgs } from "../components/storage/privateBucket";
import { ResourceRecorder } from "../offline/mocks";
import { policyStatements, record } from "./harness";

const KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/k";

describe("PrivateBucket", () => {
    describe("with KMS, access logs, CORS and a grant", () => {
        let rec: ResourceRecorder;
        before(async () => {
            const args: PrivateBucketArgs = {
                encryption: "kms",
                kmsKeyArn: KEY,
                expireAfterDays: 90,
                accessLogs: { bucket: "logs-bucket", prefix: "s3-access/b/" },
                corsRules: [{ allowedMethods: ["GET"], allowedOrigins: ["https://a.example"] }],
                statements: [
                    {
                        Sid: "Grant",
                        Effect: "Allow",
                        Principal: { Service: "x.amazonaws.com" },
                        Action: "s3:GetObject",
                        Resource: "{{bucketArn}}/*",
                    },
                ],
            };
            ({ recorder: rec } = await record(() => new PrivateBucket("b", args)));
        });

        it("creates exactly the bucket and its eight settings", () => {
            assert.deepStrictEqual(rec.countsByType(), {
                "aws:s3/bucket:Bucket": 1,
                "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": 1,
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 1,
                "aws:s3/bucketLogging:BucketLogging": 1,
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 1,
                "aws:s3/bucketPolicy:BucketPolicy": 1,
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 1,
                "aws:s3/bucketVersioning:BucketVersioning": 1,
                "tng:storage:PrivateBucket": 1,
            });
        });

        it("blocks every kind of public access and disables ACLs", () => {
            assert.deepStrictEqual(
                rec.get("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "b-public-access")
                    .inputs,
                {
                    bucket: "b-0a1b2c3",
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                },
            );
            assert.deepStrictEqual(
                rec.get("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "b-ownership")
                    .inputs.rule,
                {
                    objectOwnership: "BucketOwnerEnforced",
                },
            );
        });

        it("encrypts with the stack key and a bucket key", () => {
            assert.deepStrictEqual(
                rec.get(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    "b-encryption",
                ).inputs.rules,
                [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: KEY,
                        },
                        bucketKeyEnabled: true,
                    },
                ],
            );
        });

        it("denies plain HTTP before any grant, with the ARN token replaced", () => {
            assert.deepStrictEqual(
                policyStatements(
                    rec.get("aws:s3/bucketPolicy:BucketPolicy", "b-policy").inputs.policy,
                ),
                [
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: ["arn:aws:s3:::b-0a1b2c3", "arn:aws:s3:::b-0a1b2c3/*"],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                    {
                        Sid: "Grant",
                        Effect: "Allow",
                        Principal: { Service: "x.amazonaws.com" },
                        Action: "s3:GetObject",
                        Resource: "arn:aws:s3:::b-0a1b2c3/*",
                    },
                ],
            );
        });

        it("expires objects, old versions and abandoned uploads; versions and logs access", () => {
            assert.deepStrictEqual(
                rec.get(
                    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                    "b-lifecycle",
                ).inputs.rules,
                [
                    {
                        id: "expire",
                        status: "Enabled",
                        filter: {},
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                        noncurrentVersionExpiration: { noncurrentDays: 30 },
                        expiration: { days: 90 },
                    },
                ],
            );
            assert.deepStrictEqual(
                rec.get("aws:s3/bucketVersioning:BucketVersioning", "b-versioning").inputs
                    .versioningConfiguration,
                { status: "Enabled" },
            );
            const logging = rec.get("aws:s3/bucketLogging:BucketLogging", "b-logging").inputs;
            assert.strictEqual(logging.targetBucket, "logs-bucket");
            assert.strictEqual(logging.targetPrefix, "s3-access/b/");
            assert.deepStrictEqual(
                rec.get("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration", "b-cors").inputs
                    .corsRules,
                [{ allowedMethods: ["GET"], allowedOrigins: ["https://a.example"] }],
            );
        });
    });

    describe("minimal: SSE-S3, no versioning, no logging, no CORS", () => {
        let rec: ResourceRecorder;
        before(async () => {
            ({ recorder: rec } = await record(
                () => new PrivateBucket("m", { encryption: "s3", versioning: false }),
            ));
        });

        it("leaves out the optional children and never expires current objects", () => {
            for (const type of [
                "aws:s3/bucketVersioning:BucketVersioning",
                "aws:s3/bucketLogging:BucketLogging",
                "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
            ]) {
                assert.strictEqual(rec.ofType(type).length, 0, type);
            }
            assert.deepStrictEqual(
                rec.get(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    "m-encryption",
                ).inputs.rules,
                [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            );
            const rule = (
                rec.get(
                    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                    "m-lifecycle",
                ).inputs.rules as Record<string, unknown>[]
            )[0];
            assert.strictEqual(rule.expiration, undefined);
            assert.strictEqual(
                policyStatements(
                    rec.get("aws:s3/bucketPolicy:BucketPolicy", "m-policy").inputs.policy,
                ).length,
                1,
            );
        });
    });

    describe("with Object Lock (governance) and protect", () => {
        let rec: ResourceRecorder;
        before(async () => {
            ({ recorder: rec } = await record(
                () =>
                    new PrivateBucket("a", {
                        encryption: "kms",
                        kmsKeyArn: KEY,
                        expireAfterDays: 365,
                        protect: true,
                        objectLock: { mode: "GOVERNANCE", days: 365 },
                    }),
            ));
        });

        it("adds Object Lock as its own resource after versioning, never on the bucket (ForceNew)", () => {
            const lock = rec.get(
                "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
                "a-object-lock",
            );
            assert.deepStrictEqual(lock.inputs, {
                bucket: "a-0a1b2c3",
                objectLockEnabled: "Enabled",
                rule: { defaultRetention: { mode: "GOVERNANCE", days: 365 } },
            });
            const versioning = rec.get("aws:s3/bucketVersioning:BucketVersioning", "a-versioning");
            assert.ok(lock.options.dependencies.includes(versioning.urn));
            const bucket = rec.get("aws:s3/bucket:Bucket", "a");
            assert.deepStrictEqual(bucket.inputs, { forceDestroy: false });
            assert.strictEqual(bucket.options.protect, true);
        });
    });

    it("validates its plain args", () => {
        assert.throws(
            () =>
                new PrivateBucket("z", {
                    encryption: "s3",
                    versioning: false,
                    objectLock: { mode: "GOVERNANCE", days: 30 },
                }),
            { message: "PrivateBucket z: `objectLock` needs `versioning`." },
        );
        assert.throws(
            () =>
                new PrivateBucket("w", {
                    encryption: "s3",
                    objectLock: { mode: "GOVERNANCE", days: 0 },
                }),
            {
                message:
                    "PrivateBucket w: `objectLock.days` must be a whole number of days, at least 1.",
            },
        );
        assert.throws(() => new PrivateBucket("x", { encryption: "kms" }), {
            message: 'PrivateBucket x: `kmsKeyArn` is required when `encryption` is "kms".',
        });
        assert.throws(() => new PrivateBucket("y", { encryption: "s3", expireAfterDays: 0 }), {
            message:
                "PrivateBucket y: `expireAfterDays` must be a whole number of days, at least 1.",
        });
    });
});
