/**
 * ThreatDetection: create, adopt and off for GuardDuty and Security Hub, the findings rule's
 * exact event pattern and input transformer, and every validation message. Mock tests prove what
 * is requested (and the import ids), not that AWS accepts it.
 */
import * as assert from "assert";
import {
    CIS_STANDARDS_ARN,
    fsbpStandardsArn,
    ThreatDetection,
    ThreatDetectionArgs,
    validateThreatDetectionArgs,
} from "../components/security/threatDetection";
import { ResourceRecorder } from "../offline/mocks";
import { freshMocks, recordWithOptions } from "./harness";
import type { RecordedOptions } from "../offline/mocks";

const TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:alarms";
const DETECTOR = "aws:guardduty/detector:Detector";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const HUB = "aws:securityhub/account:Account";
const STANDARD = "aws:securityhub/standardsSubscription:StandardsSubscription";
const DETECTOR_ID = "00b00fd5aecc0ab60a708659477e9617";

function args(overrides: Partial<ThreatDetectionArgs> = {}): ThreatDetectionArgs {
    return {
        guardDuty: "create",
        securityHub: "create",
        alarmTopicArn: TOPIC,
        region: "ap-northeast-1",
        ...overrides,
    };
}

function inputsOf(rec: ResourceRecorder, type: string, name: string): Record<string, unknown> {
    const inputs = { ...rec.get(type, name).inputs };
    delete inputs["__defaults"];
    return inputs;
}

const EXPECTED_TRANSFORMER = {
    inputPaths: {
        severity: "$.detail.severity",
        type: "$.detail.type",
        title: "$.detail.title",
        account: "$.detail.accountId",
        region: "$.detail.region",
        resource: "$.detail.resource.resourceType",
        id: "$.detail.id",
    },
    inputTemplate:
        '"GuardDuty finding, severity <severity>: <title> | Type: <type> | Resource: <resource> | Account <account>, region <region> | https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?search=id%3D<id>"',
};

describe("ThreatDetection (create both)", () => {
    let rec: ResourceRecorder;
    let options: Map<string, RecordedOptions>;
    before(async () => {
        ({ recorder: rec, options } = await recordWithOptions(
            () => new ThreatDetection("td", args()),
        ));
    });

    it("creates a detector, the findings rule and target, the hub and the FSBP subscription", () => {
        assert.deepStrictEqual(rec.countsByType(), {
            [DETECTOR]: 1,
            [RULE]: 1,
            [TARGET]: 1,
            [HUB]: 1,
            [STANDARD]: 1,
            "tng:security:ThreatDetection": 1,
        });
    });

    it("creates an enabled detector publishing updates every 15 minutes, not imported", () => {
        assert.deepStrictEqual(inputsOf(rec, DETECTOR, "td-guardduty"), {
            enable: true,
            findingPublishingFrequency: "FIFTEEN_MINUTES",
        });
        assert.strictEqual(options.get("td-guardduty")!.importId, "");
        assert.strictEqual(options.get("td-guardduty")!.retainOnDelete, false);
    });

    it("matches GuardDuty findings of severity 7 or more", () => {
        const rule = inputsOf(rec, RULE, "td-findings");
        assert.deepStrictEqual(JSON.parse(rule["eventPattern"] as string), {
            source: ["aws.guardduty"],
            "detail-type": ["GuardDuty Finding"],
            detail: { severity: [{ numeric: [">=", 7] }] },
        });
        assert.strictEqual(rule["state"], "ENABLED");
        assert.strictEqual(rule["region"], undefined); // the stack's region, as the topic
    });

    it("sends a readable one-line text to the alarm topic, without a role", () => {
        assert.deepStrictEqual(inputsOf(rec, TARGET, "td-findings-topic"), {
            rule: rec.get(RULE, "td-findings").outputs["name"],
            arn: TOPIC,
            inputTransformer: EXPECTED_TRANSFORMER,
        });
    });

    it("enables Security Hub without default standards and subscribes FSBP after it", () => {
        assert.deepStrictEqual(inputsOf(rec, HUB, "td-securityhub"), {
            enableDefaultStandards: false,
            autoEnableControls: true,
            controlFindingGenerator: "SECURITY_CONTROL",
        });
        assert.deepStrictEqual(inputsOf(rec, STANDARD, "td-fsbp"), {
            standardsArn:
                "arn:aws:securityhub:ap-northeast-1::standards/aws-foundational-security-best-practices/v/1.0.0",
        });
        assert.ok(
            options.get("td-fsbp")!.dependencies.includes(rec.get(HUB, "td-securityhub").urn),
        );
        assert.strictEqual(options.get("td-securityhub")!.importId, "");
    });

    it("registers the detector, rule and hub", () => {
        assert.deepStrictEqual(rec.get("tng:security:ThreatDetection", "td").outputs, {
            detectorId: rec.get(DETECTOR, "td-guardduty").id,
            findingsRuleArn: rec.get(RULE, "td-findings").outputs["arn"],
            securityHubId: rec.get(HUB, "td-securityhub").id,
        });
    });
});

describe("ThreatDetection (adopt both, severity 4)", () => {
    let rec: ResourceRecorder;
    let options: Map<string, RecordedOptions>;
    before(async () => {
        ({ recorder: rec, options } = await recordWithOptions(
            () =>
                new ThreatDetection(
                    "td",
                    args({
                        guardDuty: "adopt",
                        guardDutyDetectorId: DETECTOR_ID,
                        findingSeverity: 4,
                        securityHub: "adopt",
                        accountId: "123456789012",
                    }),
                ),
        ));
    });

    it("imports the detector by id, with no inputs, and keeps it on delete", () => {
        assert.deepStrictEqual(inputsOf(rec, DETECTOR, "td-guardduty"), {});
        assert.strictEqual(options.get("td-guardduty")!.importId, DETECTOR_ID);
        assert.strictEqual(options.get("td-guardduty")!.retainOnDelete, true);
    });

    it("forwards Medium and above", () => {
        assert.deepStrictEqual(
            JSON.parse(inputsOf(rec, RULE, "td-findings")["eventPattern"] as string).detail,
            { severity: [{ numeric: [">=", 4] }] },
        );
        assert.deepStrictEqual(
            inputsOf(rec, TARGET, "td-findings-topic")["inputTransformer"],
            EXPECTED_TRANSFORMER,
        );
    });

    it("imports the hub by account id and the FSBP subscription by its ARN, keeping both", () => {
        assert.deepStrictEqual(inputsOf(rec, HUB, "td-securityhub"), {});
        assert.strictEqual(options.get("td-securityhub")!.importId, "123456789012");
        assert.strictEqual(options.get("td-securityhub")!.retainOnDelete, true);
        assert.strictEqual(
            options.get("td-fsbp")!.importId,
            "arn:aws:securityhub:ap-northeast-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0",
        );
        assert.strictEqual(options.get("td-fsbp")!.retainOnDelete, true);
        assert.deepStrictEqual(inputsOf(rec, STANDARD, "td-fsbp"), {
            standardsArn: fsbpStandardsArn("ap-northeast-1"),
        });
    });
});

describe("ThreatDetection (the CIS standard)", () => {
    it("subscribes CIS v1.2.0 after a created hub", async () => {
        const { recorder: rec, options } = await recordWithOptions(
            () => new ThreatDetection("td", args({ guardDuty: "off", cisStandard: true })),
        );
        assert.deepStrictEqual(inputsOf(rec, STANDARD, "td-cis"), {
            standardsArn: "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
        });
        assert.strictEqual(CIS_STANDARDS_ARN, inputsOf(rec, STANDARD, "td-cis").standardsArn);
        assert.ok(options.get("td-cis")!.dependencies.includes(rec.get(HUB, "td-securityhub").urn));
        assert.strictEqual(options.get("td-cis")!.importId, "");
        assert.strictEqual(rec.ofType(STANDARD).length, 2);
    });

    it("adopts the subscription of an adopted hub by its ARN, keeping it", async () => {
        const { recorder: rec, options } = await recordWithOptions(
            () =>
                new ThreatDetection(
                    "td",
                    args({
                        guardDuty: "off",
                        securityHub: "adopt",
                        accountId: "123456789012",
                        cisStandard: true,
                    }),
                ),
        );
        assert.strictEqual(
            options.get("td-cis")!.importId,
            "arn:aws:securityhub:ap-northeast-1:123456789012:subscription/cis-aws-foundations-benchmark/v/1.2.0",
        );
        assert.strictEqual(options.get("td-cis")!.retainOnDelete, true);
        assert.deepStrictEqual(inputsOf(rec, STANDARD, "td-cis"), {
            standardsArn: CIS_STANDARDS_ARN,
        });
    });

    it("is not subscribed unless asked, and refused without Security Hub", async () => {
        const { recorder: rec } = await recordWithOptions(() => new ThreatDetection("td", args()));
        assert.throws(() => rec.get(STANDARD, "td-cis"));
        assert.deepStrictEqual(
            validateThreatDetectionArgs(args({ securityHub: "off", cisStandard: true })),
            ["`cisStandard` needs Security Hub (`securityHub` create or adopt)."],
        );
    });
});

describe("ThreatDetection (off)", () => {
    it("creates nothing but the component", async () => {
        const { recorder: rec } = await recordWithOptions(
            () => new ThreatDetection("td", args({ guardDuty: "off", securityHub: "off" })),
        );
        assert.deepStrictEqual(rec.countsByType(), { "tng:security:ThreatDetection": 1 });
    });
});

describe("validateThreatDetectionArgs", () => {
    it("accepts the three modes and rejects bad input with exact messages", async () => {
        assert.deepStrictEqual(validateThreatDetectionArgs(args()), []);
        const cases: [Partial<ThreatDetectionArgs>, string[]][] = [
            [
                { guardDuty: "on" as never, securityHub: "yes" as never },
                [
                    "`guardDuty` must be create, adopt or off, got `on`.",
                    "`securityHub` must be create, adopt or off, got `yes`.",
                ],
            ],
            [
                { guardDuty: "adopt" },
                [
                    "`guardDutyDetectorId` must be set when `guardDuty` is adopt (`aws guardduty list-detectors` prints it).",
                ],
            ],
            [
                { guardDuty: "adopt", guardDutyDetectorId: "ABC" },
                ["`guardDutyDetectorId` must be 32 lower-case hex digits, got `ABC`."],
            ],
            [
                { guardDutyDetectorId: DETECTOR_ID },
                ["`guardDutyDetectorId` applies only when `guardDuty` is adopt."],
            ],
            [{ findingSeverity: 0 }, ["`findingSeverity` must be a number from 1 to 10, got 0."]],
            [
                { findingSeverity: 10.5 },
                ["`findingSeverity` must be a number from 1 to 10, got 10.5."],
            ],
            [
                { securityHub: "adopt" },
                [
                    "`accountId` must be the 12-digit account id when `securityHub` is adopt, got `undefined`.",
                ],
            ],
            [{ region: "tokyo" }, ["`region` must be an AWS region name, got `tokyo`."]],
        ];
        for (const [overrides, expected] of cases) {
            assert.deepStrictEqual(validateThreatDetectionArgs(args(overrides)), expected);
        }
        const r = await freshMocks();
        assert.throws(() => new ThreatDetection("bad", args({ findingSeverity: 11 })), {
            message:
                "ThreatDetection bad: `findingSeverity` must be a number from 1 to 10, got 11.",
        });
        assert.strictEqual(r.resources.length, 0);
    });
});
