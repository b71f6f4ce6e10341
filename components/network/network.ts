/**
 * Network: a VPC over two or three AZs with public, private and isolated subnets, NAT, VPC flow
 * logs, a closed default security group and VPC endpoints.
 *
 * Built from plain aws.ec2 resources rather than awsx.ec2.Vpc: awsx components are remote
 * (multi-language) and create no children under mocks, so the offline synth, the tests and the
 * policy pack could not see the subnets, routes or flow log.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsError } from "../errors";
import { serviceTrustPolicy } from "../security/trustPolicy";

export type InterfaceEndpoint = "ecr.api" | "ecr.dkr" | "logs" | "secretsmanager";

export interface NetworkArgs {
    /** VPC range, a /16 of the form 10.N.0.0/16. */
    readonly cidrBlock: string;
    /** Two or three availability zones. */
    readonly availabilityZones: readonly string[];
    /** One NAT gateway for all private subnets, or one per AZ. */
    readonly natGateways: "single" | "perAz";
    /**
     * Existing Elastic IP allocations for the NAT gateways, one per gateway in AZ order, so the
     * outbound addresses partners allow-list stay the same; absent: new Elastic IPs. An address
     * can be on one NAT gateway at a time: release it from the old gateway first.
     */
    readonly natEipAllocationIds?: readonly string[];
    /** Interface endpoints to create in the private subnets. Defaults to none. */
    readonly interfaceEndpoints?: readonly InterfaceEndpoint[];
    /** Region, for endpoint service names. */
    readonly region: string;
    /** Account id, to confine the flow-log role's trust to this account. */
    readonly accountId: pulumi.Input<string>;
    /** KMS key ARN for the flow-log group. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Retention of the flow-log group in days. */
    readonly flowLogRetentionDays: number;
    /** Pulumi `protect` on the flow-log group. Defaults to false. */
    readonly protectLogs?: boolean;
}

/** AZ letters that have a subnet slot: a region's AZs are lettered from `a`. */
export const AZ_LETTERS = "abcdefgh";

/** `ap-northeast-1a` → `a`: a stable suffix for per-AZ child names. */
function azSuffix(az: string): string {
    return az.slice(-1);
}

/**
 * Subnet ranges inside a 10.N.0.0/16 for each AZ, keyed to the AZ's letter (a → slot 0,
 * c → slot 2, ...), never to its position in the list: reordering `availabilityZones` or dropping
 * one leaves every other subnet's CIDR as it is (a changed `cidrBlock` replaces the subnet and the
 * RDS, cache, ALB and endpoint interfaces in it). Private /20s from x.x.0.0, public /24s from
 * x.x.128.0, isolated /24s from x.x.144.0: eight slots each, no overlap.
 */
export function subnetCidrs(
    cidrBlock: string,
    availabilityZones: readonly string[],
): { public: string[]; private: string[]; isolated: string[] } {
    const prefix = cidrBlock.split(".").slice(0, 2).join(".");
    const slots = availabilityZones.map((az) => {
        const slot = AZ_LETTERS.indexOf(azSuffix(az));
        if (slot < 0) {
            throw new ArgsError(
                `Network: availability zone ${az} must end in one of ${AZ_LETTERS.split("").join(", ")}.`,
            );
        }
        return slot;
    });
    return {
        private: slots.map((i) => `${prefix}.${i * 16}.0/20`),
        public: slots.map((i) => `${prefix}.${128 + i}.0/24`),
        isolated: slots.map((i) => `${prefix}.${144 + i}.0/24`),
    };
}

export class Network extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly cidrBlock: pulumi.Output<string>;
    /** Subnets for NAT gateways only; nothing else is internet-facing. */
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    /** Subnets with NAT egress: Fargate tasks, the internal ALB, cache, endpoints. */
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    /** CIDRs of the private subnets (for security group rules that admit them). */
    public readonly privateSubnetCidrs: pulumi.Output<string[]>;
    /** Subnets without any route out: the database. */
    public readonly isolatedSubnetIds: pulumi.Output<string[]>;
    /** The flow-log group name. */
    public readonly flowLogGroupName: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component.
     * @param args The VPC layout.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:network:Network", name, {}, opts);
        if (args.availabilityZones.length < 2) {
            throw new ArgsError("Network needs at least two `availabilityZones`.");
        }
        const parent = { parent: this };
        const cidrs = subnetCidrs(args.cidrBlock, args.availabilityZones);

        const vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidrBlock,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags: { Name: `${name}-vpc` },
            },
            parent,
        );

        // Adopt the default security group and strip its rules so nothing can fall back to it.
        new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            { vpcId: vpc.id, ingress: [], egress: [], tags: { Name: `${name}-default-closed` } },
            parent,
        );

        const subnet = (tier: string, i: number, cidrBlock: string) => {
            const az = args.availabilityZones[i];
            return new aws.ec2.Subnet(
                `${name}-${tier}-${azSuffix(az)}`,
                {
                    vpcId: vpc.id,
                    availabilityZone: az,
                    cidrBlock,
                    mapPublicIpOnLaunch: false,
                    tags: { Name: `${name}-${tier}-${azSuffix(az)}`, Tier: tier },
                },
                parent,
            );
        };
        const publicSubnets = cidrs.public.map((c, i) => subnet("public", i, c));
        const privateSubnets = cidrs.private.map((c, i) => subnet("private", i, c));
        const isolatedSubnets = cidrs.isolated.map((c, i) => subnet("isolated", i, c));

        // Public tier: only NAT gateways live here; the ALB is internal and CloudFront reaches it
        // through a VPC origin, which still needs the VPC to have an internet gateway.
        const igw = new aws.ec2.InternetGateway(
            `${name}-igw`,
            { vpcId: vpc.id, tags: { Name: `${name}-igw` } },
            parent,
        );
        const publicRoutes = new aws.ec2.RouteTable(
            `${name}-public-rt`,
            {
                vpcId: vpc.id,
                routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
                tags: { Name: `${name}-public-rt` },
            },
            parent,
        );
        publicSubnets.forEach(
            (s, i) =>
                new aws.ec2.RouteTableAssociation(
                    `${name}-public-${azSuffix(args.availabilityZones[i])}`,
                    { subnetId: s.id, routeTableId: publicRoutes.id },
                    parent,
                ),
        );

        const natCount = args.natGateways === "perAz" ? args.availabilityZones.length : 1;
        const adopted = args.natEipAllocationIds;
        if (adopted !== undefined && adopted.length !== natCount) {
            throw new Error(
                `Network \`natEipAllocationIds\` lists ${adopted.length} allocation(s) but the network has ${natCount} NAT gateway(s) (natGateways ${args.natGateways}): give one per gateway.`,
            );
        }
        const nats = publicSubnets.slice(0, natCount).map((s, i) => {
            const suffix = azSuffix(args.availabilityZones[i]);
            const allocationId =
                adopted?.[i] ??
                new aws.ec2.Eip(
                    `${name}-nat-${suffix}`,
                    { domain: "vpc", tags: { Name: `${name}-nat-${suffix}` } },
                    parent,
                ).id;
            return new aws.ec2.NatGateway(
                `${name}-nat-${suffix}`,
                { allocationId, subnetId: s.id, tags: { Name: `${name}-nat-${suffix}` } },
                { parent: this, dependsOn: [igw] },
            );
        });

        // Private tier: one route table per AZ, to that AZ's NAT gateway (or the single one).
        const privateRouteTables = privateSubnets.map((s, i) => {
            const suffix = azSuffix(args.availabilityZones[i]);
            const rt = new aws.ec2.RouteTable(
                `${name}-private-rt-${suffix}`,
                {
                    vpcId: vpc.id,
                    routes: [
                        {
                            cidrBlock: "0.0.0.0/0",
                            natGatewayId: nats[Math.min(i, nats.length - 1)].id,
                        },
                    ],
                    tags: { Name: `${name}-private-rt-${suffix}` },
                },
                parent,
            );
            new aws.ec2.RouteTableAssociation(
                `${name}-private-${suffix}`,
                { subnetId: s.id, routeTableId: rt.id },
                parent,
            );
            return rt;
        });

        // Isolated tier: no route out at all.
        const isolatedRoutes = new aws.ec2.RouteTable(
            `${name}-isolated-rt`,
            { vpcId: vpc.id, tags: { Name: `${name}-isolated-rt` } },
            parent,
        );
        isolatedSubnets.forEach(
            (s, i) =>
                new aws.ec2.RouteTableAssociation(
                    `${name}-isolated-${azSuffix(args.availabilityZones[i])}`,
                    { subnetId: s.id, routeTableId: isolatedRoutes.id },
                    parent,
                ),
        );

        // S3 gateway endpoint: free, and keeps image layers and asset traffic off the NAT.
        new aws.ec2.VpcEndpoint(
            `${name}-s3`,
            {
                vpcId: vpc.id,
                serviceName: `com.amazonaws.${args.region}.s3`,
                vpcEndpointType: "Gateway",
                routeTableIds: privateRouteTables.map((rt) => rt.id),
                tags: { Name: `${name}-s3` },
            },
            parent,
        );

        const endpoints = args.interfaceEndpoints ?? [];
        if (endpoints.length > 0) {
            const endpointSg = new aws.ec2.SecurityGroup(
                `${name}-endpoints-sg`,
                {
                    vpcId: vpc.id,
                    description: "Interface VPC endpoints: HTTPS from the private subnets",
                    ingress: [
                        {
                            protocol: "tcp",
                            fromPort: 443,
                            toPort: 443,
                            cidrBlocks: cidrs.private,
                            description: "HTTPS from private subnets",
                        },
                    ],
                    egress: [],
                    tags: { Name: `${name}-endpoints-sg` },
                },
                parent,
            );
            for (const service of endpoints) {
                new aws.ec2.VpcEndpoint(
                    `${name}-${service.replace(".", "-")}`,
                    {
                        vpcId: vpc.id,
                        serviceName: `com.amazonaws.${args.region}.${service}`,
                        vpcEndpointType: "Interface",
                        privateDnsEnabled: true,
                        subnetIds: privateSubnets.map((s) => s.id),
                        securityGroupIds: [endpointSg.id],
                        tags: { Name: `${name}-${service}` },
                    },
                    parent,
                );
            }
        }

        // Flow logs of ALL traffic to an encrypted, retention-limited log group.
        const flowLogGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            { retentionInDays: args.flowLogRetentionDays, kmsKeyId: args.kmsKeyArn },
            { parent: this, protect: args.protectLogs ?? false },
        );
        const flowLogRole = new aws.iam.Role(
            `${name}-flow-logs`,
            {
                assumeRolePolicy: pulumi
                    .output(args.accountId)
                    .apply((accountId) =>
                        serviceTrustPolicy("vpc-flow-logs.amazonaws.com", accountId),
                    ),
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-flow-logs`,
            {
                role: flowLogRole.id,
                policy: flowLogGroup.arn.apply((arn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Action: [
                                    "logs:CreateLogStream",
                                    "logs:PutLogEvents",
                                    "logs:DescribeLogStreams",
                                ],
                                Resource: [arn, `${arn}:*`],
                            },
                        ],
                    }),
                ),
            },
            parent,
        );
        new aws.ec2.FlowLog(
            `${name}-flow-log`,
            {
                vpcId: vpc.id,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: flowLogGroup.arn,
                iamRoleArn: flowLogRole.arn,
                maxAggregationInterval: 60,
                tags: { Name: `${name}-flow-log` },
            },
            parent,
        );

        this.vpcId = vpc.id;
        this.cidrBlock = vpc.cidrBlock;
        this.publicSubnetIds = pulumi.all(publicSubnets.map((s) => s.id));
        this.privateSubnetIds = pulumi.all(privateSubnets.map((s) => s.id));
        this.privateSubnetCidrs = pulumi.output(cidrs.private);
        this.isolatedSubnetIds = pulumi.all(isolatedSubnets.map((s) => s.id));
        this.flowLogGroupName = flowLogGroup.name;
        this.registerOutputs({
            vpcId: this.vpcId,
            cidrBlock: this.cidrBlock,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            privateSubnetCidrs: this.privateSubnetCidrs,
            isolatedSubnetIds: this.isolatedSubnetIds,
            flowLogGroupName: this.flowLogGroupName,
        });
    }
}
