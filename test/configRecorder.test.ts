/**
 * ConfigRecorder: create (service-linked role, all resources with the global types, continuous,
 * delivery to the log bucket's config/ prefix, the status that starts it, in that order), adopt
 * (the recorder's status imported by name and kept on delete) and every validation message. A
 * mock test proves what is requested, not that AWS accepts it (nor that the account has no
 * recorder yet: the prod stack file says how to check).
 */
import * as assert from "assert";
import {
    ConfigRecorder,
    ConfigRecorderArgs,
    configServiceLinkedRoleArn,
    validateConfigRecorderArgs,
} from "../components/security/configRecorder";
import type { RecordedOptions } from "../offline/mocks";
import { ResourceRecorder } from "../offline/mocks";
import { freshMocks, recordWithOptions } from "./harness";

const ACCOUNT = "123456789012";
const RECORDER = "aws:cfg/recorder:Recorder";
const CHANNEL = "aws:cfg/deliveryChannel:DeliveryChannel";
const STATUS = "aws:cfg/recorderStatus:RecorderStatus";
const SLR = "aws:iam/serviceLinkedRole:ServiceLinkedRole";

function inputsOf(rec: ResourceRecorder, type: string, name: string): Record<string, unknown> {
    const inputs = { ...rec.get(type, name).inputs };
    delete inputs["__defaults"];
    return inputs;
}

const KEY_ARN = "arn:aws:kms:ap-northeast-1:123456789012:key/stack";

describe("ConfigRecorder (create)", () => {
    let rec: ResourceRecorder;
    let options: Map<string, RecordedOptions>;
    before(async () => {
        ({ recorder: rec, options } = await recordWithOptions(
            () =>
                new ConfigRecorder("cr", {
                    mode: "create",
                    accountId: ACCOUNT,
                    bucketName: "tng-prod-logs-1",
                    kmsKeyArn: KEY_ARN,
                }),
        ));
    });

    it("creates the service-linked role, recorder, delivery channel and status", () => {
        assert.deepStrictEqual(rec.countsByType(), {
            [CHANNEL]: 1,
            [RECORDER]: 1,
            [STATUS]: 1,
            [SLR]: 1,
            "tng:security:ConfigRecorder": 1,
        });
    });

    it("records every supported type with the global ones, continuously, as the service-linked role", () => {
        assert.deepStrictEqual(inputsOf(rec, SLR, "cr-service-role"), {
            awsServiceName: "config.amazonaws.com",
            description: "AWS Config records the account's resources",
        });
        assert.strictEqual(options.get("cr-service-role")!.retainOnDelete, true);
        const recorder = inputsOf(rec, RECORDER, "cr-recorder");
        delete recorder["name"];
        assert.deepStrictEqual(recorder, {
            roleArn: rec.get(SLR, "cr-service-role").outputs["arn"],
            recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
            recordingMode: { recordingFrequency: "CONTINUOUS" },
        });
    });

    it("delivers to the log bucket's config/ prefix daily, encrypted with the stack key, then starts the recorder", () => {
        const channel = inputsOf(rec, CHANNEL, "cr-delivery");
        delete channel["name"];
        assert.deepStrictEqual(channel, {
            s3BucketName: "tng-prod-logs-1",
            s3KeyPrefix: "config",
            s3KmsKeyArn: KEY_ARN,
            snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
        });
        assert.ok(
            options.get("cr-delivery")!.dependencies.includes(rec.get(RECORDER, "cr-recorder").urn),
        );
        assert.deepStrictEqual(inputsOf(rec, STATUS, "cr-status"), {
            name: rec.get(RECORDER, "cr-recorder").outputs["name"],
            isEnabled: true,
        });
        assert.ok(
            options.get("cr-status")!.dependencies.includes(rec.get(CHANNEL, "cr-delivery").urn),
        );
    });

    it("uses the existing service-linked role when told it exists", async () => {
        const { recorder: r } = await recordWithOptions(
            () =>
                new ConfigRecorder("cr", {
                    mode: "create",
                    accountId: ACCOUNT,
                    bucketName: "b",
                    kmsKeyArn: KEY_ARN,
                    serviceLinkedRoleExists: true,
                }),
        );
        assert.strictEqual(r.ofType(SLR).length, 0);
        assert.strictEqual(
            r.get(RECORDER, "cr-recorder").inputs["roleArn"],
            "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
        );
        assert.strictEqual(
            configServiceLinkedRoleArn(ACCOUNT),
            r.get(RECORDER, "cr-recorder").inputs["roleArn"],
        );
    });
});

describe("ConfigRecorder (adopt)", () => {
    it("imports only the recorder's status by name, keeps it enabled and on delete", async () => {
        const { recorder: rec, options } = await recordWithOptions(
            () =>
                new ConfigRecorder("cr", {
                    mode: "adopt",
                    accountId: ACCOUNT,
                    recorderName: "default",
                }),
        );
        assert.deepStrictEqual(rec.countsByType(), {
            [STATUS]: 1,
            "tng:security:ConfigRecorder": 1,
        });
        assert.deepStrictEqual(inputsOf(rec, STATUS, "cr-status"), {
            name: "default",
            isEnabled: true,
        });
        assert.strictEqual(options.get("cr-status")!.importId, "default");
        assert.strictEqual(options.get("cr-status")!.retainOnDelete, true);
    });
});

describe("validateConfigRecorderArgs", () => {
    it("accepts create and adopt and rejects bad input with exact messages", async () => {
        const base = { accountId: ACCOUNT };
        assert.deepStrictEqual(
            validateConfigRecorderArgs({
                ...base,
                mode: "create",
                bucketName: "b",
                kmsKeyArn: KEY_ARN,
            }),
            [],
        );
        assert.deepStrictEqual(
            validateConfigRecorderArgs({ ...base, mode: "adopt", recorderName: "default" }),
            [],
        );
        const cases: [ConfigRecorderArgs, string[]][] = [
            [{ ...base, mode: "off" as never }, ["`mode` must be create or adopt, got `off`."]],
            [
                { ...base, mode: "create", kmsKeyArn: KEY_ARN },
                ["`bucketName` must be set when `mode` is create (the delivery channel's bucket)."],
            ],
            [
                { ...base, mode: "create", bucketName: "b" },
                [
                    "`kmsKeyArn` must be set when `mode` is create (the key the delivery channel encrypts with).",
                ],
            ],
            [
                {
                    ...base,
                    mode: "create",
                    bucketName: "b",
                    kmsKeyArn: KEY_ARN,
                    recorderName: "default",
                },
                ["`recorderName` applies only when `mode` is adopt."],
            ],
            [
                { ...base, mode: "adopt", recorderName: "two words" },
                [
                    "`recorderName` must be the existing recorder's name when `mode` is adopt, got `two words`.",
                ],
            ],
            [
                { ...base, mode: "adopt", recorderName: "default", bucketName: "b" },
                [
                    "`bucketName`, `kmsKeyArn` and `serviceLinkedRoleExists` apply only when `mode` is create.",
                ],
            ],
            [
                { ...base, mode: "adopt", recorderName: "default", kmsKeyArn: KEY_ARN },
                [
                    "`bucketName`, `kmsKeyArn` and `serviceLinkedRoleExists` apply only when `mode` is create.",
                ],
            ],
        ];
        for (const [a, expected] of cases) {
            assert.deepStrictEqual(validateConfigRecorderArgs(a), expected, JSON.stringify(a));
        }
        const r = await freshMocks();
        assert.throws(() => new ConfigRecorder("bad", { ...base, mode: "create" }), {
            message:
                "ConfigRecorder bad: `bucketName` must be set when `mode` is create (the delivery channel's bucket). `kmsKeyArn` must be set when `mode` is create (the key the delivery channel encrypts with).",
        });
        assert.strictEqual(r.resources.length, 0);
    });
});
