/**
 * AppIdentity: the Rails tasks' IAM task role and security group, created before the data tier.
 *
 * The database, cache and search domain admit only this security group and grant only this role,
 * and RailsService needs their endpoints: creating the identity first breaks that cycle. The role
 * starts with no permissions; each component that the app uses attaches its own narrow policy.
 * The security group carries no inline rules, so rule resources added by other components never
 * fight inline ones.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../security/trustPolicy";

/** Ports the app opens towards the data tier (inside the VPC only). */
export const DATA_PORTS = { postgres: 5432, memcached: 11211 } as const;
/** Ports the app opens to the internet through NAT: HTTPS APIs and SMTP submission. */
export const INTERNET_PORTS = { https: 443, smtpSubmission: 587 } as const;

/** Trust policy for roles that ECS tasks assume, confined to this account's ECS. */
export function ecsTasksTrustPolicy(accountId: string): string {
    // Confused-deputy guard: only this account's ECS may assume it.
    return serviceTrustPolicy("ecs-tasks.amazonaws.com", accountId);
}

export interface AppIdentityArgs {
    /** VPC of the tasks. */
    readonly vpcId: pulumi.Input<string>;
    /** VPC range: the only destination of data-tier traffic. */
    readonly vpcCidrBlock: pulumi.Input<string>;
    /** Account id, to confine the role's trust to this account's ECS tasks. */
    readonly accountId: pulumi.Input<string>;
}

export class AppIdentity extends pulumi.ComponentResource {
    /** The task role (what the running app may do). */
    public readonly taskRoleArn: pulumi.Output<string>;
    public readonly taskRoleName: pulumi.Output<string>;
    /** The tasks' security group. */
    public readonly securityGroupId: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component.
     * @param args VPC and account.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: AppIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:app:AppIdentity", name, {}, opts);
        const parent = { parent: this };

        const role = new aws.iam.Role(
            `${name}-task-role`,
            {
                description: "Rails tasks: only what the app calls (granted by each component)",
                assumeRolePolicy: pulumi.output(args.accountId).apply(ecsTasksTrustPolicy),
            },
            parent,
        );

        const sg = new aws.ec2.SecurityGroup(
            `${name}-tasks-sg`,
            {
                vpcId: args.vpcId,
                description:
                    "Rails tasks: ingress from the ALB only; egress to the data tier, HTTPS and SMTP",
                tags: { Name: `${name}-tasks-sg` },
            },
            parent,
        );
        for (const [role_, port] of Object.entries(DATA_PORTS)) {
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-to-${role_}`,
                {
                    securityGroupId: sg.id,
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    cidrIpv4: args.vpcCidrBlock,
                    description: `${role_} inside the VPC`,
                },
                parent,
            );
        }
        for (const [role_, port] of Object.entries(INTERNET_PORTS)) {
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-to-${role_}`,
                {
                    securityGroupId: sg.id,
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    cidrIpv4: "0.0.0.0/0",
                    description: `${role_} to AWS APIs and third parties through NAT or endpoints`,
                },
                parent,
            );
        }

        this.taskRoleArn = role.arn;
        this.taskRoleName = role.name;
        this.securityGroupId = sg.id;
        this.registerOutputs({
            taskRoleArn: this.taskRoleArn,
            taskRoleName: this.taskRoleName,
            securityGroupId: this.securityGroupId,
        });
    }
}
