/**
 * TrailAlarms: the KMS-encrypted log group with retention, the delivery role's trust and
 * permissions, every CIS metric filter pattern (verbatim from Security Hub CloudWatch.1–14) and
 * every alarm's namespace, metric, threshold and action. Also AuditTrail's optional CloudWatch
 * Logs delivery and S3 data events.
 */
import * as assert from "assert";
import { AuditTrail, dataEventSelectors } from "../components/audit/auditTrail";
import {
    CIS_METRIC_FILTERS,
    CIS_METRIC_NAMESPACE,
    deliveryPolicy,
    deliveryTrustPolicy,
    TrailAlarms,
} from "../components/audit/trailAlarms";
import { ResourceRecorder } from "../offline/mocks";
import { freshMocks, policyStatements, record } from "./harness";

const KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/k";
const TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:alarms";
const ACCOUNT = "123456789012";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/**
 * Security Hub control → [key, CIS v1.2.0, CIS v1.4.0, pattern], as the control page's remediation
 * prints it (CloudWatch.4 and .13 scoped to their event source, as Security Hub recommends):
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 */
// prettier-ignore
const EXPECTED: [string, string, string, string | undefined, string][] = [
    ["CloudWatch.1", "root-account-use", "1.1, 3.3", "1.7, 4.3", '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}'],
    ["CloudWatch.2", "unauthorized-api-calls", "3.1", undefined, '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}'],
    ["CloudWatch.3", "console-signin-without-mfa", "3.2", undefined, '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'],
    ["CloudWatch.4", "iam-policy-changes", "3.4", "4.4", "{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy))}"],
    ["CloudWatch.5", "cloudtrail-changes", "3.5", "4.5", "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}"],
    ["CloudWatch.6", "console-signin-failures", "3.6", "4.6", '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}'],
    ["CloudWatch.7", "kms-key-disable-or-delete", "3.7", "4.7", "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}"],
    ["CloudWatch.8", "s3-bucket-policy-changes", "3.8", "4.8", "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}"],
    ["CloudWatch.9", "config-changes", "3.9", "4.9", "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}"],
    ["CloudWatch.10", "security-group-changes", "3.10", "4.10", "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}"],
    ["CloudWatch.11", "nacl-changes", "3.11", "4.11", "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}"],
    ["CloudWatch.12", "network-gateway-changes", "3.12", "4.12", "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}"],
    ["CloudWatch.13", "route-table-changes", "3.13", "4.13", "{($.eventSource=ec2.amazonaws.com) && (($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable))}"],
    ["CloudWatch.14", "vpc-changes", "3.14", "4.14", "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}"],
];

function args() {
    return {
        kmsKeyArn: KEY,
        retentionDays: 365,
        accountId: ACCOUNT,
        region: "ap-northeast-1",
        alarmTopicArn: TOPIC,
    };
}

describe("CIS_METRIC_FILTERS", () => {
    it("lists Security Hub CloudWatch.1–14 with their CIS numbers and exact patterns", () => {
        assert.deepStrictEqual(
            CIS_METRIC_FILTERS.map((f) => [
                f.securityHubControl,
                f.key,
                f.cis.v120,
                f.cis.v140,
                f.pattern,
            ]),
            EXPECTED,
        );
    });
});

describe("TrailAlarms", () => {
    let rec: ResourceRecorder;
    let value: TrailAlarms;
    before(async () => {
        ({ recorder: rec, value } = await record(() => new TrailAlarms("ta", args())));
    });

    it("creates one log group, role, policy, attachment, and 14 filters and alarms", () => {
        assert.deepStrictEqual(rec.countsByType(), {
            "aws:cloudwatch/logGroup:LogGroup": 1,
            "aws:iam/role:Role": 1,
            "aws:iam/policy:Policy": 1,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
            [FILTER]: 14,
            [ALARM]: 14,
            "tng:audit:TrailAlarms": 1,
        });
    });

    it("encrypts the log group with the stack key and keeps it for the retention", () => {
        const inputs = { ...rec.get("aws:cloudwatch/logGroup:LogGroup", "ta-logs").inputs };
        delete inputs["__defaults"];
        delete inputs["name"];
        assert.deepStrictEqual(inputs, { retentionInDays: 365, kmsKeyId: KEY });
    });

    it("lets CloudTrail assume the role (the documented trust), to write only its streams", () => {
        const role = rec.get("aws:iam/role:Role", "ta-delivery-role");
        // No aws:SourceArn/aws:SourceAccount: the CloudTrail guide says this role does not
        // support them (cloudtrail-required-policy-for-cloudwatch-logs.html).
        assert.deepStrictEqual(policyStatements(role.inputs["assumeRolePolicy"]), [
            {
                Sid: "CloudTrailDelivers",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "sts:AssumeRole",
            },
        ]);
        assert.deepStrictEqual(
            policyStatements(role.inputs["assumeRolePolicy"]),
            policyStatements(deliveryTrustPolicy()),
        );
        const groupArn = rec.get("aws:cloudwatch/logGroup:LogGroup", "ta-logs").outputs["arn"];
        const policy = rec.get("aws:iam/policy:Policy", "ta-delivery-policy");
        assert.deepStrictEqual(policyStatements(policy.inputs["policy"]), [
            {
                Sid: "CloudTrailLogStreams",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${groupArn}:log-stream:${ACCOUNT}_CloudTrail_*`,
            },
        ]);
        assert.deepStrictEqual(
            policyStatements(policy.inputs["policy"]),
            policyStatements(deliveryPolicy(groupArn as string, ACCOUNT)),
        );
        const attachment = rec.get(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "ta-delivery",
        ).inputs;
        assert.strictEqual(
            attachment["role"],
            rec.get("aws:iam/role:Role", "ta-delivery-role").outputs["name"],
        );
        assert.strictEqual(attachment["policyArn"], policy.outputs["arn"]);
    });

    it("puts every exact pattern on the group as a count of 1 in LogMetrics", () => {
        const groupName = rec.get("aws:cloudwatch/logGroup:LogGroup", "ta-logs").outputs["name"];
        for (const [, key, , , pattern] of EXPECTED) {
            const inputs = { ...rec.get(FILTER, `ta-${key}`).inputs };
            delete inputs["__defaults"];
            delete inputs["name"];
            assert.deepStrictEqual(
                inputs,
                {
                    logGroupName: groupName,
                    pattern,
                    metricTransformation: {
                        name: `ta-${key}`,
                        namespace: "LogMetrics",
                        value: "1",
                    },
                },
                key,
            );
        }
        assert.strictEqual(CIS_METRIC_NAMESPACE, "LogMetrics");
    });

    it("alarms in the stack region on one match in 5 minutes, notifying the topic", () => {
        for (const [control, key, v120, v140] of EXPECTED) {
            const inputs = { ...rec.get(ALARM, `ta-${key}`).inputs };
            delete inputs["__defaults"];
            const f = CIS_METRIC_FILTERS.find((x) => x.key === key)!;
            const cis = v140 ? `CIS ${v120} (v1.2.0), ${v140} (v1.4.0)` : `CIS ${v120} (v1.2.0)`;
            assert.deepStrictEqual(
                inputs,
                {
                    alarmDescription: `${f.description} Security Hub ${control}, ${cis}.`,
                    namespace: "LogMetrics",
                    metricName: `ta-${key}`,
                    statistic: "Sum",
                    period: 300,
                    evaluationPeriods: 1,
                    datapointsToAlarm: 1,
                    threshold: 1,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    treatMissingData: "notBreaching",
                    alarmActions: [TOPIC],
                },
                // Exact inputs: no `region`, so the alarm is in the stack's region.
                key,
            );
        }
    });

    it("registers its outputs, the role ARN once the policy is attached", () => {
        const component = rec.get("tng:audit:TrailAlarms", "ta");
        assert.deepStrictEqual(component.outputs, {
            logGroupArn: rec.get("aws:cloudwatch/logGroup:LogGroup", "ta-logs").outputs["arn"],
            logGroupName: rec.get("aws:cloudwatch/logGroup:LogGroup", "ta-logs").outputs["name"],
            deliveryRoleArn: rec.get("aws:iam/role:Role", "ta-delivery-role").outputs["arn"],
            alarmNames: EXPECTED.map(([, key]) => `ta-${key}`),
        });
        assert.ok(value.deliveryRoleArn);
    });

    it("rejects a bad retention before creating anything", async () => {
        const r = await freshMocks();
        assert.throws(() => new TrailAlarms("bad", { ...args(), retentionDays: 0 }), {
            message:
                "TrailAlarms `retentionDays` must be a whole number of days, at least 1, got 0.",
        });
        assert.strictEqual(r.resources.length, 0);
    });
});

describe("AuditTrail (CloudWatch Logs and S3 data events)", () => {
    let rec: ResourceRecorder;
    const GROUP = "arn:aws:logs:ap-northeast-1:123456789012:log-group:trail";
    const ROLE = "arn:aws:iam::123456789012:role/trail-delivery";
    const BUCKETS = ["arn:aws:s3:::assets-1", "arn:aws:s3:::audit-1"];
    before(async () => {
        ({ recorder: rec } = await record(
            () =>
                new AuditTrail("a", {
                    kmsKeyArn: KEY,
                    accessLogBucketName: "logs",
                    retentionDays: 365,
                    accountId: ACCOUNT,
                    cloudWatchLogs: { logGroupArn: GROUP, roleArn: ROLE },
                    dataEventBucketArns: BUCKETS,
                }),
        ));
    });

    it("delivers to the group with the log-stream wildcard and the delivery role", () => {
        const trail = rec.get("aws:cloudtrail/trail:Trail", "a-trail").inputs;
        assert.strictEqual(trail["cloudWatchLogsGroupArn"], `${GROUP}:*`);
        assert.strictEqual(trail["cloudWatchLogsRoleArn"], ROLE);
    });

    it("keeps all management events and adds S3 object writes on the two buckets", () => {
        const trail = rec.get("aws:cloudtrail/trail:Trail", "a-trail").inputs;
        const expected = [
            {
                name: "Management events",
                fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
            },
            {
                name: "S3 object writes and deletes on the stack's buckets",
                fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    { field: "readOnly", equals: ["false"] },
                    {
                        field: "resources.ARN",
                        startsWiths: ["arn:aws:s3:::assets-1/", "arn:aws:s3:::audit-1/"],
                    },
                ],
            },
        ];
        assert.deepStrictEqual(trail["advancedEventSelectors"], expected);
        assert.deepStrictEqual(dataEventSelectors(BUCKETS), expected);
        assert.strictEqual(trail["eventSelectors"], undefined);
    });
});

describe("AuditTrail (data events on its own bucket)", () => {
    it("logs object writes and deletes on the trail's bucket except CloudTrail's PutObject deliveries", async () => {
        const { recorder: rec } = await record(
            () =>
                new AuditTrail("a", {
                    kmsKeyArn: KEY,
                    accessLogBucketName: "logs",
                    retentionDays: 365,
                    accountId: ACCOUNT,
                    dataEventBucketArns: ["arn:aws:s3:::assets-1"],
                    trailBucketDataEvents: true,
                }),
        );
        const own = rec.get("aws:s3/bucket:Bucket", "a-logs").outputs["arn"] as string;
        const trail = rec.get("aws:cloudtrail/trail:Trail", "a-trail").inputs;
        const expected = [
            {
                name: "Management events",
                fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
            },
            {
                name: "S3 object writes and deletes on the stack's buckets",
                fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    { field: "readOnly", equals: ["false"] },
                    { field: "resources.ARN", startsWiths: ["arn:aws:s3:::assets-1/"] },
                ],
            },
            {
                name: "S3 object writes and deletes on the trail's bucket, except CloudTrail's deliveries (PutObject)",
                fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    { field: "readOnly", equals: ["false"] },
                    { field: "eventName", notEquals: ["PutObject"] },
                    { field: "resources.ARN", startsWiths: [`${own}/`] },
                ],
            },
        ];
        assert.deepStrictEqual(trail["advancedEventSelectors"], expected);
        assert.deepStrictEqual(dataEventSelectors(["arn:aws:s3:::assets-1"], own), expected);
        // Its own bucket alone: management events and the trail-bucket selector.
        assert.deepStrictEqual(
            dataEventSelectors([], own).map((sel) => sel.name),
            [expected[0].name, expected[2].name],
        );
    });
});

describe("AuditTrail (defaults)", () => {
    it("sets neither CloudWatch Logs nor selectors when not asked", async () => {
        const { recorder: rec } = await record(
            () =>
                new AuditTrail("a", {
                    kmsKeyArn: KEY,
                    accessLogBucketName: "logs",
                    retentionDays: 365,
                    accountId: ACCOUNT,
                    dataEventBucketArns: [],
                }),
        );
        const trail = rec.get("aws:cloudtrail/trail:Trail", "a-trail").inputs;
        for (const k of [
            "cloudWatchLogsGroupArn",
            "cloudWatchLogsRoleArn",
            "advancedEventSelectors",
            "eventSelectors",
        ]) {
            assert.strictEqual(trail[k], undefined, k);
        }
    });
});
