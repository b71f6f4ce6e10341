/**
 * ThreatDetection: GuardDuty and Security Hub in the stack's region, and GuardDuty findings at or
 * above a severity reaching the alarm topic as a readable e-mail (the migration notes: セキュリティイベント監視).
 *
 * Each service is `create`d, `adopt`ed or left `off`:
 * - GuardDuty allows one detector per account per region ("You can have only one detector per
 *   account per Region", https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html),
 *   and an account often has one already (enabled by hand or by an Organizations administrator),
 *   so creating a second fails. `aws guardduty list-detectors --region <region>` prints the id
 *   to adopt; an empty list means `create`.
 * - Security Hub is enabled once per account and region ("Account is already subscribed to
 *   Security Hub" otherwise). `aws securityhub describe-hub --region <region>` succeeds when it is
 *   enabled (adopt) and fails with InvalidAccessException when not (create);
 *   `aws securityhub get-enabled-standards` lists the standards to adopt with it.
 *
 * Adoption takes the existing resource into the stack with the `import` option and
 * `retainOnDelete`, so removing it from the stack never disables the account's detector or hub
 * (deleting an `aws.securityhub.Account` disables Security Hub for the account). Adoption needs no
 * data-source call: the ids come from settings. Adopted resources are given no optional inputs,
 * so the import takes them as they are.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsError } from "../errors";
import { REGION_PATTERN } from "../patterns";

/** How the stack treats a service that exists at most once per account and region. */
export type ServiceMode = "create" | "adopt" | "off";
export const SERVICE_MODES: readonly ServiceMode[] = ["create", "adopt", "off"];

/** A GuardDuty detector id (as `aws guardduty list-detectors` prints it) and an account id. */
export const GUARDDUTY_DETECTOR_ID = /^[0-9a-f]{32}$/;
export const ACCOUNT_ID = /^\d{12}$/;

/** Findings at or above this severity are forwarded by default: High (7.0–8.9) and Critical. */
export const DEFAULT_FINDING_SEVERITY = 7;

/**
 * The AWS Foundational Security Best Practices standard of a region, and the ARN of an account's
 * subscription to it (the import id). Formats from the provider's StandardsSubscription docs.
 */
export function fsbpStandardsArn(region: string): string {
    return `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
}
export function fsbpSubscriptionArn(region: string, accountId: string): string {
    return `arn:aws:securityhub:${region}:${accountId}:subscription/aws-foundational-security-best-practices/v/1.0.0`;
}

/**
 * The CIS AWS Foundations Benchmark v1.2.0 standard (global ARN: no region) and an account's
 * subscription to it. v1.2.0 is the version whose controls include all of CloudWatch.1–14 (v1.4.0
 * has no CloudWatch.2 and .3): https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html ;
 * ARN formats from the provider's StandardsSubscription docs.
 */
export const CIS_STANDARDS_ARN =
    "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0";
export function cisSubscriptionArn(region: string, accountId: string): string {
    return `arn:aws:securityhub:${region}:${accountId}:subscription/cis-aws-foundations-benchmark/v/1.2.0`;
}

/**
 * The EventBridge pattern: GuardDuty findings with severity at or above `minSeverity` (numeric
 * matching). Event shape: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_cloudwatch.html ;
 * severity levels (Low 1.0–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0):
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html
 */
export function findingEventPattern(minSeverity: number): string {
    return JSON.stringify({
        source: ["aws.guardduty"],
        "detail-type": ["GuardDuty Finding"],
        detail: { severity: [{ numeric: [">=", minSeverity] }] },
    });
}

/**
 * The e-mail text: what, how bad, where, and a link to the finding. A quoted template sends a
 * plain string (EventBridge: "To send a string value, the string value must include double
 * quotes"). Paths are fields of the finding in the event's `detail`.
 */
export const FINDING_INPUT_PATHS: Readonly<Record<string, string>> = {
    severity: "$.detail.severity",
    type: "$.detail.type",
    title: "$.detail.title",
    account: "$.detail.accountId",
    region: "$.detail.region",
    resource: "$.detail.resource.resourceType",
    id: "$.detail.id",
};
export const FINDING_INPUT_TEMPLATE =
    '"GuardDuty finding, severity <severity>: <title> | Type: <type> | Resource: <resource> | Account <account>, region <region> | https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?search=id%3D<id>"';

export interface ThreatDetectionArgs {
    /** GuardDuty: create a detector, adopt `guardDutyDetectorId`, or off (no rule either). */
    readonly guardDuty: ServiceMode;
    /** The existing detector (32 hex digits, from `aws guardduty list-detectors`); adopt only. */
    readonly guardDutyDetectorId?: string;
    /** Forward findings at or above this severity, 1–10. Defaults to 7 (High and Critical). */
    readonly findingSeverity?: number;
    /** The stack's alarm topic (same region as the rule; it must admit EventBridge). */
    readonly alarmTopicArn: pulumi.Input<string>;
    /** Security Hub with the FSBP standard: create, adopt (hub and FSBP subscription), or off. */
    readonly securityHub: ServiceMode;
    /** The stack's region (the FSBP standard ARN and the adoption ids name it). */
    readonly region: string;
    /** This account, 12 digits: the import ids of an adopted hub. Needed for securityHub adopt. */
    readonly accountId?: string;
    /**
     * Subscribe the CIS AWS Foundations Benchmark v1.2.0 standard too, so the trail's metric-filter
     * alarms are scored (CloudWatch.1–14); with an adopted hub the subscription is adopted. Needs
     * Security Hub. Defaults to false.
     */
    readonly cisStandard?: boolean;
}

/** Every problem with the plain args, in the component's message style. */
export function validateThreatDetectionArgs(args: ThreatDetectionArgs): string[] {
    const problems: string[] = [];
    for (const key of ["guardDuty", "securityHub"] as const) {
        if (!SERVICE_MODES.includes(args[key])) {
            problems.push(`\`${key}\` must be create, adopt or off, got \`${String(args[key])}\`.`);
        }
    }
    if (args.guardDuty === "adopt") {
        if (args.guardDutyDetectorId === undefined) {
            problems.push(
                "`guardDutyDetectorId` must be set when `guardDuty` is adopt (`aws guardduty list-detectors` prints it).",
            );
        } else if (!GUARDDUTY_DETECTOR_ID.test(args.guardDutyDetectorId)) {
            problems.push(
                `\`guardDutyDetectorId\` must be 32 lower-case hex digits, got \`${args.guardDutyDetectorId}\`.`,
            );
        }
    } else if (args.guardDutyDetectorId !== undefined) {
        problems.push("`guardDutyDetectorId` applies only when `guardDuty` is adopt.");
    }
    const severity = args.findingSeverity ?? DEFAULT_FINDING_SEVERITY;
    if (!Number.isFinite(severity) || severity < 1 || severity > 10) {
        problems.push(`\`findingSeverity\` must be a number from 1 to 10, got ${severity}.`);
    }
    if (args.securityHub === "adopt") {
        if (args.accountId === undefined || !ACCOUNT_ID.test(args.accountId)) {
            problems.push(
                `\`accountId\` must be the 12-digit account id when \`securityHub\` is adopt, got \`${String(args.accountId)}\`.`,
            );
        }
    }
    if (args.cisStandard && args.securityHub === "off") {
        problems.push("`cisStandard` needs Security Hub (`securityHub` create or adopt).");
    }
    if (!REGION_PATTERN.test(args.region)) {
        problems.push(`\`region\` must be an AWS region name, got \`${args.region}\`.`);
    }
    return problems;
}

export class ThreatDetection extends pulumi.ComponentResource {
    /** The GuardDuty detector id; undefined when GuardDuty is off. */
    public readonly detectorId: pulumi.Output<string> | undefined;
    /** The findings rule; undefined when GuardDuty is off. */
    public readonly findingsRuleArn: pulumi.Output<string> | undefined;
    /** The Security Hub account resource id; undefined when Security Hub is off. */
    public readonly securityHubId: pulumi.Output<string> | undefined;

    /**
     * @param name The _unique_ name of this component.
     * @param args Modes, ids, severity threshold and the alarm topic.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: ThreatDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:security:ThreatDetection", name, {}, opts);
        const problems = validateThreatDetectionArgs(args);
        if (problems.length > 0) {
            throw new ArgsError(`ThreatDetection ${name}: ${problems.join(" ")}`);
        }
        const parent = { parent: this };
        // An adopted resource stays in the account when it leaves the stack.
        const adopted = (id: string) => ({ parent: this, import: id, retainOnDelete: true });

        this.detectorId = undefined;
        this.findingsRuleArn = undefined;
        if (args.guardDuty !== "off") {
            const detector =
                args.guardDuty === "create"
                    ? new aws.guardduty.Detector(
                          `${name}-guardduty`,
                          // New findings reach EventBridge within minutes either way; this makes
                          // updates to existing findings arrive every 15 minutes, not 6 hours.
                          { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" },
                          parent,
                      )
                    : new aws.guardduty.Detector(
                          `${name}-guardduty`,
                          {},
                          adopted(args.guardDutyDetectorId!),
                      );
            const rule = new aws.cloudwatch.EventRule(
                `${name}-findings`,
                {
                    description: `GuardDuty findings of severity ${args.findingSeverity ?? DEFAULT_FINDING_SEVERITY} or more, to the alarm topic`,
                    eventPattern: findingEventPattern(
                        args.findingSeverity ?? DEFAULT_FINDING_SEVERITY,
                    ),
                    state: "ENABLED",
                },
                parent,
            );
            // No roleArn: SNS targets use the topic's resource policy (EventBridge guide).
            new aws.cloudwatch.EventTarget(
                `${name}-findings-topic`,
                {
                    rule: rule.name,
                    arn: args.alarmTopicArn,
                    inputTransformer: {
                        inputPaths: { ...FINDING_INPUT_PATHS },
                        inputTemplate: FINDING_INPUT_TEMPLATE,
                    },
                },
                parent,
            );
            this.detectorId = detector.id;
            this.findingsRuleArn = rule.arn;
        }

        this.securityHubId = undefined;
        if (args.securityHub !== "off") {
            const create = args.securityHub === "create";
            const hub = create
                ? new aws.securityhub.Account(
                      `${name}-securityhub`,
                      {
                          // Standards are managed explicitly below: only FSBP.
                          enableDefaultStandards: false,
                          autoEnableControls: true,
                          // One finding per control across standards.
                          controlFindingGenerator: "SECURITY_CONTROL",
                      },
                      parent,
                  )
                : new aws.securityhub.Account(`${name}-securityhub`, {}, adopted(args.accountId!));
            new aws.securityhub.StandardsSubscription(
                `${name}-fsbp`,
                { standardsArn: fsbpStandardsArn(args.region) },
                create
                    ? { parent: this, dependsOn: [hub] }
                    : {
                          ...adopted(fsbpSubscriptionArn(args.region, args.accountId!)),
                          dependsOn: [hub],
                      },
            );
            if (args.cisStandard) {
                new aws.securityhub.StandardsSubscription(
                    `${name}-cis`,
                    { standardsArn: CIS_STANDARDS_ARN },
                    create
                        ? { parent: this, dependsOn: [hub] }
                        : {
                              ...adopted(cisSubscriptionArn(args.region, args.accountId!)),
                              dependsOn: [hub],
                          },
                );
            }
            this.securityHubId = hub.id;
        }

        this.registerOutputs({
            detectorId: this.detectorId,
            findingsRuleArn: this.findingsRuleArn,
            securityHubId: this.securityHubId,
        });
    }
}
