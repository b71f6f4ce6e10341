/**
 * RotationRedeploy: when the database secret rotates, the Rails service rolls to new tasks.
 *
 * ECS injects secrets only when a task starts, and RDS rotates its managed master secret (7 days by
 * default: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html). After
 * a rotation every running task still holds the old password: open connections keep working, but
 * each new one (pool growth, a reconnect, a Multi-AZ failover) fails. This component closes that
 * gap without function code:
 *
 * - an EventBridge rule on Secrets Manager's native `Secret Label Updated` event for the secret,
 *   when AWSCURRENT moves to the new version (no CloudTrail needed; the ARN is in `resources`):
 *   https://docs.aws.amazon.com/secretsmanager/latest/userguide/event-detail-secret-label-updated-secretsmanager.html
 * - a Step Functions state machine whose one task calls ECS UpdateService with
 *   forceNewDeployment (the AWS SDK service integration: arn:aws:states:::aws-sdk:ecs:updateService,
 *   https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html). An
 *   EventBridge rule cannot call UpdateService itself: its ECS target only runs tasks.
 * - alarms (rows of the one alarm model, components/ops/alarmModel.ts) to the alarm topic: on
 *   failed executions, and on the rule's FailedInvocations (EventBridge could not start the
 *   state machine: AWS/Events metrics,
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html).
 * - a check that does not trust the rule: every hour a second state machine reads the secret's
 *   LastRotatedDate (Secrets Manager DescribeSecret) and the service's PRIMARY deployment's
 *   CreatedAt (ECS DescribeServices) and fails when the secret rotated more than an hour ago and
 *   after the newest deployment started, i.e. a rotation no deployment followed (the rule never
 *   matched, or its target never ran). Its failed executions alarm. A metric-math alarm could not
 *   see this: no metric records LastRotatedDate, and a rule that never matches emits nothing. The
 *   comparison is JSONata (Step Functions implements JSONata 2.0.6,
 *   https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html), so the test
 *   evaluates the very expression with the jsonata package. SDK integrations return timestamps
 *   as ISO 8601 strings (https://github.com/sam-goodwin/functionless/issues/489).
 * - both state machines log errors (level ERROR, no execution data) to a log group encrypted with
 *   the stack key, under the /aws/vendedlogs/ prefix that Step Functions recommends
 *   (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html). The log-delivery
 *   actions the roles need do not support resource-level permissions (same page), so they are
 *   granted on `*`.
 *
 * New tasks read the new password at start; the deployment replaces the old ones with the
 * service's usual rolling settings. One-off tasks (migrate, reindex) start from the same task
 * definitions and so always read the current secret.
 *
 * Encryption: Step Functions always encrypts the definition and execution history at rest with an
 * AWS-owned key (https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html).
 * The history holds the event (the secret's ARN, never its value) and UpdateService's answer; a
 * customer managed key would add a second layer and KMS permissions on both roles, at the cost of a
 * way for the redeploy to fail at rotation time.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmDefinition, createAlarm } from "../ops/alarmModel";
import { serviceTrustPolicy } from "../security/trustPolicy";

export interface RotationRedeployArgs {
    /** The rotating secret (the RDS-managed master user secret). */
    readonly secretArn: pulumi.Input<string>;
    /** ECS cluster and service that hold the secret's consumers. */
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
    readonly region: string;
    /** SNS topic for the redeploy alarms. */
    readonly alarmTopicArn: pulumi.Input<string>;
    /** The stack KMS key: encrypts the state machines' log group. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Days to keep the state machines' error logs (a CloudWatch Logs retention value). */
    readonly logRetentionDays: number;
    /** Pulumi `protect` on the log group. Defaults to false. */
    readonly protect?: boolean;
}

/** How often the check runs, and how long after a rotation a deployment may take to start. */
export const CHECK_SCHEDULE = "rate(1 hour)";
export const REDEPLOY_GRACE_SECONDS = 3600;

/** The log-delivery actions Step Functions needs on `*` (cw-logs.html: no resource-level ARNs). */
export const LOG_DELIVERY_ACTIONS = [
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
];

/**
 * The JSONata condition of the check: true when the secret rotated after the newest (PRIMARY)
 * deployment started and longer than the grace period before this execution started.
 */
export function rotatedWithoutRedeployCondition(graceSeconds = REDEPLOY_GRACE_SECONDS): string {
    return `$toMillis($rotated) > $toMillis($deployed) and $toMillis($rotated) < $toMillis($states.context.Execution.StartTime) - ${graceSeconds * 1000}`;
}

/** The check's state machine (JSONata): DescribeSecret, DescribeServices, then compare. */
export function checkDefinition(
    secretArn: string,
    clusterName: string,
    serviceName: string,
): string {
    return JSON.stringify({
        Comment:
            "Fail when the database secret rotated but no deployment of the service followed (the redeploy did not run).",
        QueryLanguage: "JSONata",
        StartAt: "ReadSecret",
        States: {
            ReadSecret: {
                Type: "Task",
                Resource: "arn:aws:states:::aws-sdk:secretsmanager:describeSecret",
                Arguments: { SecretId: secretArn },
                // A secret that never rotated has no LastRotatedDate: nothing to compare.
                Assign: {
                    rotated:
                        "{% $exists($states.result.LastRotatedDate) ? $states.result.LastRotatedDate : '1970-01-01T00:00:00Z' %}",
                },
                Next: "ReadService",
            },
            ReadService: {
                Type: "Task",
                Resource: "arn:aws:states:::aws-sdk:ecs:describeServices",
                Arguments: { Cluster: clusterName, Services: [serviceName] },
                Assign: {
                    deployed:
                        "{% $states.result.Services[0].Deployments[Status = 'PRIMARY'].CreatedAt %}",
                },
                Next: "Compare",
            },
            Compare: {
                Type: "Choice",
                Choices: [
                    {
                        Condition: `{% ${rotatedWithoutRedeployCondition()} %}`,
                        Next: "RotatedWithoutRedeploy",
                    },
                ],
                Default: "InStep",
            },
            RotatedWithoutRedeploy: {
                Type: "Fail",
                Error: "RotatedWithoutRedeploy",
                Cause: "The database secret rotated, but no deployment of the service started after it: running tasks hold the old password. Force a new deployment (docs/operations.md §2).",
            },
            InStep: { Type: "Succeed" },
        },
    });
}

/** The alarms of the redeploy, as rows of the one alarm model. */
export function rotationAlarmDefinitions(): AlarmDefinition[] {
    const onFailure = {
        statistic: "Sum",
        threshold: 1,
        comparison: "GreaterThanOrEqualToThreshold",
        period: 300,
        evaluationPeriods: 1,
        treatMissingData: "notBreaching",
        missingDataReason: "published only when something ran: no data means nothing failed.",
        notifyOk: false,
    } as const;
    return [
        {
            ...onFailure,
            key: "failed",
            description:
                "The redeploy after a database secret rotation failed: running tasks hold the old password. Force a new deployment by hand (docs/operations.md).",
            namespace: "AWS/States",
            metric: "ExecutionsFailed",
            dimensions: ["StateMachineArn"],
            runbook: {
                means: "UpdateService failed (permissions, throttling beyond the retries, service gone): running tasks hold the old password.",
                firstSteps:
                    "Force a new deployment by hand (§2); the failed execution's error in the state machines' log group or `aws stepfunctions list-executions --status-filter FAILED`.",
            },
        },
        {
            ...onFailure,
            key: "rule-failed-invocations",
            description:
                "EventBridge matched a database secret rotation but could not start the redeploy state machine. Force a new deployment by hand (docs/operations.md).",
            namespace: "AWS/Events",
            metric: "FailedInvocations",
            datapointsToAlarm: 1,
            dimensions: ["RuleName"],
            runbook: {
                means: "The rotation was seen but the redeploy never started: the events role or its policy is wrong, or the state machine is gone.",
                firstSteps:
                    "Force a new deployment by hand (§2); `pulumi preview` for drift on `tng-<stack>-db-rotation-events-*`.",
            },
        },
        {
            ...onFailure,
            key: "rotated-without-redeploy",
            description: `The database secret rotated more than ${REDEPLOY_GRACE_SECONDS / 60} minutes ago and no deployment of the service followed (or the hourly check itself failed). Force a new deployment by hand (docs/operations.md).`,
            namespace: "AWS/States",
            metric: "ExecutionsFailed",
            datapointsToAlarm: 1,
            dimensions: ["StateMachineArn"],
            runbook: {
                means: "A rotation no redeploy followed: the rule never matched or its target never ran (or the check lost a permission: see its error).",
                firstSteps:
                    "Force a new deployment by hand (§2); then the rotation drill (§2) on dev to find which link broke; the check's error in the state machines' log group.",
            },
        },
    ];
}

/** The event pattern: AWSCURRENT moved to a new version of this secret. */
export function rotationEventPattern(secretArn: string): string {
    return JSON.stringify({
        source: ["aws.secretsmanager"],
        "detail-type": ["Secret Label Updated"],
        resources: [secretArn],
        detail: { labelUpdated: ["AWSCURRENT"] },
    });
}

/** The state machine: one call of ECS UpdateService with forceNewDeployment, retried on throttling. */
export function redeployDefinition(clusterName: string, serviceName: string): string {
    return JSON.stringify({
        Comment: "Roll the service to new tasks so they read the rotated database secret.",
        StartAt: "ForceNewDeployment",
        States: {
            ForceNewDeployment: {
                Type: "Task",
                Resource: "arn:aws:states:::aws-sdk:ecs:updateService",
                Parameters: {
                    Cluster: clusterName,
                    Service: serviceName,
                    ForceNewDeployment: true,
                },
                Retry: [
                    {
                        ErrorEquals: ["Ecs.EcsException", "States.TaskFailed"],
                        IntervalSeconds: 10,
                        MaxAttempts: 3,
                        BackoffRate: 2,
                    },
                ],
                End: true,
            },
        },
    });
}

/** One Allow statement as a policy document. */
function allow(action: string | string[], resource: string | string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: action, Resource: resource }],
    });
}

/** The check's permissions: read the secret's metadata (not its value) and the service. */
export function checkPolicy(secretArn: string, serviceArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: "secretsmanager:DescribeSecret", Resource: secretArn },
            { Effect: "Allow", Action: "ecs:DescribeServices", Resource: serviceArn },
        ],
    });
}

export class RotationRedeploy extends pulumi.ComponentResource {
    public readonly stateMachineArn: pulumi.Output<string>;
    public readonly ruleName: pulumi.Output<string>;
    /** The hourly rotated-without-redeploy check. */
    public readonly checkStateMachineArn: pulumi.Output<string>;
    /** The state machines' error log group. */
    public readonly logGroupName: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component.
     * @param args The secret, the service to roll and the alarm topic.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: RotationRedeployArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:app:RotationRedeploy", name, {}, opts);
        if (!Number.isInteger(args.logRetentionDays) || args.logRetentionDays < 1) {
            throw new Error(
                `RotationRedeploy \`logRetentionDays\` must be a whole number of days, at least 1, got ${args.logRetentionDays}.`,
            );
        }
        const parent = { parent: this };
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: `/aws/vendedlogs/states/${name}`,
                retentionInDays: args.logRetentionDays,
                kmsKeyId: args.kmsKeyArn,
            },
            { parent: this, protect: args.protect ?? false },
        );
        const logDelivery = new aws.iam.Policy(
            `${name}-sfn-logs`,
            {
                description:
                    "Step Functions: deliver the state machines' logs (vended log delivery)",
                policy: allow(LOG_DELIVERY_ACTIONS, "*"),
            },
            parent,
        );
        const logging = {
            level: "ERROR",
            includeExecutionData: false,
            logDestination: pulumi.interpolate`${logGroup.arn}:*`,
        };
        const serviceArn = pulumi.interpolate`arn:aws:ecs:${args.region}:${args.accountId}:service/${args.clusterName}/${args.serviceName}`;

        const machineRole = new aws.iam.Role(
            `${name}-sfn-role`,
            {
                assumeRolePolicy: pulumi
                    .output(args.accountId)
                    .apply((account) => serviceTrustPolicy("states.amazonaws.com", account)),
                description: "Step Functions: force a new deployment of the Rails service",
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-sfn-update-service`,
            {
                role: machineRole.id,
                policy: serviceArn.apply((arn) => allow("ecs:UpdateService", arn)),
            },
            parent,
        );
        const machineLogs = new aws.iam.RolePolicyAttachment(
            `${name}-sfn-logs`,
            { role: machineRole.name, policyArn: logDelivery.arn },
            parent,
        );
        const machine = new aws.sfn.StateMachine(
            `${name}-sfn`,
            {
                type: "STANDARD",
                roleArn: machineRole.arn,
                definition: pulumi
                    .all([args.clusterName, args.serviceName])
                    .apply(([cluster, service]) => redeployDefinition(cluster, service)),
                loggingConfiguration: logging,
            },
            // CreateStateMachine checks that the role may deliver logs.
            { parent: this, dependsOn: [machineLogs] },
        );

        const eventsRole = new aws.iam.Role(
            `${name}-events-role`,
            {
                assumeRolePolicy: pulumi
                    .output(args.accountId)
                    .apply((account) => serviceTrustPolicy("events.amazonaws.com", account)),
                description: "EventBridge: start the redeploy state machine",
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-events-start`,
            {
                role: eventsRole.id,
                policy: machine.arn.apply((arn) => allow("states:StartExecution", arn)),
            },
            parent,
        );
        const rule = new aws.cloudwatch.EventRule(
            `${name}-rule`,
            {
                description: "Database secret rotated: roll the Rails service",
                eventPattern: pulumi.output(args.secretArn).apply(rotationEventPattern),
            },
            parent,
        );
        new aws.cloudwatch.EventTarget(
            `${name}-target`,
            { rule: rule.name, arn: machine.arn, roleArn: eventsRole.arn },
            parent,
        );

        // The check: its own role (read-only), state machine, hourly schedule and start permission.
        const checkRole = new aws.iam.Role(
            `${name}-check-role`,
            {
                assumeRolePolicy: pulumi
                    .output(args.accountId)
                    .apply((account) => serviceTrustPolicy("states.amazonaws.com", account)),
                description:
                    "Step Functions: compare the secret's last rotation with the service's deployments",
            },
            parent,
        );
        const checkRead = new aws.iam.Policy(
            `${name}-check-read`,
            {
                description: "Read the database secret's metadata and the Rails service",
                policy: pulumi
                    .all([args.secretArn, serviceArn])
                    .apply(([secret, service]) => checkPolicy(secret, service)),
            },
            parent,
        );
        const checkAttachments = [
            new aws.iam.RolePolicyAttachment(
                `${name}-check-read`,
                { role: checkRole.name, policyArn: checkRead.arn },
                parent,
            ),
            new aws.iam.RolePolicyAttachment(
                `${name}-check-logs`,
                { role: checkRole.name, policyArn: logDelivery.arn },
                parent,
            ),
        ];
        const check = new aws.sfn.StateMachine(
            `${name}-check`,
            {
                type: "STANDARD",
                roleArn: checkRole.arn,
                definition: pulumi
                    .all([args.secretArn, args.clusterName, args.serviceName])
                    .apply(([secret, cluster, service]) =>
                        checkDefinition(secret, cluster, service),
                    ),
                loggingConfiguration: logging,
            },
            { parent: this, dependsOn: checkAttachments },
        );
        const startCheck = new aws.iam.Policy(
            `${name}-events-start-check`,
            {
                description: "EventBridge: start the rotation check state machine",
                policy: check.arn.apply((arn) => allow("states:StartExecution", arn)),
            },
            parent,
        );
        new aws.iam.RolePolicyAttachment(
            `${name}-events-start-check`,
            { role: eventsRole.name, policyArn: startCheck.arn },
            parent,
        );
        const schedule = new aws.cloudwatch.EventRule(
            `${name}-check-schedule`,
            {
                description: "Hourly: did every database secret rotation get a redeploy?",
                scheduleExpression: CHECK_SCHEDULE,
            },
            parent,
        );
        new aws.cloudwatch.EventTarget(
            `${name}-check-target`,
            { rule: schedule.name, arn: check.arn, roleArn: eventsRole.arn },
            parent,
        );

        const [failed, ruleFailed, rotatedWithout] = rotationAlarmDefinitions();
        const topicArn = args.alarmTopicArn;
        createAlarm(this, name, failed, { topicArn, dimensions: { StateMachineArn: machine.arn } });
        createAlarm(this, name, ruleFailed, { topicArn, dimensions: { RuleName: rule.name } });
        createAlarm(this, name, rotatedWithout, {
            topicArn,
            dimensions: { StateMachineArn: check.arn },
        });

        this.stateMachineArn = machine.arn;
        this.ruleName = rule.name;
        this.checkStateMachineArn = check.arn;
        this.logGroupName = logGroup.name;
        this.registerOutputs({
            stateMachineArn: this.stateMachineArn,
            ruleName: this.ruleName,
            checkStateMachineArn: this.checkStateMachineArn,
            logGroupName: this.logGroupName,
        });
    }
}
