import * as assert from "assert";
import { StackKey, stackKeyPolicy } from "../components/security/stackKey";
import { ResourceRecorder } from "../offline/mocks";
import { policyStatements, record, unwrap } from "./harness";

describe("StackKey", () => {
    let rec: ResourceRecorder;
    let key: StackKey;
    before(async () => {
        ({ recorder: rec, value: key } = await record(
            () => new StackKey("k", { accountId: "123456789012", region: "ap-northeast-1" }),
        ));
    });

    it("creates one rotating customer-managed key and its alias", () => {
        assert.deepStrictEqual(rec.countsByType(), {
            "aws:kms/alias:Alias": 1,
            "aws:kms/key:Key": 1,
            "tng:security:StackKey": 1,
        });
        const k = rec.get("aws:kms/key:Key", "k-key");
        assert.strictEqual(k.inputs.enableKeyRotation, true);
        assert.strictEqual(k.inputs.deletionWindowInDays, 30);
        assert.deepStrictEqual(rec.get("aws:kms/alias:Alias", "k-alias").inputs, {
            name: "alias/k",
            targetKeyId: "k-key-key-id",
        });
    });

    it("lets only this account administer it and named services use it for this account", () => {
        const statements = policyStatements(rec.get("aws:kms/key:Key", "k-key").inputs.policy);
        assert.deepStrictEqual(
            statements,
            policyStatements(stackKeyPolicy("123456789012", "ap-northeast-1")),
        );
        assert.deepStrictEqual(statements, [
            {
                Sid: "AccountAdministers",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::123456789012:root" },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchLogsEncrypt",
                Effect: "Allow",
                Principal: { Service: "logs.ap-northeast-1.amazonaws.com" },
                Action: [
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:DescribeKey",
                ],
                Resource: "*",
                Condition: {
                    ArnLike: {
                        "kms:EncryptionContext:aws:logs:arn":
                            "arn:aws:logs:ap-northeast-1:123456789012:log-group:*",
                    },
                },
            },
            {
                Sid: "ServicesOfThisAccount",
                Effect: "Allow",
                Principal: {
                    Service: [
                        "cloudwatch.amazonaws.com",
                        "cloudtrail.amazonaws.com",
                        "cloudfront.amazonaws.com",
                        "delivery.logs.amazonaws.com",
                    ],
                },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            },
        ]);
    });

    it("is neither protected nor retained by default; both with protect (prod's protectData)", async () => {
        const k = rec.get("aws:kms/key:Key", "k-key");
        assert.deepStrictEqual([k.options.protect, k.options.retainOnDelete], [false, false]);
        const { recorder } = await record(
            () =>
                new StackKey("p", {
                    accountId: "123456789012",
                    region: "ap-northeast-1",
                    protect: true,
                }),
        );
        const p = recorder.get("aws:kms/key:Key", "p-key");
        assert.deepStrictEqual([p.options.protect, p.options.retainOnDelete], [true, true]);
    });

    it("outputs the key ARN", async () => {
        assert.strictEqual(
            await unwrap(key.arn),
            "arn:aws:kms:ap-northeast-1:123456789012:key/k-key-key-id",
        );
    });
});

describe("StackKey (EventBridge publishing to encrypted topics)", () => {
    it("adds only the unconditioned EventBridge data-key statement", async () => {
        const { recorder } = await record(
            () =>
                new StackKey("k", {
                    accountId: "123456789012",
                    region: "ap-northeast-1",
                    eventBridgeTopics: true,
                }),
        );
        const statements = policyStatements(recorder.get("aws:kms/key:Key", "k-key").inputs.policy);
        assert.deepStrictEqual(
            statements.slice(0, 3),
            policyStatements(stackKeyPolicy("123456789012", "ap-northeast-1")),
        );
        assert.deepStrictEqual(statements.slice(3), [
            {
                Sid: "EventBridgePublishToEncryptedTopics",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
            },
        ]);
    });
});

describe("StackKey (AWS Config delivery)", () => {
    it("admits config.amazonaws.com for this account only, with the other delivering services", async () => {
        // With the service-linked role Config delivers as its service principal:
        // https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html
        const { recorder } = await record(
            () =>
                new StackKey("k", {
                    accountId: "123456789012",
                    region: "ap-northeast-1",
                    configDelivery: true,
                }),
        );
        const statements = policyStatements(recorder.get("aws:kms/key:Key", "k-key").inputs.policy);
        const plain = policyStatements(stackKeyPolicy("123456789012", "ap-northeast-1"));
        assert.deepStrictEqual(statements.slice(0, 2), plain.slice(0, 2));
        assert.deepStrictEqual(statements.slice(2), [
            {
                Sid: "ServicesOfThisAccount",
                Effect: "Allow",
                Principal: {
                    Service: [
                        "cloudwatch.amazonaws.com",
                        "cloudtrail.amazonaws.com",
                        "cloudfront.amazonaws.com",
                        "delivery.logs.amazonaws.com",
                        "config.amazonaws.com",
                    ],
                },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            },
        ]);
    });
});
