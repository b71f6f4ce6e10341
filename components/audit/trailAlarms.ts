/**
 * TrailAlarms: the audit trail's copy in CloudWatch Logs, and the CIS AWS Foundations Benchmark
 * metric filters with an alarm each (security events reach the alarm topic within minutes).
 *
 * - A log group encrypted with the stack key (its key policy admits CloudWatch Logs for this
 *   account's log groups), with retention.
 * - A delivery role CloudTrail assumes that may only create streams and put events under this
 *   account's CloudTrail stream prefix in that one group. Its trust policy is the documented one,
 *   without aws:SourceArn/aws:SourceAccount: "Confused deputy prevention is not applicable to the
 *   role policy for CloudWatch Logs monitoring. The role policy doesn't support the use of
 *   aws:SourceArn and aws:SourceAccount."
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
 *   The write permissions, scoped to one log group's CloudTrail streams, are the guard instead.
 * - One metric filter and alarm per {@link CIS_METRIC_FILTERS} entry. Each pattern is the one the
 *   Security Hub control's remediation gives (the control fails on any other pattern). For
 *   CloudWatch.4 and CloudWatch.13 that is the form scoped to `$.eventSource` (iam / ec2), which
 *   Security Hub recommends over the CIS text so that e.g. another service's `CreatePolicy` does
 *   not match:
 *   https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 *
 * Wire {@link TrailAlarms.logGroupArn} and {@link TrailAlarms.deliveryRoleArn} into the trail
 * (AuditTrailArgs.cloudWatchLogs). The role ARN output resolves only once the role's policy is
 * attached, so the trail (which CloudTrail validates by writing) waits for it.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmDefinition, createAlarm } from "../ops/alarmModel";

/** Namespace of the CIS metrics, as the Security Hub remediation suggests. */
export const CIS_METRIC_NAMESPACE = "LogMetrics";

/** One CIS metric filter and its alarm, as data. */
export interface CisMetricFilter {
    /** Stable short id; names the filter, the metric and the alarm. */
    readonly key: string;
    /** Security Hub control. */
    readonly securityHubControl: string;
    /** CIS AWS Foundations Benchmark recommendation numbers, v1.2.0 and v1.4.0. */
    readonly cis: { readonly v120: string; readonly v140?: string };
    /** What a match means, for the alarm description and the docs. */
    readonly description: string;
    /** The CloudWatch Logs filter pattern, verbatim from the control's remediation. */
    readonly pattern: string;
    /** What the on-call person does when it fires (docs/operations.md). */
    readonly firstSteps: string;
}

/**
 * The alarm of a CIS filter, as a row of the one alarm model: one match in 5 minutes notifies
 * the topic (no OK message: the filter emits only on a match). `metricName` is the filter's.
 */
export function cisAlarmDefinition(f: CisMetricFilter, metricName: string): AlarmDefinition {
    const cis = f.cis.v140
        ? `CIS ${f.cis.v120} (v1.2.0), ${f.cis.v140} (v1.4.0)`
        : `CIS ${f.cis.v120} (v1.2.0)`;
    return {
        key: f.key,
        description: `${f.description} Security Hub ${f.securityHubControl}, ${cis}.`,
        namespace: CIS_METRIC_NAMESPACE,
        metric: metricName,
        statistic: "Sum",
        threshold: 1,
        comparison: "GreaterThanOrEqualToThreshold",
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        // The filter emits only on a match: no data means no such event.
        treatMissingData: "notBreaching",
        missingDataReason: "the filter emits only on a match: no data means no such event.",
        dimensions: [],
        notifyOk: false,
        runbook: { means: f.description, firstSteps: f.firstSteps },
    };
}

/**
 * The CIS metric filters, in Security Hub control order. Control numbers from the Security Hub
 * CloudWatch controls page (each control lists its CIS v1.2.0 and v1.4.0 requirement).
 */
export const CIS_METRIC_FILTERS: readonly CisMetricFilter[] = [
    {
        key: "root-account-use",
        securityHubControl: "CloudWatch.1",
        cis: { v120: "1.1, 3.3", v140: "1.7, 4.3" },
        description: "The root user signed in or called an API.",
        pattern:
            '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
        firstSteps:
            "Ask who did it. If nobody knows: change the root password, check root MFA, review CloudTrail for what it did.",
    },
    {
        key: "unauthorized-api-calls",
        securityHubControl: "CloudWatch.2",
        cis: { v120: "3.1" },
        description: "An API call was refused (UnauthorizedOperation or AccessDenied).",
        pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
        firstSteps:
            "Often a deploy or app role missing a permission (check the `userIdentity` in the log group). Repeated denials from an unknown principal are a probe: treat as an incident.",
    },
    {
        key: "console-signin-without-mfa",
        securityHubControl: "CloudWatch.3",
        cis: { v120: "3.2" },
        description: "An IAM user signed in to the console without MFA.",
        pattern:
            '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
        firstSteps: "The stack has no IAM users. Find the user, require MFA, or remove the user.",
    },
    {
        key: "iam-policy-changes",
        securityHubControl: "CloudWatch.4",
        cis: { v120: "3.4", v140: "4.4" },
        description: "An IAM policy was created, changed, attached or detached.",
        pattern:
            "{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy))}",
        firstSteps:
            "Expected during `pulumi up`; otherwise find who and what in the log group and compare with `pulumi preview` (drift).",
    },
    {
        key: "cloudtrail-changes",
        securityHubControl: "CloudWatch.5",
        cis: { v120: "3.5", v140: "4.5" },
        description: "A trail was created, updated, deleted, started or stopped.",
        pattern:
            "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
        firstSteps:
            "Outside a `pulumi up`, treat as an incident: someone may be hiding tracks. Check that `auditTrailArn` is still logging.",
    },
    {
        key: "console-signin-failures",
        securityHubControl: "CloudWatch.6",
        cis: { v120: "3.6", v140: "4.6" },
        description: "A console sign-in failed authentication.",
        pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
        firstSteps:
            "A few are typos. Many, or for unknown users, are password guessing: check source IPs.",
    },
    {
        key: "kms-key-disable-or-delete",
        securityHubControl: "CloudWatch.7",
        cis: { v120: "3.7", v140: "4.7" },
        description: "A customer managed KMS key was disabled or scheduled for deletion.",
        pattern:
            "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
        firstSteps:
            "**Urgent**: data encrypted with it becomes unreadable. Cancel with `aws kms cancel-key-deletion` / `enable-key` unless it was planned.",
    },
    {
        key: "s3-bucket-policy-changes",
        securityHubControl: "CloudWatch.8",
        cis: { v120: "3.8", v140: "4.8" },
        description: "An S3 bucket policy, ACL, CORS, lifecycle or replication setting changed.",
        pattern:
            "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
        firstSteps:
            "Outside a `pulumi up`: check the bucket is still private (`pulumi preview` shows drift).",
    },
    {
        key: "config-changes",
        securityHubControl: "CloudWatch.9",
        cis: { v120: "3.9", v140: "4.9" },
        description: "AWS Config recording or delivery was stopped or changed.",
        pattern:
            "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
        firstSteps:
            "Outside a `pulumi up` of the stack that owns the recorder (`security.config`): check `aws configservice describe-configuration-recorder-status` still shows it recording.",
    },
    {
        key: "security-group-changes",
        securityHubControl: "CloudWatch.10",
        cis: { v120: "3.10", v140: "4.10" },
        description: "A security group or one of its rules was created, changed or deleted.",
        pattern:
            "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
        firstSteps:
            "Outside a `pulumi up`: `pulumi preview` for drift; a new public ingress is an incident.",
    },
    {
        key: "nacl-changes",
        securityHubControl: "CloudWatch.11",
        cis: { v120: "3.11", v140: "4.11" },
        description: "A network ACL or one of its entries or associations changed.",
        pattern:
            "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
        firstSteps: "Outside a `pulumi up`: `pulumi preview` for drift.",
    },
    {
        key: "network-gateway-changes",
        securityHubControl: "CloudWatch.12",
        cis: { v120: "3.12", v140: "4.12" },
        description: "An internet or customer gateway was created, attached, detached or deleted.",
        pattern:
            "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
        firstSteps:
            "Outside a `pulumi up`: `pulumi preview` for drift; a new internet gateway is an incident.",
    },
    {
        key: "route-table-changes",
        securityHubControl: "CloudWatch.13",
        cis: { v120: "3.13", v140: "4.13" },
        description: "A route table, route or route-table association changed.",
        pattern:
            "{($.eventSource=ec2.amazonaws.com) && (($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable))}",
        firstSteps:
            "Outside a `pulumi up`: `pulumi preview` for drift; a route to an unknown target can divert traffic.",
    },
    {
        key: "vpc-changes",
        securityHubControl: "CloudWatch.14",
        cis: { v120: "3.14", v140: "4.14" },
        description: "A VPC, its attributes or a peering connection changed.",
        pattern:
            "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
        firstSteps:
            "Outside a `pulumi up`: `pulumi preview` for drift; an unknown peering is an incident.",
    },
];

/**
 * Trust policy: CloudTrail, as the CloudTrail guide gives it. No aws:SourceArn/aws:SourceAccount:
 * the guide says the CloudWatch Logs delivery role does not support them, so a condition on them
 * could make CloudTrail's AssumeRole (and so the trail's creation) fail.
 */
export function deliveryTrustPolicy(): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudTrailDelivers",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "sts:AssumeRole",
            },
        ],
    });
}

/**
 * The delivery role's permissions: streams of this account's CloudTrail in one log group. AWS's
 * default policy ends the stream prefix with the home region; a multi-region trail names a stream
 * per region (`<account>_CloudTrail_<region>`), so the prefix stops before the region.
 */
export function deliveryPolicy(logGroupArn: string, accountId: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudTrailLogStreams",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${logGroupArn}:log-stream:${accountId}_CloudTrail_*`,
            },
        ],
    });
}

export interface TrailAlarmsArgs {
    /** The stack KMS key: encrypts the log group. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Days to keep trail events in CloudWatch Logs (a CloudWatch Logs retention value). */
    readonly retentionDays: number;
    readonly accountId: pulumi.Input<string>;
    /** The trail's home region (the log group must be there). */
    readonly region: pulumi.Input<string>;
    /** The alarm topic (same region) every CIS alarm notifies. */
    readonly alarmTopicArn: pulumi.Input<string>;
    /** Pulumi `protect` on the log group (a copy of the audit record). Defaults to false. */
    readonly protect?: boolean;
}

export class TrailAlarms extends pulumi.ComponentResource {
    /** The log group, without the `:*` suffix the trail needs (AuditTrail appends it). */
    public readonly logGroupArn: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    /** The delivery role; resolves after its policy is attached. */
    public readonly deliveryRoleArn: pulumi.Output<string>;
    /** Alarm names, in {@link CIS_METRIC_FILTERS} order. */
    public readonly alarmNames: pulumi.Output<string[]>;

    /**
     * @param name The _unique_ name of this component.
     * @param args Key, retention, account, region and the alarm topic.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: TrailAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:audit:TrailAlarms", name, {}, opts);
        if (!Number.isInteger(args.retentionDays) || args.retentionDays < 1) {
            throw new Error(
                `TrailAlarms \`retentionDays\` must be a whole number of days, at least 1, got ${args.retentionDays}.`,
            );
        }
        const parent = { parent: this };

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { retentionInDays: args.retentionDays, kmsKeyId: args.kmsKeyArn },
            { parent: this, protect: args.protect ?? false },
        );
        const role = new aws.iam.Role(
            `${name}-delivery-role`,
            {
                description: "CloudTrail delivers the audit trail to its CloudWatch Logs group",
                assumeRolePolicy: deliveryTrustPolicy(),
            },
            parent,
        );
        const policy = new aws.iam.Policy(
            `${name}-delivery-policy`,
            {
                description: "Write the audit trail's streams into its CloudWatch Logs group",
                policy: pulumi
                    .all([logGroup.arn, args.accountId])
                    .apply(([arn, a]) => deliveryPolicy(arn, a)),
            },
            parent,
        );
        const attachment = new aws.iam.RolePolicyAttachment(
            `${name}-delivery`,
            { role: role.name, policyArn: policy.arn },
            parent,
        );

        const alarms = CIS_METRIC_FILTERS.map((f) => {
            const metricName = `${name}-${f.key}`;
            new aws.cloudwatch.LogMetricFilter(
                `${name}-${f.key}`,
                {
                    logGroupName: logGroup.name,
                    pattern: f.pattern,
                    metricTransformation: {
                        name: metricName,
                        namespace: CIS_METRIC_NAMESPACE,
                        value: "1",
                    },
                },
                parent,
            );
            return createAlarm(this, name, cisAlarmDefinition(f, metricName), {
                topicArn: args.alarmTopicArn,
            });
        });

        this.logGroupArn = logGroup.arn;
        this.logGroupName = logGroup.name;
        this.deliveryRoleArn = pulumi.all([role.arn, attachment.id]).apply(([arn]) => arn);
        this.alarmNames = pulumi.all(alarms.map((a) => a.name));
        this.registerOutputs({
            logGroupArn: this.logGroupArn,
            logGroupName: this.logGroupName,
            deliveryRoleArn: this.deliveryRoleArn,
            alarmNames: this.alarmNames,
        });
    }
}
