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
 * - an alarm on failed executions, to the alarm topic.
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
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../security/trustPolicy";

export interface RotationRedeployArgs {
    /** The rotating secret (the RDS-managed master user secret). */
    readonly secretArn: pulumi.Input<string>;
    /** ECS cluster and service that hold the secret's consumers. */
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
    readonly region: string;
    /** SNS topic for the failed-redeploy alarm. */
    readonly alarmTopicArn: pulumi.Input<string>;
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
function allow(action: string, resource: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: action, Resource: resource }],
    });
}

export class RotationRedeploy extends pulumi.ComponentResource {
    public readonly stateMachineArn: pulumi.Output<string>;
    public readonly ruleName: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component.
     * @param args The secret, the service to roll and the alarm topic.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: RotationRedeployArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:app:RotationRedeploy", name, {}, opts);
        const parent = { parent: this };
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
        const machine = new aws.sfn.StateMachine(
            `${name}-sfn`,
            {
                type: "STANDARD",
                roleArn: machineRole.arn,
                definition: pulumi
                    .all([args.clusterName, args.serviceName])
                    .apply(([cluster, service]) => redeployDefinition(cluster, service)),
            },
            parent,
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

        new aws.cloudwatch.MetricAlarm(
            `${name}-failed`,
            {
                alarmDescription:
                    "The redeploy after a database secret rotation failed: running tasks hold the old password. Force a new deployment by hand (docs/operations.md).",
                namespace: "AWS/States",
                metricName: "ExecutionsFailed",
                dimensions: { StateMachineArn: machine.arn },
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [args.alarmTopicArn],
            },
            parent,
        );

        this.stateMachineArn = machine.arn;
        this.ruleName = rule.name;
        this.registerOutputs({ stateMachineArn: this.stateMachineArn, ruleName: this.ruleName });
    }
}
