import * as assert from "assert";
import { AppIdentity } from "../components/app/appIdentity";
import { ResourceRecorder } from "../offline/mocks";
import { policyStatements, record } from "./harness";

describe("AppIdentity", () => {
    let rec: ResourceRecorder;
    before(async () => {
        ({ recorder: rec } = await record(
            () =>
                new AppIdentity("app", {
                    vpcId: "vpc-1",
                    vpcCidrBlock: "10.30.0.0/16",
                    accountId: "123456789012",
                }),
        ));
    });

    it("creates a role without permissions, a rule-less security group and four egress rules", () => {
        assert.deepStrictEqual(rec.countsByType(), {
            "aws:ec2/securityGroup:SecurityGroup": 1,
            "aws:iam/role:Role": 1,
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 4,
            "tng:app:AppIdentity": 1,
        });
        const role = rec.get("aws:iam/role:Role", "app-task-role");
        assert.strictEqual(role.inputs.managedPolicyArns, undefined);
        assert.strictEqual(role.inputs.inlinePolicies, undefined);
        const sg = rec.get("aws:ec2/securityGroup:SecurityGroup", "app-tasks-sg");
        assert.strictEqual(sg.inputs.ingress, undefined);
        assert.strictEqual(sg.inputs.egress, undefined);
    });

    it("only this account's ECS tasks may assume the role", () => {
        assert.deepStrictEqual(
            policyStatements(rec.get("aws:iam/role:Role", "app-task-role").inputs.assumeRolePolicy),
            [
                {
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
                },
            ],
        );
    });

    it("egress: data ports inside the VPC only, HTTPS and SMTP submission outside", () => {
        const rules = rec
            .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
            .map((r) => [
                r.name,
                r.inputs.securityGroupId,
                r.inputs.ipProtocol,
                r.inputs.fromPort,
                r.inputs.toPort,
                r.inputs.cidrIpv4,
            ]);
        assert.deepStrictEqual(rules, [
            ["app-to-postgres", "app-tasks-sg-id", "tcp", 5432, 5432, "10.30.0.0/16"],
            ["app-to-memcached", "app-tasks-sg-id", "tcp", 11211, 11211, "10.30.0.0/16"],
            ["app-to-https", "app-tasks-sg-id", "tcp", 443, 443, "0.0.0.0/0"],
            ["app-to-smtpSubmission", "app-tasks-sg-id", "tcp", 587, 587, "0.0.0.0/0"],
        ]);
    });
});
