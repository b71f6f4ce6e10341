import * as aws from "../../sdk/aws";
import { PropsOf } from "../rules/helpers";
import * as rules from "../rules/network";
import {
    assertStackUnchecked,
    assertStackViolations,
    describeResourcePolicy,
    exported,
    unknown,
} from "./util";

const vpc = exported(aws.ec2.Vpc, "vpc", { cidrBlock: "10.0.0.0/16" });
const flowLog = (props: PropsOf<aws.ec2.FlowLogArgs> = {}) =>
    exported(aws.ec2.FlowLog, "vpc-flow", {
        vpcId: "vpc-id",
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: "arn:aws:logs:ap-northeast-1:123456789012:log-group:flow",
        ...props,
    });
const defaultSg = (props: PropsOf<aws.ec2.DefaultSecurityGroupArgs> = {}) =>
    exported(aws.ec2.DefaultSecurityGroup, "vpc-default-sg", {
        vpcId: "vpc-id",
        ingress: [],
        egress: [],
        ...props,
    });

describe("network policies", () => {
    describe(rules.vpcFlowLogsEnabled.name, () => {
        it("passes when a flow log with trafficType ALL references the VPC", async () => {
            await assertStackViolations(rules.vpcFlowLogsEnabled, [vpc, flowLog()], []);
        });
        it("matches through engine-recorded property dependencies", async () => {
            const fl = flowLog({ vpcId: "vpc-0abc" });
            fl.propertyDependencies = { vpcId: [vpc.urn] };
            await assertStackViolations(rules.vpcFlowLogsEnabled, [vpc, fl], []);
        });
        it("fails when no flow log references the VPC", async () => {
            await assertStackViolations(
                rules.vpcFlowLogsEnabled,
                [vpc, flowLog({ vpcId: "other-vpc-id" })],
                [[vpc, "VPC must have a flow log whose vpcId is this VPC."]],
            );
        });
        it("fails when the flow log captures only REJECT traffic", async () => {
            await assertStackViolations(
                rules.vpcFlowLogsEnabled,
                [vpc, flowLog({ trafficType: "REJECT" })],
                [[flowLog(), "VPC flow log must set trafficType to ALL and logDestination."]],
            );
        });
        it("fails when logDestination is missing", async () => {
            await assertStackViolations(
                rules.vpcFlowLogsEnabled,
                [vpc, flowLog({ logDestination: undefined })],
                [[flowLog(), "VPC flow log must set trafficType to ALL and logDestination."]],
            );
        });
        it('reports only "could not check" when the flow log\'s vpcId or settings are unknown', async () => {
            await assertStackUnchecked(
                rules.vpcFlowLogsEnabled,
                [vpc, flowLog({ vpcId: unknown() })],
                [[undefined, "could not check vpcId: value unknown/secret"]],
            );
            await assertStackUnchecked(
                rules.vpcFlowLogsEnabled,
                [vpc, flowLog({ trafficType: unknown() })],
                [[undefined, "could not check trafficType: value unknown/secret"]],
            );
        });
    });

    describe(rules.defaultSecurityGroupClosed.name, () => {
        it("passes when the VPC's default SG is adopted with no rules (or rules omitted)", async () => {
            await assertStackViolations(rules.defaultSecurityGroupClosed, [vpc, defaultSg()], []);
            await assertStackViolations(
                rules.defaultSecurityGroupClosed,
                [vpc, defaultSg({ ingress: undefined, egress: undefined })],
                [],
            );
        });
        it("fails when the default SG keeps an egress rule", async () => {
            await assertStackViolations(
                rules.defaultSecurityGroupClosed,
                [
                    vpc,
                    defaultSg({
                        egress: [
                            { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
                        ],
                    }),
                ],
                [[defaultSg(), "Default security group must set egress to an empty list."]],
            );
        });
        it("fails when the VPC's default SG is not adopted", async () => {
            await assertStackViolations(
                rules.defaultSecurityGroupClosed,
                [vpc],
                [
                    [
                        vpc,
                        "VPC must adopt its default security group with an aws.ec2.DefaultSecurityGroup whose vpcId is this VPC.",
                    ],
                ],
            );
        });
        it('reports only "could not check" for unknown rules or an unknown vpcId', async () => {
            await assertStackUnchecked(
                rules.defaultSecurityGroupClosed,
                [vpc, defaultSg({ ingress: unknown(), vpcId: unknown() })],
                [
                    [undefined, "could not check ingress: value unknown/secret"],
                    [undefined, "could not check vpcId: value unknown/secret"],
                ],
            );
        });
    });

    describeResourcePolicy(
        rules.subnetNoPublicIpOnLaunch,
        aws.ec2.Subnet,
        () => ({ vpcId: "vpc-id", cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: false }),
        [
            {
                title: "mapPublicIpOnLaunch is true",
                mutate: (p) => (p.mapPublicIpOnLaunch = true),
                messages: ["Subnet must not set mapPublicIpOnLaunch to true."],
            },
            {
                title: "assignIpv6AddressOnCreation is true",
                mutate: (p) => (p.assignIpv6AddressOnCreation = true),
                messages: ["Subnet must not set assignIpv6AddressOnCreation to true."],
            },
            {
                title: "mapPublicIpOnLaunch is missing",
                mutate: (p) => delete p.mapPublicIpOnLaunch,
                messages: [],
            },
            {
                title: "mapPublicIpOnLaunch is unknown",
                mutate: (p) => (p.mapPublicIpOnLaunch = unknown()),
                messages: [],
            },
        ],
    );
});
