/**
 * RotationRedeploy: the database secret's rotation (AWSCURRENT moves) starts a state machine that
 * forces a new deployment of the Rails service; least-privilege roles; alarms on failed
 * executions and failed rule invocations; the hourly rotated-without-redeploy check, whose JSONata
 * condition is evaluated here with the jsonata package (the version Step Functions implements);
 * error logging to an encrypted log group. A mock test cannot prove that AWS accepts the
 * definitions or that DescribeSecret/DescribeServices answer in this shape at run time: the
 * rotation drill in docs/operations.md §2 does.
 */
import * as assert from "assert";
import jsonata from "jsonata";
import {
    checkDefinition,
    LOG_DELIVERY_ACTIONS,
    RotationRedeploy,
    redeployDefinition,
    rotatedWithoutRedeployCondition,
    rotationAlarmDefinitions,
    rotationEventPattern,
} from "../components/app/rotationRedeploy";
import { metricAlarmArgs } from "../components/ops/alarmModel";
import { ResourceRecorder } from "../offline/mocks";
import { freshMocks, record } from "./harness";

const KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/k";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

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
                    kmsKeyArn: KEY,
                    logRetentionDays: 30,
                }),
        ));
    });

    it("creates exactly these children", () => {
        assert.deepStrictEqual(rec.countsByType(), {
            "aws:cloudwatch/eventRule:EventRule": 2,
            "aws:cloudwatch/eventTarget:EventTarget": 2,
            "aws:cloudwatch/logGroup:LogGroup": 1,
            [ALARM]: 3,
            "aws:iam/policy:Policy": 3,
            "aws:iam/role:Role": 3,
            "aws:iam/rolePolicy:RolePolicy": 2,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 4,
            "aws:sfn/stateMachine:StateMachine": 2,
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

    it("alarms when the rule matched but could not start the state machine", () => {
        const alarm = rec.get(ALARM, "r-rule-failed-invocations");
        const rule = rec.get("aws:cloudwatch/eventRule:EventRule", "r-rule");
        const inputs = { ...alarm.inputs };
        assert.match(String(inputs.alarmDescription), /^EventBridge matched a database secret/);
        delete inputs.alarmDescription;
        assert.deepStrictEqual(inputs, {
            namespace: "AWS/Events",
            metricName: "FailedInvocations",
            dimensions: { RuleName: rule.outputs.name },
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
            threshold: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [TOPIC],
        });
    });

    it("checks hourly, read-only, that a deployment followed the last rotation, and alarms if not", () => {
        const check = rec.get("aws:sfn/stateMachine:StateMachine", "r-check");
        assert.strictEqual(
            check.inputs.definition,
            checkDefinition(SECRET, "tng-prod-rails-cluster", "tng-prod-rails-service"),
        );
        const definition = JSON.parse(check.inputs.definition as string);
        assert.strictEqual(definition.QueryLanguage, "JSONata");
        assert.deepStrictEqual(Object.keys(definition.States), [
            "ReadSecret",
            "ReadService",
            "Compare",
            "RotatedWithoutRedeploy",
            "InStep",
        ]);
        assert.strictEqual(
            definition.States.ReadSecret.Resource,
            "arn:aws:states:::aws-sdk:secretsmanager:describeSecret",
        );
        assert.deepStrictEqual(definition.States.ReadSecret.Arguments, { SecretId: SECRET });
        assert.strictEqual(
            definition.States.ReadService.Resource,
            "arn:aws:states:::aws-sdk:ecs:describeServices",
        );
        assert.deepStrictEqual(definition.States.ReadService.Arguments, {
            Cluster: "tng-prod-rails-cluster",
            Services: ["tng-prod-rails-service"],
        });
        assert.strictEqual(definition.States.RotatedWithoutRedeploy.Type, "Fail");
        const role = rec.get("aws:iam/role:Role", "r-check-role");
        assert.strictEqual(check.inputs.roleArn, role.outputs.arn);
        const read = rec.get("aws:iam/policy:Policy", "r-check-read");
        assert.deepStrictEqual(JSON.parse(read.inputs.policy as string).Statement, [
            { Effect: "Allow", Action: "secretsmanager:DescribeSecret", Resource: SECRET },
            {
                Effect: "Allow",
                Action: "ecs:DescribeServices",
                Resource:
                    "arn:aws:ecs:ap-northeast-1:123456789012:service/tng-prod-rails-cluster/tng-prod-rails-service",
            },
        ]);
        const schedule = rec.get("aws:cloudwatch/eventRule:EventRule", "r-check-schedule");
        assert.strictEqual(schedule.inputs.scheduleExpression, "rate(1 hour)");
        const target = rec.get("aws:cloudwatch/eventTarget:EventTarget", "r-check-target");
        assert.strictEqual(target.inputs.arn, check.outputs.arn);
        assert.strictEqual(
            target.inputs.roleArn,
            rec.get("aws:iam/role:Role", "r-events-role").outputs.arn,
        );
        const start = rec.get("aws:iam/policy:Policy", "r-events-start-check");
        assert.deepStrictEqual(JSON.parse(start.inputs.policy as string).Statement, [
            { Effect: "Allow", Action: "states:StartExecution", Resource: check.outputs.arn },
        ]);
        const alarm = rec.get(ALARM, "r-rotated-without-redeploy");
        assert.deepStrictEqual(alarm.inputs.dimensions, { StateMachineArn: check.outputs.arn });
        assert.strictEqual(alarm.inputs.metricName, "ExecutionsFailed");
        assert.deepStrictEqual(alarm.inputs.alarmActions, [TOPIC]);
    });

    it("fails the check exactly when a rotation older than an hour has no later deployment", async () => {
        const definition = JSON.parse(
            checkDefinition(SECRET, "tng-prod-rails-cluster", "tng-prod-rails-service"),
        );
        const condition = String(definition.States.Compare.Choices[0].Condition);
        assert.strictEqual(condition, `{% ${rotatedWithoutRedeployCondition()} %}`);
        const expression = jsonata(condition.slice(3, -3));
        const judge = (rotated: string, deployed: string, start: string) =>
            expression.evaluate(
                {},
                {
                    rotated,
                    deployed,
                    states: { context: { Execution: { StartTime: start } } },
                },
            );
        const now = "2026-12-07T12:00:00.000Z";
        // [rotated, PRIMARY deployment created, expected]
        const cases: [string, string, boolean][] = [
            ["2026-12-07T10:00:00.000Z", "2026-12-07T10:01:30.000Z", false], // redeployed
            ["2026-12-07T10:00:00.000Z", "2026-12-06T09:00:00.000Z", true], // no redeploy
            ["2026-12-07T11:30:00.000Z", "2026-12-06T09:00:00.000Z", false], // within the grace
            ["1970-01-01T00:00:00Z", "2026-12-06T09:00:00.000Z", false], // never rotated
        ];
        for (const [rotated, deployed, expected] of cases) {
            assert.strictEqual(await judge(rotated, deployed, now), expected, rotated);
        }
        // The Assign expressions read the SDK integration's PascalCase answers.
        const rotatedOf = jsonata(String(definition.States.ReadSecret.Assign.rotated).slice(3, -3));
        assert.strictEqual(
            await rotatedOf.evaluate({}, { states: { result: { Name: "s" } } }),
            "1970-01-01T00:00:00Z",
        );
        assert.strictEqual(
            await rotatedOf.evaluate(
                {},
                { states: { result: { LastRotatedDate: "2026-12-07T10:00:00.000Z" } } },
            ),
            "2026-12-07T10:00:00.000Z",
        );
        const deployedOf = jsonata(
            String(definition.States.ReadService.Assign.deployed).slice(3, -3),
        );
        const services = {
            Services: [
                {
                    Deployments: [
                        { Status: "PRIMARY", CreatedAt: "2026-12-07T10:01:30.000Z" },
                        { Status: "ACTIVE", CreatedAt: "2026-12-01T00:00:00.000Z" },
                    ],
                },
            ],
        };
        assert.strictEqual(
            await deployedOf.evaluate({}, { states: { result: services } }),
            "2026-12-07T10:01:30.000Z",
        );
    });

    it("logs both state machines' errors, without execution data, to an encrypted group", () => {
        const group = rec.get("aws:cloudwatch/logGroup:LogGroup", "r-logs");
        const inputs = { ...group.inputs };
        delete inputs["__defaults"];
        assert.deepStrictEqual(inputs, {
            name: "/aws/vendedlogs/states/r",
            retentionInDays: 30,
            kmsKeyId: KEY,
        });
        for (const name of ["r-sfn", "r-check"]) {
            assert.deepStrictEqual(
                rec.get("aws:sfn/stateMachine:StateMachine", name).inputs.loggingConfiguration,
                {
                    level: "ERROR",
                    includeExecutionData: false,
                    logDestination: `${group.outputs.arn}:*`,
                },
                name,
            );
        }
        const logs = rec.get("aws:iam/policy:Policy", "r-sfn-logs");
        assert.deepStrictEqual(JSON.parse(logs.inputs.policy as string).Statement, [
            { Effect: "Allow", Action: LOG_DELIVERY_ACTIONS, Resource: "*" },
        ]);
        for (const [attachment, role] of [
            ["r-sfn-logs", "r-sfn-role"],
            ["r-check-logs", "r-check-role"],
        ]) {
            const a = rec.get("aws:iam/rolePolicyAttachment:RolePolicyAttachment", attachment);
            assert.strictEqual(a.inputs.role, rec.get("aws:iam/role:Role", role).outputs.name);
            assert.strictEqual(a.inputs.policyArn, logs.outputs.arn);
        }
    });

    it("creates every alarm from its model row", () => {
        const dims = {
            failed: {
                StateMachineArn: rec.get("aws:sfn/stateMachine:StateMachine", "r-sfn").outputs.arn,
            },
            "rule-failed-invocations": {
                RuleName: rec.get("aws:cloudwatch/eventRule:EventRule", "r-rule").outputs.name,
            },
            "rotated-without-redeploy": {
                StateMachineArn: rec.get("aws:sfn/stateMachine:StateMachine", "r-check").outputs
                    .arn,
            },
        } as Record<string, Record<string, string>>;
        for (const d of rotationAlarmDefinitions()) {
            const inputs = { ...rec.get(ALARM, `r-${d.key}`).inputs };
            delete inputs["__defaults"];
            assert.deepStrictEqual(
                inputs,
                JSON.parse(
                    JSON.stringify(
                        metricAlarmArgs(d, { topicArn: TOPIC, dimensions: dims[d.key] }),
                    ),
                ),
                d.key,
            );
        }
    });

    it("rejects a bad log retention before creating anything", async () => {
        const r = await freshMocks();
        assert.throws(
            () =>
                new RotationRedeploy("bad", {
                    secretArn: SECRET,
                    clusterName: "c",
                    serviceName: "s",
                    accountId: "123456789012",
                    region: "ap-northeast-1",
                    alarmTopicArn: TOPIC,
                    kmsKeyArn: KEY,
                    logRetentionDays: 0,
                }),
            {
                message:
                    "RotationRedeploy `logRetentionDays` must be a whole number of days, at least 1, got 0.",
            },
        );
        assert.strictEqual(r.resources.length, 0);
    });
});
