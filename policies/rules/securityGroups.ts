/**
 * Security-group rules. Ingress can be declared three ways (inline
 * `ingress[]`, `aws.ec2.SecurityGroupRule`, `aws.vpc.SecurityGroupIngressRule`); each is
 * normalised to an {@link IngressPermission} so the rules read the same for all of them.
 */
import * as aws from "../../sdk/aws";
import {
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    configOf,
    coversPort,
    forEachKnown,
    ignoreUnknown,
    IngressPermission,
    isAllTraffic,
    normaliseProtocol,
    read,
    referencedBy,
    referencing,
    referencedTargets,
    resourcesOf,
    StackResource,
    UNKNOWN,
    validateTyped,
    worldCidrs,
    trackedStack,
} from "./helpers";

/** High-risk ports from EC2.19 (Security Hub), never open to the world. */
export const DEFAULT_RISKY_PORTS = [
    20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500,
    5601, 8080, 8088, 8888, 9200, 9300,
];
/** Ports an internet-facing load balancer may open to the world. */
export const DEFAULT_PUBLIC_WEB_PORTS = [80, 443];

type Props = Record<string, unknown>;

function permission(label: string, p: Props, cidrKeys: string[], protocolKey: string) {
    const cidrs: string[] = [];
    for (const key of cidrKeys) {
        const v = p[key];
        if (Array.isArray(v)) {
            cidrs.push(...v.filter((c): c is string => typeof c === "string"));
        } else if (typeof v === "string") {
            cidrs.push(v);
        }
    }
    const fromPort = p["fromPort"];
    const toPort = p["toPort"];
    return {
        label,
        protocol: normaliseProtocol(p[protocolKey]),
        fromPort: typeof fromPort === "number" ? fromPort : undefined,
        toPort: typeof toPort === "number" ? toPort : undefined,
        cidrs,
    };
}

/** The ingress permissions a resource declares, paired with the noun used in messages. */
export function ingressPermissions(
    type: string,
    props: Props,
): { subject: string; permissions: IngressPermission[] } | undefined {
    const permissions: IngressPermission[] = [];
    const add = (make: () => IngressPermission) =>
        ignoreUnknown(() => {
            permissions.push(make());
        });
    if (type === "aws:ec2/securityGroup:SecurityGroup") {
        forEachKnown(props["ingress"] as Props[] | undefined, (rule, i) =>
            add(() =>
                permission(`ingress[${i}]`, rule, ["cidrBlocks", "ipv6CidrBlocks"], "protocol"),
            ),
        );
        return { subject: "Security group", permissions };
    }
    if (type === "aws:ec2/securityGroupRule:SecurityGroupRule") {
        if (read(() => props["type"]) !== "ingress") {
            return undefined;
        }
        add(() => {
            const ipv4 = (props["cidrBlocks"] as unknown[] | undefined)?.length ?? 0;
            const key = ipv4 > 0 ? "cidrBlocks" : "ipv6CidrBlocks";
            return permission(key, props, ["cidrBlocks", "ipv6CidrBlocks"], "protocol");
        });
        return { subject: "Security group rule", permissions };
    }
    if (type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
        add(() => {
            const key = props["cidrIpv4"] !== undefined ? "cidrIpv4" : "cidrIpv6";
            return permission(key, props, ["cidrIpv4", "cidrIpv6"], "ipProtocol");
        });
        return { subject: "Security group ingress rule", permissions };
    }
    return undefined;
}

/** The resource classes that declare ingress. */
const INGRESS_CLASSES = [
    aws.ec2.SecurityGroup,
    aws.ec2.SecurityGroupRule,
    aws.vpc.SecurityGroupIngressRule,
];

/** Runs `check` on every world-open ingress permission of any ingress-declaring resource. */
function forWorldIngress(
    check: (
        subject: string,
        perm: IngressPermission,
        cidr: string,
        args: ResourceValidationArgs,
        reportViolation: ReportViolation,
    ) => void,
): ResourceValidation[] {
    const validate = (props: unknown, args: ResourceValidationArgs, report: ReportViolation) => {
        const found = ingressPermissions(args.type, props as Props);
        for (const perm of found?.permissions ?? []) {
            const world = worldCidrs(perm);
            if (found !== undefined && world.length > 0) {
                check(found.subject, perm, world[0], args, report);
            }
        }
    };
    return [
        validateTyped(aws.ec2.SecurityGroup, [], validate),
        validateTyped(aws.ec2.SecurityGroupRule, [], validate),
        validateTyped(aws.vpc.SecurityGroupIngressRule, [], validate),
    ];
}

function riskyPortsOpened(perm: IngressPermission, ports: readonly number[]): number[] {
    return ports.filter((port) => coversPort(perm, port));
}

/** "80 and 443", "22, 80 and 443". */
function listPorts(ports: readonly number[]): string {
    return ports.length <= 1
        ? ports.join("")
        : `${ports.slice(0, -1).join(", ")} and ${ports[ports.length - 1]}`;
}

/** Whether a world-open permission is limited to the public web ports (tcp, one allowed port). */
function isPublicWeb(perm: IngressPermission, webPorts: readonly number[]): boolean {
    return (
        perm.protocol === "tcp" &&
        perm.fromPort !== undefined &&
        perm.fromPort === perm.toPort &&
        webPorts.includes(perm.fromPort)
    );
}

/** Nothing admits all traffic from the world. */
export const securityGroupNoPublicAllTraffic: ResourceValidationPolicy = {
    name: "security-group-no-public-all-traffic",
    description:
        "No security group ingress from 0.0.0.0/0 or ::/0 with protocol -1 or ports 0-65535.",
    enforcementLevel: "mandatory",
    validateResource: forWorldIngress((subject, perm, cidr, _args, reportViolation) => {
        if (isAllTraffic(perm)) {
            reportViolation(`${subject} must not allow all traffic from ${cidr} (${perm.label}).`);
        }
    }),
};

/** Config of {@link securityGroupNoPublicRiskyPorts}. */
export interface RiskyPortsConfig {
    /** Ports never open to the world. */
    ports: number[];
}

/** High-risk ports are never open to the world (all-traffic rules are reported by security-group-no-public-all-traffic). */
export const securityGroupNoPublicRiskyPorts: ResourceValidationPolicy = {
    name: "security-group-no-public-risky-ports",
    description:
        "No security group ingress from 0.0.0.0/0 or ::/0 to a high-risk port such as 22 or 3389.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            ports: {
                type: "array",
                items: { type: "integer" },
                default: DEFAULT_RISKY_PORTS,
                description: "Ports never open to 0.0.0.0/0 or ::/0.",
            },
        },
    },
    validateResource: forWorldIngress((subject, perm, cidr, args, reportViolation) => {
        const { ports } = configOf<RiskyPortsConfig>(args, { ports: DEFAULT_RISKY_PORTS });
        const opened = riskyPortsOpened(perm, ports);
        if (!isAllTraffic(perm) && opened.length > 0) {
            const noun = opened.length === 1 ? "port" : "ports";
            reportViolation(
                `${subject} must not allow ingress from ${cidr} to ${noun} ${listPorts(opened)} (${perm.label}).`,
            );
        }
    }),
};

/** Config of the public-web-ingress policies. */
export interface PublicWebConfig {
    /** TCP ports that may be open to the world, on an internet-facing load balancer only. */
    allowedPorts: number[];
}

const publicWebSchema = {
    properties: {
        allowedPorts: {
            type: "array" as const,
            items: { type: "integer" as const },
            default: DEFAULT_PUBLIC_WEB_PORTS,
            description:
                "TCP ports that may be open to the world on an internet-facing load balancer.",
        },
    },
};

/** World-open ingress is limited to the web ports; the all-traffic and risky-port policies report the worse cases. */
export const securityGroupPublicIngressWebOnly: ResourceValidationPolicy = {
    name: "security-group-public-ingress-web-only",
    description: "Security group ingress from 0.0.0.0/0 or ::/0 is only for tcp 80 and 443.",
    enforcementLevel: "mandatory",
    configSchema: publicWebSchema,
    validateResource: forWorldIngress((subject, perm, cidr, args, reportViolation) => {
        const { allowedPorts } = configOf<PublicWebConfig>(args, {
            allowedPorts: DEFAULT_PUBLIC_WEB_PORTS,
        });
        const risky = riskyPortsOpened(perm, DEFAULT_RISKY_PORTS);
        if (!isAllTraffic(perm) && risky.length === 0 && !isPublicWeb(perm, allowedPorts)) {
            reportViolation(
                `${subject} must only allow ingress from ${cidr} to tcp ports ${listPorts(allowedPorts)} (${perm.label}).`,
            );
        }
    }),
};

const LOAD_BALANCER_CLASSES = [aws.lb.LoadBalancer, aws.alb.LoadBalancer];

/** The SecurityGroup a standalone rule targets (or itself for an inline rule). */
function targetGroup(
    resource: StackResource,
    groups: StackResource[],
): StackResource | typeof UNKNOWN | undefined {
    if (resource.type === "aws:ec2/securityGroup:SecurityGroup") {
        return resource;
    }
    return referencedBy(resource, "securityGroupId", groups);
}

/** World-open web ingress only on SGs used by an internet-facing load balancer. */
export const securityGroupPublicIngressOnInternetFacingLb: StackValidationPolicy = {
    name: "security-group-public-ingress-internet-facing-lb-only",
    description:
        "Security groups with web ingress from 0.0.0.0/0 or ::/0 are used only by internet-facing load balancers.",
    enforcementLevel: "mandatory",
    configSchema: publicWebSchema,
    validateStack: trackedStack((args, reportViolation) => {
        const { allowedPorts } = configOf<PublicWebConfig>(args, {
            allowedPorts: DEFAULT_PUBLIC_WEB_PORTS,
        });
        const groups = resourcesOf(args, [aws.ec2.SecurityGroup]);
        const balancers = resourcesOf(args, LOAD_BALANCER_CLASSES);
        for (const resource of resourcesOf(args, INGRESS_CLASSES)) {
            const found = ingressPermissions(resource.type, resource.props);
            const web = (found?.permissions ?? []).filter(
                (p) => worldCidrs(p).length > 0 && isPublicWeb(p, allowedPorts),
            );
            if (found === undefined || web.length === 0) {
                continue;
            }
            const group = targetGroup(resource, groups);
            if (group === UNKNOWN || group === undefined) {
                continue;
            }
            const { matches, undecided } = referencing(balancers, "securityGroups", group);
            const internal = matches.map((lb) => read(() => lb.props.internal));
            if (
                internal.some((v) => v === UNKNOWN || v !== true) ||
                (undecided && matches.length === 0)
            ) {
                continue;
            }
            for (const perm of web) {
                reportViolation(
                    `${found.subject} must not allow ingress from ${worldCidrs(perm)[0]} unless an internet-facing load balancer uses the group (${perm.label}).`,
                    resource.urn,
                );
            }
        }
    }),
};

/** Database, cache and task SGs admit other SGs only, never CIDR ranges. */
export const dataTierSecurityGroupNoCidrIngress: StackValidationPolicy = {
    name: "data-tier-security-group-no-cidr-ingress",
    description:
        "Security groups of RDS instances, ElastiCache caches and ECS services admit traffic only from other security groups, not CIDR blocks.",
    enforcementLevel: "mandatory",
    validateStack: trackedStack((args, reportViolation) => {
        const groups = resourcesOf(args, [aws.ec2.SecurityGroup]);
        // The property (for engine-recorded dependencies) and value holding each user's SG ids.
        const users: { resource: StackResource; prop: string; value: unknown }[] = [
            ...resourcesOf(args, [aws.rds.Instance]).map((r) => ({
                resource: r,
                prop: "vpcSecurityGroupIds",
                value: read(() => r.props.vpcSecurityGroupIds),
            })),
            ...resourcesOf(args, [
                aws.elasticache.Cluster,
                aws.elasticache.ServerlessCache,
                aws.elasticache.ReplicationGroup,
            ]).map((r) => ({
                resource: r,
                prop: "securityGroupIds",
                value: read(() => r.props.securityGroupIds),
            })),
            ...resourcesOf(args, [aws.ecs.Service]).map((r) => ({
                resource: r,
                prop: "networkConfiguration",
                value: read(() => r.props.networkConfiguration?.securityGroups),
            })),
        ];
        // The groups some user refers to, resolved once per user (linear in the stack).
        const dataTier = new Set<StackResource>();
        for (const u of users) {
            if (u.value !== UNKNOWN && u.value !== undefined) {
                referencedTargets(u.resource, u.prop, groups, u.value).matches.forEach((g) =>
                    dataTier.add(g),
                );
            }
        }
        const isDataTier = (group: StackResource) => dataTier.has(group);
        for (const resource of resourcesOf(args, INGRESS_CLASSES)) {
            const group = targetGroup(resource, groups);
            if (group === UNKNOWN || group === undefined || !isDataTier(group)) {
                continue;
            }
            const found = ingressPermissions(resource.type, resource.props);
            for (const perm of found?.permissions ?? []) {
                if (perm.cidrs.length > 0) {
                    reportViolation(
                        `${found?.subject} of a database, cache or ECS service must admit only security groups, not CIDR ${perm.cidrs[0]} (${perm.label}).`,
                        resource.urn,
                    );
                }
            }
        }
    }),
};

/** All security-group policies. */
export const securityGroupPolicies = [
    securityGroupNoPublicAllTraffic,
    securityGroupNoPublicRiskyPorts,
    securityGroupPublicIngressWebOnly,
    securityGroupPublicIngressOnInternetFacingLb,
    dataTierSecurityGroupNoCidrIngress,
];
