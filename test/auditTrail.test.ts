import * as assert from "assert";
import { AuditTrail } from "../components/audit/auditTrail";
import { ResourceRecorder } from "../offline/mocks";
import { policyStatements, record } from "./harness";

const KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/k";
const ARN = "arn:aws:s3:::a-logs-0a1b2c3";

describe("AuditTrail", () => {
    let rec: ResourceRecorder;
    before(async () => {
        ({ recorder: rec } = await record(
            () =>
                new AuditTrail("a", {
                    kmsKeyArn: KEY,
                    accessLogBucketName: "logs",
                    retentionDays: 365,
                    accountId: "123456789012",
                }),
        ));
    });

    it("is a multi-region, validated, KMS-encrypted trail into its own bucket", () => {
        assert.strictEqual(rec.ofType("aws:cloudtrail/trail:Trail").length, 1);
        const trail = rec.get("aws:cloudtrail/trail:Trail", "a-trail").inputs;
        assert.strictEqual(trail.s3BucketName, "a-logs-0a1b2c3");
        assert.strictEqual(trail.kmsKeyId, KEY);
        assert.strictEqual(trail.isMultiRegionTrail, true);
        assert.strictEqual(trail.includeGlobalServiceEvents, true);
        assert.strictEqual(trail.enableLogFileValidation, true);
        assert.strictEqual(trail.enableLogging, true);
    });

    it("keeps its bucket private, KMS-encrypted, versioned, access-logged and expiring", () => {
        assert.strictEqual(rec.ofType("aws:s3/bucket:Bucket").length, 1);
        assert.deepStrictEqual(
            rec.get(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "a-logs-encryption",
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
        assert.strictEqual(rec.ofType("aws:s3/bucketVersioning:BucketVersioning").length, 1);
        const logging = rec.get("aws:s3/bucketLogging:BucketLogging", "a-logs-logging").inputs;
        assert.deepStrictEqual(
            [logging.targetBucket, logging.targetPrefix],
            ["logs", "s3-access/audit/"],
        );
        const rule = (
            rec.get(
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                "a-logs-lifecycle",
            ).inputs.rules as Record<string, unknown>[]
        )[0];
        assert.deepStrictEqual(rule.expiration, { days: 365 });
    });

    it("lets only CloudTrail, for this account, check the ACL and write its prefix", () => {
        const statements = policyStatements(
            rec.get("aws:s3/bucketPolicy:BucketPolicy", "a-logs-policy").inputs.policy,
        );
        assert.deepStrictEqual(statements.slice(1), [
            {
                Sid: "CloudTrailAclCheck",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: ARN,
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            },
            {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${ARN}/AWSLogs/123456789012/*`,
                Condition: {
                    StringEquals: {
                        "aws:SourceAccount": "123456789012",
                        "s3:x-amz-acl": "bucket-owner-full-control",
                    },
                },
            },
        ]);
    });
});
