/**
 * VPC-level rules: flow logs, the default security group, subnets.
 */
import * as aws from "../../sdk/aws";
import { StackValidationPolicy, ResourceValidationPolicy } from "@pulumi/policy";
import {
    ignoreUnknown,
    read,
    referencing,
    resourcesOf,
    UNKNOWN,
    validateTyped,
    trackedStack,
} from "./helpers";

/** Every VPC has a flow log capturing ALL traffic to a destination. */
export const vpcFlowLogsEnabled: StackValidationPolicy = {
    name: "vpc-flow-logs-enabled",
    description:
        "Every VPC has an aws.ec2.FlowLog whose vpcId is the VPC, with trafficType ALL and logDestination set.",
    enforcementLevel: "mandatory",
    validateStack: trackedStack((args, reportViolation) => {
        const flowLogs = resourcesOf(args, [aws.ec2.FlowLog]);
        for (const vpc of resourcesOf(args, [aws.ec2.Vpc])) {
            const { matches, undecided } = referencing(flowLogs, "vpcId", vpc);
            if (matches.length === 0) {
                if (!undecided) {
                    reportViolation("VPC must have a flow log whose vpcId is this VPC.", vpc.urn);
                }
                continue;
            }
            // One compliant flow log is enough; a flow log with unknown settings might be it.
            let compliant = false;
            let inconclusive = false;
            for (const fl of matches) {
                const traffic = read(() => fl.props.trafficType);
                const destination = read(() => fl.props.logDestination);
                if (traffic === UNKNOWN || destination === UNKNOWN) {
                    inconclusive = true;
                } else if (traffic === "ALL" && typeof destination === "string" && destination) {
                    compliant = true;
                }
            }
            if (!compliant && !inconclusive) {
                reportViolation(
                    "VPC flow log must set trafficType to ALL and logDestination.",
                    matches[0].urn,
                );
            }
        }
    }),
};

/** Each VPC's default security group is adopted and emptied. */
export const defaultSecurityGroupClosed: StackValidationPolicy = {
    name: "default-security-group-closed",
    description:
        "Every VPC adopts its default security group with an aws.ec2.DefaultSecurityGroup that has no ingress or egress rules.",
    enforcementLevel: "mandatory",
    validateStack: trackedStack((args, reportViolation) => {
        const defaults = resourcesOf(args, [aws.ec2.DefaultSecurityGroup]);
        for (const sg of defaults) {
            for (const direction of ["ingress", "egress"] as const) {
                ignoreUnknown(() => {
                    const rules = sg.props[direction] as unknown[] | undefined;
                    // Adopting the default SG strips every rule and re-adds only those listed,
                    // so an absent list is as closed as an empty one.
                    if (Array.isArray(rules) && rules.length > 0) {
                        reportViolation(
                            `Default security group must set ${direction} to an empty list.`,
                            sg.urn,
                        );
                    }
                });
            }
        }
        for (const vpc of resourcesOf(args, [aws.ec2.Vpc])) {
            const { matches, undecided } = referencing(defaults, "vpcId", vpc);
            if (matches.length === 0 && !undecided) {
                reportViolation(
                    "VPC must adopt its default security group with an aws.ec2.DefaultSecurityGroup whose vpcId is this VPC.",
                    vpc.urn,
                );
            }
        }
    }),
};

/** Subnets do not hand out public addresses. */
export const subnetNoPublicIpOnLaunch: ResourceValidationPolicy = {
    name: "subnet-no-public-ip-on-launch",
    description: "Subnets do not set mapPublicIpOnLaunch or assignIpv6AddressOnCreation.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.ec2.Subnet, [], (subnet, _args, reportViolation) => {
        ignoreUnknown(() => {
            if (subnet.mapPublicIpOnLaunch === true) {
                reportViolation("Subnet must not set mapPublicIpOnLaunch to true.");
            }
        });
        ignoreUnknown(() => {
            if (subnet.assignIpv6AddressOnCreation === true) {
                reportViolation("Subnet must not set assignIpv6AddressOnCreation to true.");
            }
        });
    }),
};

/** All network policies. */
export const networkPolicies = [
    vpcFlowLogsEnabled,
    defaultSecurityGroupClosed,
    subnetNoPublicIpOnLaunch,
];
