import * as aws from "../../sdk/aws";
import { PropsOf } from "../rules/helpers";
import * as rules from "../rules/securityGroups";
import {
    assertStackUnchecked,
    assertStackViolations,
    describeResourcePolicy,
    exported,
    unknown,
} from "./util";

type Sg = PropsOf<aws.ec2.SecurityGroupArgs>;

/** An SG admitting only another SG on the app port. */
function happySg(): Sg {
    return {
        vpcId: "vpc-id",
        description: "app tasks",
        ingress: [{ protocol: "tcp", fromPort: 3000, toPort: 3000, securityGroups: ["alb-sg-id"] }],
        egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
    };
}

const world = (protocol: string, fromPort: number, toPort: number) => ({
    protocol,
    fromPort,
    toPort,
    cidrBlocks: ["0.0.0.0/0"],
});

describe("security group policies", () => {
    describeResourcePolicy(rules.securityGroupNoPublicAllTraffic, aws.ec2.SecurityGroup, happySg, [
        {
            title: "ingress allows protocol -1 from 0.0.0.0/0",
            mutate: (p) => p.ingress?.push(world("-1", 0, 0)),
            messages: ["Security group must not allow all traffic from 0.0.0.0/0 (ingress[1])."],
        },
        {
            title: "ingress allows tcp 0-65535 from ::/0",
            mutate: (p) =>
                p.ingress?.push({
                    protocol: "tcp",
                    fromPort: 0,
                    toPort: 65535,
                    ipv6CidrBlocks: ["::/0"],
                }),
            messages: ["Security group must not allow all traffic from ::/0 (ingress[1])."],
        },
        { title: "ingress is missing", mutate: (p) => delete p.ingress, messages: [] },
        {
            title: "an ingress entry is unknown",
            mutate: (p) => p.ingress?.push(unknown()),
            messages: [],
        },
    ]);

    describeResourcePolicy(
        rules.securityGroupNoPublicAllTraffic,
        aws.vpc.SecurityGroupIngressRule,
        () => ({
            securityGroupId: "sg-id",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: "10.0.0.0/16",
        }),
        [
            {
                title: "a vpc ingress rule allows -1 from 0.0.0.0/0",
                mutate: (p) => {
                    p.ipProtocol = "-1";
                    p.cidrIpv4 = "0.0.0.0/0";
                },
                messages: [
                    "Security group ingress rule must not allow all traffic from 0.0.0.0/0 (cidrIpv4).",
                ],
            },
        ],
    );

    describeResourcePolicy(rules.securityGroupNoPublicRiskyPorts, aws.ec2.SecurityGroup, happySg, [
        {
            title: "ingress allows tcp 22 from 0.0.0.0/0",
            mutate: (p) => (p.ingress = [world("tcp", 22, 22)]),
            messages: [
                "Security group must not allow ingress from 0.0.0.0/0 to port 22 (ingress[0]).",
            ],
        },
        {
            title: "ingress allows a range covering 3306 and 3389",
            mutate: (p) => (p.ingress = [world("tcp", 3300, 3400)]),
            messages: [
                "Security group must not allow ingress from 0.0.0.0/0 to ports 3306 and 3389 (ingress[0]).",
            ],
        },
        {
            title: "config narrows the ports to 3389 only",
            mutate: (p) => (p.ingress = [world("tcp", 22, 22)]),
            config: { ports: [3389] },
            messages: [],
        },
        {
            title: "the CIDR of a port-22 rule is unknown",
            mutate: (p) =>
                (p.ingress = [
                    { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: unknown() },
                ]),
            messages: [],
        },
    ]);

    describeResourcePolicy(
        rules.securityGroupNoPublicRiskyPorts,
        aws.ec2.SecurityGroupRule,
        () => ({
            type: "ingress",
            securityGroupId: "sg-id",
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrBlocks: ["10.0.0.0/8"],
        }),
        [
            {
                title: "a standalone rule opens 22 to 0.0.0.0/0",
                mutate: (p) => (p.cidrBlocks = ["0.0.0.0/0"]),
                messages: [
                    "Security group rule must not allow ingress from 0.0.0.0/0 to port 22 (cidrBlocks).",
                ],
            },
            {
                title: "the standalone rule is egress",
                mutate: (p) => {
                    p.type = "egress";
                    p.cidrBlocks = ["0.0.0.0/0"];
                },
                messages: [],
            },
        ],
    );

    describeResourcePolicy(
        rules.securityGroupPublicIngressWebOnly,
        aws.ec2.SecurityGroup,
        happySg,
        [
            {
                title: "ingress allows tcp 443 from 0.0.0.0/0",
                mutate: (p) => (p.ingress = [world("tcp", 443, 443)]),
                messages: [],
            },
            {
                title: "ingress allows udp 53 from 0.0.0.0/0",
                mutate: (p) => (p.ingress = [world("udp", 53, 53)]),
                messages: [
                    "Security group must only allow ingress from 0.0.0.0/0 to tcp ports 80 and 443 (ingress[0]).",
                ],
            },
            {
                title: "config allows only 443 and ingress opens 80",
                mutate: (p) => (p.ingress = [world("tcp", 80, 80)]),
                config: { allowedPorts: [443] },
                messages: [
                    "Security group must only allow ingress from 0.0.0.0/0 to tcp ports 443 (ingress[0]).",
                ],
            },
            {
                title: "ingress opens 22 (reported by the risky-ports policy)",
                mutate: (p) => (p.ingress = [world("tcp", 22, 22)]),
                messages: [],
            },
        ],
    );

    describe(rules.securityGroupPublicIngressOnInternetFacingLb.name, () => {
        const sg = exported(aws.ec2.SecurityGroup, "alb-sg", {
            ...happySg(),
            ingress: [world("tcp", 443, 443)],
        });
        const lb = (internal: boolean | undefined) =>
            exported(aws.lb.LoadBalancer, "alb", {
                internal,
                securityGroups: ["alb-sg-id"],
                subnets: ["a", "b"],
            });
        it("passes when an internet-facing load balancer uses the group", async () => {
            await assertStackViolations(
                rules.securityGroupPublicIngressOnInternetFacingLb,
                [sg, lb(false)],
                [],
            );
        });
        it("fails when only an internal load balancer uses the group", async () => {
            await assertStackViolations(
                rules.securityGroupPublicIngressOnInternetFacingLb,
                [sg, lb(true)],
                [
                    [
                        sg,
                        "Security group must not allow ingress from 0.0.0.0/0 unless an internet-facing load balancer uses the group (ingress[0]).",
                    ],
                ],
            );
        });
        it("fails when nothing uses the group", async () => {
            await assertStackViolations(
                rules.securityGroupPublicIngressOnInternetFacingLb,
                [sg],
                [
                    [
                        sg,
                        "Security group must not allow ingress from 0.0.0.0/0 unless an internet-facing load balancer uses the group (ingress[0]).",
                    ],
                ],
            );
        });
        it('reports only "could not check" when the load balancer\'s internal flag or SG list is unknown', async () => {
            await assertStackUnchecked(
                rules.securityGroupPublicIngressOnInternetFacingLb,
                [sg, lb(unknown())],
                [[undefined, "could not check internal: value unknown/secret"]],
            );
            const unknownList = exported(aws.alb.LoadBalancer, "alb", {
                internal: true,
                securityGroups: unknown<string[]>(),
            });
            await assertStackUnchecked(
                rules.securityGroupPublicIngressOnInternetFacingLb,
                [sg, unknownList],
                [[undefined, "could not check securityGroups: value unknown/secret"]],
            );
        });
    });

    describe(rules.dataTierSecurityGroupNoCidrIngress.name, () => {
        const dbSg = (ingress: Sg["ingress"]) =>
            exported(aws.ec2.SecurityGroup, "db-sg", { ...happySg(), ingress });
        const db = exported(aws.rds.Instance, "db", {
            instanceClass: "db.t4g.micro",
            vpcSecurityGroupIds: ["db-sg-id"],
        });
        const service = exported(aws.ecs.Service, "svc", {
            networkConfiguration: { subnets: ["a"], securityGroups: ["db-sg-id"] },
        });
        it("passes when the DB security group admits only security groups", async () => {
            await assertStackViolations(
                rules.dataTierSecurityGroupNoCidrIngress,
                [dbSg(happySg().ingress), db],
                [],
            );
        });
        it("fails when the DB security group admits a CIDR", async () => {
            const sg = dbSg([
                { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"] },
            ]);
            await assertStackViolations(
                rules.dataTierSecurityGroupNoCidrIngress,
                [sg, db],
                [
                    [
                        sg,
                        "Security group of a database, cache or ECS service must admit only security groups, not CIDR 10.0.0.0/16 (ingress[0]).",
                    ],
                ],
            );
        });
        it("fails on a standalone rule adding a CIDR to an ECS service's group", async () => {
            const rule = exported(aws.vpc.SecurityGroupIngressRule, "svc-from-vpc", {
                securityGroupId: "db-sg-id",
                ipProtocol: "tcp",
                fromPort: 3000,
                toPort: 3000,
                cidrIpv4: "10.0.0.0/16",
            });
            await assertStackViolations(
                rules.dataTierSecurityGroupNoCidrIngress,
                [dbSg([]), service, rule],
                [
                    [
                        rule,
                        "Security group ingress rule of a database, cache or ECS service must admit only security groups, not CIDR 10.0.0.0/16 (cidrIpv4).",
                    ],
                ],
            );
        });
        it('ignores groups no data-tier resource uses, and unknown references (unknown references: "could not check")', async () => {
            const sg = dbSg([
                { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] },
            ]);
            await assertStackViolations(rules.dataTierSecurityGroupNoCidrIngress, [sg], []);
            const unknownDb = exported(aws.rds.Instance, "db", {
                instanceClass: "db.t4g.micro",
                vpcSecurityGroupIds: unknown<string[]>(),
            });
            await assertStackUnchecked(
                rules.dataTierSecurityGroupNoCidrIngress,
                [sg, unknownDb],
                [[undefined, "could not check vpcSecurityGroupIds: value unknown/secret"]],
            );
        });
    });
});
