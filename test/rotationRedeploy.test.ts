/**
 * RotationRedeploy: the database secret's rotation (AWSCURRENT moves) starts a state machine that
 * forces a new deployment of the Rails service; least-privilege roles; an alarm on failures.
 */
import * as assert from "assert";
import {
    RotationRedeploy,
    redeployDefinition,
    rotationEventPattern,
} from "../components/app/rotationRedeploy";
import { ResourceRecorder } from "../offline/mocks";
import { record } from "./harness";

const SECRET = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-0a1b2c-AbCdEf";
const TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:tng-prod-alarms";

describe("RotationRedeploy", () => {
    let rec: ResourceRecorder;
    before(async () => {
        ({ recorder: rec } = await record(
            () =>
                new RotationRedeploy("r", {
                    secretArn: SECRET,
                    clusterName: "tng-prod-rails-cluster",
                    serviceName: "tng-prod-rails-service",
                    accountId: "123456789012",
                    region: "ap-northeast-1",
                    alarmTopicArn: TOPIC,
                }),
        ));
    });

    it("creates exactly these children", () => {
        assert.deepStrictEqual(rec.countsByType(), {
            "aws:cloudwatch/eventRule:EventRule": 1,
            "aws:cloudwatch/eventTarget:EventTarget": 1,
            "aws:cloudwatch/metricAlarm:MetricAlarm": 1,
            "aws:iam/role:Role": 2,
            "aws:iam/rolePolicy:RolePolicy": 2,
            "aws:sfn/stateMachine:StateMachine": 1,
            "tng:app:RotationRedeploy": 1,
        });
    });

    it("matches only AWSCURRENT moving on this secret (native event, no CloudTrail)", () => {
        const rule = rec.get("aws:cloudwatch/eventRule:EventRule", "r-rule");
        assert.deepStrictEqual(JSON.parse(rule.inputs.eventPattern as string), {
            source: ["aws.secretsmanager"],
            "detail-type": ["Secret Label Updated"],
            resources: [SECRET],
            detail: { labelUpdated: ["AWSCURRENT"] },
        });
        assert.strictEqual(rotationEventPattern(SECRET), rule.inputs.eventPattern);
    });

    it("starts the state machine through a role that may only start it", () => {
        const target = rec.get("aws:cloudwatch/eventTarget:EventTarget", "r-target");
        const machine = rec.get("aws:sfn/stateMachine:StateMachine", "r-sfn");
        assert.strictEqual(target.inputs.arn, machine.outputs.arn);
        const role = rec.get("aws:iam/role:Role", "r-events-role");
        assert.strictEqual(target.inputs.roleArn, role.outputs.arn);
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy as string).Statement, [
            {
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            },
        ]);
        const policy = rec.get("aws:iam/rolePolicy:RolePolicy", "r-events-start");
        assert.deepStrictEqual(JSON.parse(policy.inputs.policy as string).Statement, [
            { Effect: "Allow", Action: "states:StartExecution", Resource: machine.outputs.arn },
        ]);
    });

    it("forces a new deployment of exactly this service, and may update nothing else", () => {
        const machine = rec.get("aws:sfn/stateMachine:StateMachine", "r-sfn");
        assert.strictEqual(machine.inputs.type, "STANDARD");
        const definition = JSON.parse(machine.inputs.definition as string);
        assert.strictEqual(definition.StartAt, "ForceNewDeployment");
        assert.deepStrictEqual(
            definition.States.ForceNewDeployment.Resource,
            "arn:aws:states:::aws-sdk:ecs:updateService",
        );
        assert.deepStrictEqual(definition.States.ForceNewDeployment.Parameters, {
            Cluster: "tng-prod-rails-cluster",
            Service: "tng-prod-rails-service",
            ForceNewDeployment: true,
        });
        assert.strictEqual(
            machine.inputs.definition,
            redeployDefinition("tng-prod-rails-cluster", "tng-prod-rails-service"),
        );
        const role = rec.get("aws:iam/role:Role", "r-sfn-role");
        assert.strictEqual(machine.inputs.roleArn, role.outputs.arn);
        assert.strictEqual(
            JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal.Service,
            "states.amazonaws.com",
        );
        const policy = rec.get("aws:iam/rolePolicy:RolePolicy", "r-sfn-update-service");
        assert.deepStrictEqual(JSON.parse(policy.inputs.policy as string).Statement, [
            {
                Effect: "Allow",
                Action: "ecs:UpdateService",
                Resource:
                    "arn:aws:ecs:ap-northeast-1:123456789012:service/tng-prod-rails-cluster/tng-prod-rails-service",
            },
        ]);
    });

    it("alarms on any failed execution, to the alarm topic", () => {
        const alarm = rec.get("aws:cloudwatch/metricAlarm:MetricAlarm", "r-failed");
        const machine = rec.get("aws:sfn/stateMachine:StateMachine", "r-sfn");
        const inputs = { ...alarm.inputs };
        assert.match(
            String(inputs.alarmDescription),
            /^The redeploy after a database secret rotation failed/,
        );
        delete inputs.alarmDescription;
        assert.deepStrictEqual(inputs, {
            namespace: "AWS/States",
            metricName: "ExecutionsFailed",
            dimensions: { StateMachineArn: machine.outputs.arn },
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [TOPIC],
        });
    });
});
