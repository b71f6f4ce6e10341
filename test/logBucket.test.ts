import * as assert from "assert";
import { LogBucket, writerStatements } from "../components/storage/logBucket";
import { ResourceRecorder } from "../offline/mocks";
import { policyStatements, record } from "./harness";

const ARN = "arn:aws:s3:::l-0a1b2c3";

describe("LogBucket", () => {
    let rec: ResourceRecorder;
    before(async () => {
        ({ recorder: rec } = await record(
            () =>
                new LogBucket("l", {
                    writers: ["alb", "s3AccessLogs", "cloudfront"],
                    retentionDays: 30,
                    accountId: "123456789012",
                    region: "ap-northeast-1",
                }),
        ));
    });

    it("is an SSE-S3, unversioned PrivateBucket expiring logs after the retention", () => {
        assert.strictEqual(rec.ofType("tng:storage:PrivateBucket").length, 1);
        assert.strictEqual(rec.ofType("aws:s3/bucketVersioning:BucketVersioning").length, 0);
        assert.deepStrictEqual(
            rec.get(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "l-encryption",
            ).inputs.rules,
            [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        );
        const rule = (
            rec.get(
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                "l-lifecycle",
            ).inputs.rules as Record<string, unknown>[]
        )[0];
        assert.deepStrictEqual(rule.expiration, { days: 30 });
    });

    it("grants each writer only its prefix, confined to this account", () => {
        const statements = policyStatements(
            rec.get("aws:s3/bucketPolicy:BucketPolicy", "l-policy").inputs.policy,
        );
        assert.deepStrictEqual(statements.slice(1), [
            {
                Sid: "ElbAccessLogs",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::582318560864:root" },
                Action: "s3:PutObject",
                Resource: `${ARN}/alb/AWSLogs/123456789012/*`,
            },
            {
                Sid: "S3ServerAccessLogs",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${ARN}/s3-access/*`,
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            },
            {
                Sid: "LogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${ARN}/cloudfront/*`,
                Condition: {
                    StringEquals: {
                        "aws:SourceAccount": "123456789012",
                        "s3:x-amz-acl": "bucket-owner-full-control",
                    },
                },
            },
            {
                Sid: "LogDeliveryAclCheck",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: ARN,
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            },
        ]);
        assert.strictEqual(statements[0].Sid, "DenyInsecureTransport");
    });

    it("uses the ELB service principal in regions without a log-delivery account", () => {
        assert.deepStrictEqual(
            writerStatements("alb", "123456789012", "ap-southeast-5")[0].Principal,
            {
                Service: "logdelivery.elasticloadbalancing.amazonaws.com",
            },
        );
    });

    it("needs at least one writer", () => {
        assert.throws(
            () =>
                new LogBucket("e", {
                    writers: [],
                    retentionDays: 1,
                    accountId: "1",
                    region: "ap-northeast-1",
                }),
            {
                message: "LogBucket e: `writers` must name at least one service.",
            },
        );
    });
});

describe("LogBucket (AWS Config writer)", () => {
    it("admits AWS Config's service principal: ACL and existence checks, writes under config/ only", () => {
        assert.deepStrictEqual(writerStatements("config", "123456789012", "ap-northeast-1"), [
            {
                Sid: "AWSConfigBucketPermissionsCheck",
                Effect: "Allow",
                Principal: { Service: "config.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: "{{bucketArn}}",
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            },
            {
                Sid: "AWSConfigBucketExistenceCheck",
                Effect: "Allow",
                Principal: { Service: "config.amazonaws.com" },
                Action: "s3:ListBucket",
                Resource: "{{bucketArn}}",
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            },
            {
                Sid: "AWSConfigBucketDelivery",
                Effect: "Allow",
                Principal: { Service: "config.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: "{{bucketArn}}/config/AWSLogs/123456789012/Config/*",
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
