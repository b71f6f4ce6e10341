import * as assert from "assert";
import { Network, NetworkArgs, subnetCidrs } from "../components/network/network";
import { ResourceRecorder } from "../offline/mocks";
import { policyStatements, record, unwrap } from "./harness";

const KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/k";

function args(over: Partial<NetworkArgs> = {}): NetworkArgs {
    return {
        cidrBlock: "10.30.0.0/16",
        availabilityZones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
        natGateways: "perAz",
        interfaceEndpoints: ["ecr.api", "ecr.dkr", "logs", "secretsmanager"],
        region: "ap-northeast-1",
        accountId: "123456789012",
        kmsKeyArn: KEY,
        flowLogRetentionDays: 365,
        ...over,
    };
}

describe("Network", () => {
    it("lays out private /20s and public and isolated /24s per AZ letter without overlap", () => {
        assert.deepStrictEqual(
            subnetCidrs("10.30.0.0/16", ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]),
            {
                private: ["10.30.0.0/20", "10.30.32.0/20", "10.30.48.0/20"],
                public: ["10.30.128.0/24", "10.30.130.0/24", "10.30.131.0/24"],
                isolated: ["10.30.144.0/24", "10.30.146.0/24", "10.30.147.0/24"],
            },
        );
    });

    it("keys each AZ's CIDRs to the AZ: reordering or dropping AZs moves no other subnet", () => {
        const byAz = (azs: string[]) => {
            const c = subnetCidrs("10.30.0.0/16", azs);
            return Object.fromEntries(
                azs.map((az, i) => [az, [c.private[i], c.public[i], c.isolated[i]]]),
            );
        };
        const all = byAz(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
        assert.deepStrictEqual(
            byAz(["ap-northeast-1d", "ap-northeast-1a", "ap-northeast-1c"]),
            all,
        );
        const rest = { ...all };
        delete rest["ap-northeast-1a"];
        assert.deepStrictEqual(byAz(["ap-northeast-1c", "ap-northeast-1d"]), rest);
    });

    it("refuses an AZ letter without a slot", () => {
        assert.throws(
            () => subnetCidrs("10.30.0.0/16", ["ap-northeast-1a", "ap-northeast-1z"]),
            /^Error: Network: availability zone ap-northeast-1z must end in one of a, b, c, d, e, f, g, h\.$/,
        );
    });

    it("refuses a single AZ", () => {
        assert.throws(
            () => new Network("n", args({ availabilityZones: ["ap-northeast-1a"] })),
            /^Error: Network needs at least two `availabilityZones`\.$/,
        );
    });

    describe("prod layout: three AZs, NAT per AZ, all interface endpoints", () => {
        let rec: ResourceRecorder;
        let net: Network;
        before(async () => {
            ({ recorder: rec, value: net } = await record(() => new Network("n", args())));
        });

        it("creates exactly these children", () => {
            const counts = rec.countsByType();
            assert.deepStrictEqual(counts, {
                "aws:cloudwatch/logGroup:LogGroup": 1,
                "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": 1,
                "aws:ec2/eip:Eip": 3,
                "aws:ec2/flowLog:FlowLog": 1,
                "aws:ec2/internetGateway:InternetGateway": 1,
                "aws:ec2/natGateway:NatGateway": 3,
                "aws:ec2/routeTable:RouteTable": 5,
                "aws:ec2/routeTableAssociation:RouteTableAssociation": 9,
                "aws:ec2/securityGroup:SecurityGroup": 1,
                "aws:ec2/subnet:Subnet": 9,
                "aws:ec2/vpc:Vpc": 1,
                "aws:ec2/vpcEndpoint:VpcEndpoint": 5,
                "aws:iam/role:Role": 1,
                "aws:iam/rolePolicy:RolePolicy": 1,
                "tng:network:Network": 1,
            });
        });

        it("parents every child to the component", () => {
            const component = rec.get("tng:network:Network", "n");
            for (const r of rec.resources.filter((r) => r.custom)) {
                assert.strictEqual(r.parent, component.urn, r.urn);
            }
        });

        it("never auto-assigns public IPs, in any tier", () => {
            for (const s of rec.ofType("aws:ec2/subnet:Subnet")) {
                assert.strictEqual(s.inputs.mapPublicIpOnLaunch, false, s.name);
            }
            assert.deepStrictEqual(
                rec
                    .ofType("aws:ec2/subnet:Subnet")
                    .map((s) => [s.name, s.inputs.cidrBlock, s.inputs.availabilityZone]),
                [
                    ["n-public-a", "10.30.128.0/24", "ap-northeast-1a"],
                    ["n-public-c", "10.30.130.0/24", "ap-northeast-1c"],
                    ["n-public-d", "10.30.131.0/24", "ap-northeast-1d"],
                    ["n-private-a", "10.30.0.0/20", "ap-northeast-1a"],
                    ["n-private-c", "10.30.32.0/20", "ap-northeast-1c"],
                    ["n-private-d", "10.30.48.0/20", "ap-northeast-1d"],
                    ["n-isolated-a", "10.30.144.0/24", "ap-northeast-1a"],
                    ["n-isolated-c", "10.30.146.0/24", "ap-northeast-1c"],
                    ["n-isolated-d", "10.30.147.0/24", "ap-northeast-1d"],
                ],
            );
        });

        it("routes: public to the IGW, each private AZ to its own NAT, isolated nowhere", () => {
            assert.deepStrictEqual(
                rec.get("aws:ec2/routeTable:RouteTable", "n-public-rt").inputs.routes,
                [{ cidrBlock: "0.0.0.0/0", gatewayId: "n-igw-id" }],
            );
            for (const az of ["a", "c", "d"]) {
                assert.deepStrictEqual(
                    rec.get("aws:ec2/routeTable:RouteTable", `n-private-rt-${az}`).inputs.routes,
                    [{ cidrBlock: "0.0.0.0/0", natGatewayId: `n-nat-${az}-id` }],
                );
                assert.strictEqual(
                    rec.get("aws:ec2/natGateway:NatGateway", `n-nat-${az}`).inputs.subnetId,
                    `n-public-${az}-id`,
                );
            }
            assert.strictEqual(
                rec.get("aws:ec2/routeTable:RouteTable", "n-isolated-rt").inputs.routes,
                undefined,
            );
        });

        it("adopts the default security group with no rules", () => {
            const sg = rec.get("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "n-default-sg");
            assert.deepStrictEqual(sg.inputs.ingress, []);
            assert.deepStrictEqual(sg.inputs.egress, []);
            assert.strictEqual(sg.inputs.vpcId, "n-vpc-id");
        });

        it("logs ALL traffic to a KMS-encrypted, retention-limited group through a role scoped to it", () => {
            const log = rec.get("aws:ec2/flowLog:FlowLog", "n-flow-log");
            assert.strictEqual(log.inputs.trafficType, "ALL");
            assert.strictEqual(log.inputs.vpcId, "n-vpc-id");
            assert.strictEqual(log.inputs.logDestinationType, "cloud-watch-logs");
            const groupArn = "arn:aws:logs:ap-northeast-1:123456789012:log-group:n-flow-logs";
            assert.strictEqual(log.inputs.logDestination, groupArn);
            const group = rec.get("aws:cloudwatch/logGroup:LogGroup", "n-flow-logs");
            assert.strictEqual(group.inputs.kmsKeyId, KEY);
            assert.strictEqual(group.inputs.retentionInDays, 365);
            assert.deepStrictEqual(
                policyStatements(
                    rec.get("aws:iam/rolePolicy:RolePolicy", "n-flow-logs").inputs.policy,
                ),
                [
                    {
                        Effect: "Allow",
                        Action: [
                            "logs:CreateLogStream",
                            "logs:PutLogEvents",
                            "logs:DescribeLogStreams",
                        ],
                        Resource: [groupArn, `${groupArn}:*`],
                    },
                ],
            );
            assert.deepStrictEqual(
                policyStatements(
                    rec.get("aws:iam/role:Role", "n-flow-logs").inputs.assumeRolePolicy,
                ),
                [
                    {
                        Effect: "Allow",
                        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
                    },
                ],
            );
        });

        it("S3 gateway endpoint on the private route tables; interface endpoints private with HTTPS from private subnets only", () => {
            const s3 = rec.get("aws:ec2/vpcEndpoint:VpcEndpoint", "n-s3");
            assert.strictEqual(s3.inputs.serviceName, "com.amazonaws.ap-northeast-1.s3");
            assert.strictEqual(s3.inputs.vpcEndpointType, "Gateway");
            assert.deepStrictEqual(s3.inputs.routeTableIds, [
                "n-private-rt-a-id",
                "n-private-rt-c-id",
                "n-private-rt-d-id",
            ]);
            for (const [name, service] of [
                ["n-ecr-api", "ecr.api"],
                ["n-ecr-dkr", "ecr.dkr"],
                ["n-logs", "logs"],
                ["n-secretsmanager", "secretsmanager"],
            ]) {
                const ep = rec.get("aws:ec2/vpcEndpoint:VpcEndpoint", name);
                assert.strictEqual(
                    ep.inputs.serviceName,
                    `com.amazonaws.ap-northeast-1.${service}`,
                );
                assert.strictEqual(ep.inputs.vpcEndpointType, "Interface");
                assert.strictEqual(ep.inputs.privateDnsEnabled, true);
                assert.deepStrictEqual(ep.inputs.subnetIds, [
                    "n-private-a-id",
                    "n-private-c-id",
                    "n-private-d-id",
                ]);
                assert.deepStrictEqual(ep.inputs.securityGroupIds, ["n-endpoints-sg-id"]);
            }
            const sg = rec.get("aws:ec2/securityGroup:SecurityGroup", "n-endpoints-sg");
            assert.deepStrictEqual(sg.inputs.ingress, [
                {
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrBlocks: ["10.30.0.0/20", "10.30.32.0/20", "10.30.48.0/20"],
                    description: "HTTPS from private subnets",
                },
            ]);
            assert.deepStrictEqual(sg.inputs.egress, []);
        });

        it("outputs the tiers' subnet ids", async () => {
            assert.deepStrictEqual(await unwrap(net.privateSubnetIds), [
                "n-private-a-id",
                "n-private-c-id",
                "n-private-d-id",
            ]);
            assert.deepStrictEqual(await unwrap(net.isolatedSubnetIds), [
                "n-isolated-a-id",
                "n-isolated-c-id",
                "n-isolated-d-id",
            ]);
            assert.deepStrictEqual(await unwrap(net.publicSubnetIds), [
                "n-public-a-id",
                "n-public-c-id",
                "n-public-d-id",
            ]);
            assert.deepStrictEqual(await unwrap(net.privateSubnetCidrs), [
                "10.30.0.0/20",
                "10.30.32.0/20",
                "10.30.48.0/20",
            ]);
            assert.strictEqual(await unwrap(net.vpcId), "n-vpc-id");
        });
    });

    describe("dev layout: two AZs, one NAT, no interface endpoints", () => {
        let rec: ResourceRecorder;
        before(async () => {
            ({ recorder: rec } = await record(
                () =>
                    new Network(
                        "n",
                        args({
                            availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"],
                            natGateways: "single",
                            interfaceEndpoints: [],
                        }),
                    ),
            ));
        });

        it("one NAT shared by both private route tables", () => {
            assert.strictEqual(rec.ofType("aws:ec2/natGateway:NatGateway").length, 1);
            assert.strictEqual(rec.ofType("aws:ec2/eip:Eip").length, 1);
            for (const az of ["a", "c"]) {
                assert.deepStrictEqual(
                    rec.get("aws:ec2/routeTable:RouteTable", `n-private-rt-${az}`).inputs.routes,
                    [{ cidrBlock: "0.0.0.0/0", natGatewayId: "n-nat-a-id" }],
                );
            }
        });

        it("only the S3 gateway endpoint and no endpoint security group", () => {
            assert.deepStrictEqual(
                rec.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => e.name),
                ["n-s3"],
            );
            assert.strictEqual(rec.ofType("aws:ec2/securityGroup:SecurityGroup").length, 0);
            assert.strictEqual(rec.ofType("aws:ec2/subnet:Subnet").length, 6);
        });
    });
});
