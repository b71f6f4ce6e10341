/**
 * CacheCluster: children and their inputs in both modes, the endpoint outputs for one node, three
 * nodes and serverless, the pure helpers, and every validation message.
 *
 * The mocks prove what the program asks ElastiCache for, not that AWS accepts it (for example that
 * the memcached1.6 family takes these parameter values); the options capture below reads resource
 * options from the registration requests, which the shared recorder does not keep.
 */
import * as assert from "assert";
import {
    CACHE_DEFAULTS,
    CacheCluster,
    CacheClusterArgs,
    CacheMode,
    cacheClusterId,
    memcachedClusterId,
    MEMCACHED_PARAMETERS,
    memcachedParameterFamily,
    memcacheServers,
    spreadAvailabilityZones,
    supportsTls,
    validateCacheClusterArgs,
} from "../components/data/cacheCluster";
import { RecordedOptions, RecordedResource, ResourceRecorder } from "../offline/mocks";
import { freshMocks, recordWithOptions, settle, unwrap } from "./harness";

const COMPONENT = "tng:data:CacheCluster";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SUBNET_GROUP = "aws:elasticache/subnetGroup:SubnetGroup";
const PARAMETER_GROUP = "aws:elasticache/parameterGroup:ParameterGroup";
const CLUSTER = "aws:elasticache/cluster:Cluster";
const SERVERLESS = "aws:elasticache/serverlessCache:ServerlessCache";

const AZS = ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"];
const SUBNETS = ["subnet-private-a", "subnet-private-c", "subnet-private-d"];
const APP_SG = "sg-app-tasks";
const KEY_ARN = "arn:aws:kms:ap-northeast-1:123456789012:key/stack-key-id";

function nodeArgs(overrides: Partial<CacheClusterArgs> = {}): CacheClusterArgs {
    return {
        mode: "node",
        vpcId: "vpc-1",
        subnetIds: SUBNETS.slice(0, 2),
        availabilityZones: AZS.slice(0, 2),
        clientSecurityGroupId: APP_SG,
        kmsKeyArn: KEY_ARN,
        nodeType: "cache.t3.micro",
        nodeCount: 1,
        engineVersion: "1.6.22",
        maintenanceWindow: "wed:17:00-wed:18:00",
        ...overrides,
    };
}

function serverlessArgs(overrides: Partial<CacheClusterArgs> = {}): CacheClusterArgs {
    return {
        mode: "serverless",
        vpcId: "vpc-1",
        subnetIds: SUBNETS.slice(0, 2),
        availabilityZones: AZS.slice(0, 2),
        clientSecurityGroupId: APP_SG,
        kmsKeyArn: KEY_ARN,
        maxDataStorageGb: 10,
        maxEcpuPerSecond: 5000,
        ...overrides,
    };
}

/** The SG ingress every mode must have: 11211 from the app's SG, nothing else. */
const EXPECTED_INGRESS = [
    {
        protocol: "tcp",
        fromPort: 11211,
        toPort: 11211,
        securityGroups: [APP_SG],
        description: "Memcached (TLS) from the app tasks",
    },
];

function assertSecurityGroup(sg: RecordedResource): void {
    assert.deepStrictEqual(sg.inputs, {
        vpcId: "vpc-1",
        description: "Memcached: port 11211 from the app tasks only",
        ingress: EXPECTED_INGRESS,
        egress: [],
        tags: { Name: sg.name },
    });
}

const REGISTERED_OUTPUTS = [
    "clusterId",
    "configurationEndpoint",
    "memcacheServers",
    "memcachedEndpoint",
    "memcachedPort",
    "mode",
    "securityGroupId",
    "serverlessName",
    "tls",
];

describe("CacheCluster", () => {
    describe("node mode, one node (dev)", () => {
        let recorder: ResourceRecorder;
        let cache: CacheCluster;
        let options: Map<string, RecordedOptions>;
        before(async () => {
            ({
                recorder,
                value: cache,
                options,
            } = await recordWithOptions(() => new CacheCluster("tng-dev-cache", nodeArgs())));
        });

        it("creates exactly a security group, subnet group, parameter group and cluster", () => {
            assert.deepStrictEqual(recorder.countsByType(), {
                [SG]: 1,
                [CLUSTER]: 1,
                [PARAMETER_GROUP]: 1,
                [SUBNET_GROUP]: 1,
                [COMPONENT]: 1,
            });
            // Registration order is completion order, so compare the names sorted.
            assert.deepStrictEqual(recorder.resources.map((r) => r.name).sort(), [
                "tng-dev-cache",
                "tng-dev-cache-cluster",
                "tng-dev-cache-params",
                "tng-dev-cache-sg",
                "tng-dev-cache-subnets",
            ]);
        });

        it("admits 11211 only from the app's security group and has no egress", () => {
            assertSecurityGroup(recorder.get(SG, "tng-dev-cache-sg"));
        });

        it("puts the subnet group over the given private subnets", () => {
            assert.deepStrictEqual(recorder.get(SUBNET_GROUP, "tng-dev-cache-subnets").inputs, {
                subnetIds: ["subnet-private-a", "subnet-private-c"],
                description: "tng-dev-cache: Memcached nodes in the private subnets",
            });
        });

        it("uses a custom memcached1.6 parameter group with the documented parameters", () => {
            assert.deepStrictEqual(recorder.get(PARAMETER_GROUP, "tng-dev-cache-params").inputs, {
                family: "memcached1.6",
                description: "tng-dev-cache: Memcached settings for the Rails cache",
                parameters: [
                    { name: "max_item_size", value: "1048576" },
                    { name: "maxconns_fast", value: "1" },
                    { name: "lru_crawler", value: "1" },
                    { name: "slab_reassign", value: "1" },
                    { name: "slab_automove", value: "1" },
                    { name: "no_modern", value: "0" },
                ],
            });
        });

        it("creates a single-AZ TLS Memcached 1.6.22 cluster wired to its groups", () => {
            const cluster = recorder.get(CLUSTER, "tng-dev-cache-cluster");
            assert.deepStrictEqual(cluster.inputs, {
                clusterId: "tng-dev-cache-t3-micro",
                engine: "memcached",
                engineVersion: "1.6.22",
                nodeType: "cache.t3.micro",
                numCacheNodes: 1,
                port: 11211,
                azMode: "single-az",
                subnetGroupName: "tng-dev-cache-subnets",
                securityGroupIds: ["tng-dev-cache-sg-id"],
                parameterGroupName: "tng-dev-cache-params",
                maintenanceWindow: "wed:17:00-wed:18:00",
                transitEncryptionEnabled: true,
                tags: { Name: "tng-dev-cache" },
            });
            // The names above are the groups' outputs, so the cluster uses these very groups.
            assert.strictEqual(
                recorder.get(SUBNET_GROUP, "tng-dev-cache-subnets").outputs["name"],
                "tng-dev-cache-subnets",
            );
            assert.strictEqual(
                recorder.get(PARAMETER_GROUP, "tng-dev-cache-params").outputs["name"],
                "tng-dev-cache-params",
            );
            assert.strictEqual(recorder.get(SG, "tng-dev-cache-sg").id, "tng-dev-cache-sg-id");
        });

        it("replaces nothing delete-first: a new node type is a new cluster id, created before the old goes", () => {
            for (const child of [
                "tng-dev-cache-cluster",
                "tng-dev-cache-sg",
                "tng-dev-cache-subnets",
                "tng-dev-cache-params",
            ]) {
                assert.strictEqual(options.get(child)?.deleteBeforeReplace, false, child);
            }
        });

        it("outputs the endpoint, port and the one-node server list", async () => {
            const host = "tng-dev-cache-t3-micro.abc123.cfg.apne1.cache.amazonaws.com";
            assert.strictEqual(await unwrap(cache.configurationEndpoint), `${host}:11211`);
            assert.strictEqual(await unwrap(cache.memcachedEndpoint), host);
            assert.strictEqual(await unwrap(cache.memcachedPort), 11211);
            assert.strictEqual(
                await unwrap(cache.memcacheServers),
                "tng-dev-cache-t3-micro.abc123.0001.apne1.cache.amazonaws.com:11211",
            );
            assert.strictEqual(cache.tls, true);
            assert.strictEqual(cache.mode, "node");
            assert.ok(cache.clusterId);
            assert.strictEqual(await unwrap(cache.clusterId), "tng-dev-cache-t3-micro");
            assert.strictEqual(cache.serverlessName, undefined);
            assert.strictEqual(await unwrap(cache.securityGroupId), "tng-dev-cache-sg-id");
        });

        it("registers exactly its public outputs", () => {
            const outputs = recorder.get(COMPONENT, "tng-dev-cache").outputs;
            // An undefined serverlessName is dropped on the wire.
            assert.deepStrictEqual(
                Object.keys(outputs).sort(),
                REGISTERED_OUTPUTS.filter((k) => k !== "serverlessName"),
            );
            assert.strictEqual(outputs["tls"], true);
            assert.strictEqual(outputs["mode"], "node");
        });
    });

    describe("node mode, two nodes (prod)", () => {
        let recorder: ResourceRecorder;
        before(async () => {
            ({ recorder } = await recordWithOptions(
                () =>
                    new CacheCluster(
                        "tng-prod-cache",
                        nodeArgs({ nodeType: "cache.r5.large", nodeCount: 2 }),
                    ),
            ));
        });

        it("places the two nodes cross-AZ, one per AZ", () => {
            const inputs = recorder.get(CLUSTER, "tng-prod-cache-cluster").inputs;
            assert.strictEqual(inputs["numCacheNodes"], 2);
            assert.strictEqual(inputs["azMode"], "cross-az");
            assert.deepStrictEqual(inputs["preferredAvailabilityZones"], [
                "ap-northeast-1a",
                "ap-northeast-1c",
            ]);
            assert.strictEqual(inputs["nodeType"], "cache.r5.large");
            assert.strictEqual(inputs["transitEncryptionEnabled"], true);
        });

        it("creates the same four children as with one node", () => {
            assert.deepStrictEqual(recorder.countsByType(), {
                [SG]: 1,
                [CLUSTER]: 1,
                [PARAMETER_GROUP]: 1,
                [SUBNET_GROUP]: 1,
                [COMPONENT]: 1,
            });
        });
    });

    describe("node mode, three nodes over three AZs", () => {
        let recorder: ResourceRecorder;
        let cache: CacheCluster;
        before(async () => {
            ({ recorder, value: cache } = await recordWithOptions(
                () =>
                    new CacheCluster(
                        "tng-big-cache",
                        nodeArgs({ nodeCount: 3, availabilityZones: AZS, subnetIds: SUBNETS }),
                    ),
            ));
        });

        it("places one node per AZ and the subnet group over all three subnets", () => {
            const inputs = recorder.get(CLUSTER, "tng-big-cache-cluster").inputs;
            assert.strictEqual(inputs["numCacheNodes"], 3);
            assert.strictEqual(inputs["azMode"], "cross-az");
            assert.deepStrictEqual(inputs["preferredAvailabilityZones"], AZS);
            assert.deepStrictEqual(
                recorder.get(SUBNET_GROUP, "tng-big-cache-subnets").inputs["subnetIds"],
                SUBNETS,
            );
        });

        it("lists all three nodes for Dalli and keeps the configuration endpoint for today's code", async () => {
            const node = (i: number) =>
                `tng-big-cache-t3-micro.abc123.000${i}.apne1.cache.amazonaws.com:11211`;
            assert.strictEqual(
                await unwrap(cache.memcacheServers),
                [node(1), node(2), node(3)].join(","),
            );
            const host = "tng-big-cache-t3-micro.abc123.cfg.apne1.cache.amazonaws.com";
            assert.strictEqual(await unwrap(cache.configurationEndpoint), `${host}:11211`);
            assert.strictEqual(await unwrap(cache.memcachedEndpoint), host);
            assert.strictEqual(await unwrap(cache.memcachedPort), 11211);
        });
    });

    describe("node mode, three nodes over two AZs", () => {
        let recorder: ResourceRecorder;
        before(async () => {
            ({ recorder } = await recordWithOptions(
                () => new CacheCluster("tng-odd-cache", nodeArgs({ nodeCount: 3 })),
            ));
        });

        it("spreads round-robin so the AZs differ by at most one node", () => {
            assert.deepStrictEqual(
                recorder.get(CLUSTER, "tng-odd-cache-cluster").inputs["preferredAvailabilityZones"],
                ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1a"],
            );
        });
    });

    describe("node mode, defaults", () => {
        let recorder: ResourceRecorder;
        before(async () => {
            ({ recorder } = await recordWithOptions(
                () =>
                    new CacheCluster("TNG-Defaults", {
                        mode: "node",
                        vpcId: "vpc-1",
                        subnetIds: SUBNETS.slice(0, 2),
                        availabilityZones: AZS.slice(0, 2),
                        clientSecurityGroupId: APP_SG,
                        kmsKeyArn: KEY_ARN,
                    }),
            ));
        });

        it("uses the documented defaults and a lower-cased cluster id", () => {
            const inputs = recorder.get(CLUSTER, "TNG-Defaults-cluster").inputs;
            assert.strictEqual(inputs["clusterId"], "tng-defaults-t3-micro");
            assert.strictEqual(inputs["nodeType"], CACHE_DEFAULTS.nodeType);
            assert.strictEqual(inputs["numCacheNodes"], 1);
            assert.strictEqual(inputs["azMode"], "single-az");
            assert.strictEqual(inputs["engineVersion"], "1.6.22");
            assert.strictEqual(inputs["maintenanceWindow"], "wed:17:00-wed:18:00");
        });
    });

    describe("serverless mode", () => {
        let recorder: ResourceRecorder;
        let cache: CacheCluster;
        let options: Map<string, RecordedOptions>;
        before(async () => {
            ({
                recorder,
                value: cache,
                options,
            } = await recordWithOptions(
                () =>
                    new CacheCluster(
                        "tng-sl-cache",
                        serverlessArgs({ maxDataStorageGb: 20, maxEcpuPerSecond: 10000 }),
                    ),
            ));
        });

        it("creates exactly a security group and a serverless cache", () => {
            assert.deepStrictEqual(recorder.countsByType(), {
                [SG]: 1,
                [SERVERLESS]: 1,
                [COMPONENT]: 1,
            });
            assert.deepStrictEqual(recorder.resources.map((r) => r.name).sort(), [
                "tng-sl-cache",
                "tng-sl-cache-serverless",
                "tng-sl-cache-sg",
            ]);
        });

        it("admits 11211 only from the app's security group", () => {
            assertSecurityGroup(recorder.get(SG, "tng-sl-cache-sg"));
        });

        it("encrypts at rest with the stack key, within the configured limits, in the private subnets", () => {
            assert.deepStrictEqual(recorder.get(SERVERLESS, "tng-sl-cache-serverless").inputs, {
                name: "tng-sl-cache",
                engine: "memcached",
                majorEngineVersion: "1.6",
                description:
                    "tng-sl-cache: Rails cache, TLS and encrypted at rest with the stack key",
                kmsKeyId: KEY_ARN,
                cacheUsageLimits: {
                    dataStorage: { maximum: 20, unit: "GB" },
                    ecpuPerSeconds: [{ maximum: 10000 }],
                },
                subnetIds: ["subnet-private-a", "subnet-private-c"],
                securityGroupIds: ["tng-sl-cache-sg-id"],
                tags: { Name: "tng-sl-cache" },
            });
            assert.strictEqual(options.get("tng-sl-cache-serverless")?.deleteBeforeReplace, true);
        });

        it("outputs its single endpoint for every endpoint output and no cluster id", async () => {
            const host = "tng-sl-cache-serverless-abc123.serverless.apne1.cache.amazonaws.com";
            assert.strictEqual(await unwrap(cache.configurationEndpoint), `${host}:11211`);
            assert.strictEqual(await unwrap(cache.memcacheServers), `${host}:11211`);
            assert.strictEqual(await unwrap(cache.memcachedEndpoint), host);
            assert.strictEqual(await unwrap(cache.memcachedPort), 11211);
            assert.strictEqual(cache.clusterId, undefined);
            // The CloudWatch `clusterId` dimension of a serverless cache is its name.
            assert.strictEqual(await unwrap(cache.serverlessName!), "tng-sl-cache");
            assert.strictEqual(cache.tls, true);
            assert.strictEqual(cache.mode, "serverless");
        });

        it("registers the same outputs as node mode", () => {
            const outputs = recorder.get(COMPONENT, "tng-sl-cache").outputs;
            // An undefined clusterId is dropped on the wire.
            assert.deepStrictEqual(
                Object.keys(outputs).sort(),
                REGISTERED_OUTPUTS.filter((k) => k !== "clusterId"),
            );
        });
    });

    describe("serverless mode, defaults", () => {
        let recorder: ResourceRecorder;
        before(async () => {
            ({ recorder } = await recordWithOptions(
                () =>
                    new CacheCluster(
                        "tng-sld-cache",
                        serverlessArgs({
                            maxDataStorageGb: undefined,
                            maxEcpuPerSecond: undefined,
                        }),
                    ),
            ));
        });

        it("limits data storage to 10 GB and 5000 ECPU/s", () => {
            assert.deepStrictEqual(
                recorder.get(SERVERLESS, "tng-sld-cache-serverless").inputs["cacheUsageLimits"],
                {
                    dataStorage: { maximum: 10, unit: "GB" },
                    ecpuPerSeconds: [{ maximum: 5000 }],
                },
            );
        });
    });

    describe("helpers", () => {
        it("derives the parameter family from the engine version", () => {
            assert.strictEqual(memcachedParameterFamily("1.6.22"), "memcached1.6");
            assert.strictEqual(memcachedParameterFamily("1.6.12"), "memcached1.6");
            assert.strictEqual(memcachedParameterFamily("1.5.16"), "memcached1.5");
            assert.strictEqual(memcachedParameterFamily("1.4.34"), "memcached1.4");
            assert.throws(() => memcachedParameterFamily("1.6"), {
                message: "CacheCluster `engineVersion` must be major.minor.patch, got `1.6`.",
            });
        });

        it("knows which versions have TLS", () => {
            assert.strictEqual(supportsTls("1.6.12"), true);
            assert.strictEqual(supportsTls("1.6.22"), true);
            assert.strictEqual(supportsTls("1.10.0"), true);
            assert.strictEqual(supportsTls("2.0.0"), true);
            assert.strictEqual(supportsTls("1.6.6"), false);
            assert.strictEqual(supportsTls("1.5.16"), false);
            assert.strictEqual(supportsTls("1.4.34"), false);
        });

        it("spreads AZs round-robin", () => {
            assert.deepStrictEqual(spreadAvailabilityZones(["a", "c"], 1), ["a"]);
            assert.deepStrictEqual(spreadAvailabilityZones(["a", "c"], 2), ["a", "c"]);
            assert.deepStrictEqual(spreadAvailabilityZones(["a", "c"], 5), [
                "a",
                "c",
                "a",
                "c",
                "a",
            ]);
            assert.deepStrictEqual(spreadAvailabilityZones(["a", "c", "d"], 4), [
                "a",
                "c",
                "d",
                "a",
            ]);
        });

        it("lists nodes as host:port in node-id order", () => {
            assert.strictEqual(
                memcacheServers([
                    { id: "0002", address: "h2", port: 11211 },
                    { id: "0001", address: "h1", port: 11211 },
                ]),
                "h1:11211,h2:11211",
            );
            assert.strictEqual(memcacheServers([]), "");
        });

        it("derives the cluster id from the name", () => {
            assert.strictEqual(cacheClusterId("tng-prod-cache"), "tng-prod-cache");
            assert.strictEqual(cacheClusterId("TNG-Prod-Cache"), "tng-prod-cache");
            assert.strictEqual(cacheClusterId("a".repeat(40)), "a".repeat(40));
        });

        it("puts the node type in the node-based cluster id, within ElastiCache's 50 characters", () => {
            assert.strictEqual(
                memcachedClusterId("tng-prod-cache", "cache.r7g.large"),
                "tng-prod-cache-r7g-large",
            );
            assert.strictEqual(
                memcachedClusterId("TNG-Dev-Cache", "cache.t3.micro"),
                "tng-dev-cache-t3-micro",
            );
            assert.throws(() => memcachedClusterId("a".repeat(40), "cache.r7g.16xlarge"), {
                message: `CacheCluster name \`${"a".repeat(40)}\` with node type \`cache.r7g.16xlarge\` gives the cluster id \`${"a".repeat(40)}-r7g-16xlarge\`: it must be at most 50 characters of a-z, 0-9 and single hyphens.`,
            });
        });

        it("keeps the documented parameters in one exported list", () => {
            assert.deepStrictEqual(
                MEMCACHED_PARAMETERS.map((p) => p.name),
                [
                    "max_item_size",
                    "maxconns_fast",
                    "lru_crawler",
                    "slab_reassign",
                    "slab_automove",
                    "no_modern",
                ],
            );
        });
    });

    describe("validation", () => {
        const cases: { title: string; name?: string; args: CacheClusterArgs; message: string }[] = [
            {
                title: "an unknown mode",
                args: nodeArgs({ mode: "redis" as CacheMode }),
                message: "CacheCluster `mode` must be node or serverless, got `redis`.",
            },
            {
                title: "a name longer than 40 characters",
                name: "c".repeat(41),
                args: nodeArgs(),
                message: `CacheCluster name \`${"c".repeat(41)}\` must give a cluster id of 1 to 40 characters, got 41.`,
            },
            {
                title: "a name starting with a digit",
                name: "1cache",
                args: nodeArgs(),
                message:
                    "CacheCluster name `1cache` must give a cluster id of a letter, then a-z, 0-9 and single hyphens, not ending in a hyphen.",
            },
            {
                title: "a name with an underscore",
                name: "tng_cache",
                args: serverlessArgs(),
                message:
                    "CacheCluster name `tng_cache` must give a cluster id of a letter, then a-z, 0-9 and single hyphens, not ending in a hyphen.",
            },
            {
                title: "a name with a double hyphen",
                name: "tng--cache",
                args: nodeArgs(),
                message:
                    "CacheCluster name `tng--cache` must give a cluster id of a letter, then a-z, 0-9 and single hyphens, not ending in a hyphen.",
            },
            {
                title: "a name ending in a hyphen",
                name: "tng-cache-",
                args: nodeArgs(),
                message:
                    "CacheCluster name `tng-cache-` must give a cluster id of a letter, then a-z, 0-9 and single hyphens, not ending in a hyphen.",
            },
            {
                title: "no nodes",
                args: nodeArgs({ nodeCount: 0 }),
                message: "CacheCluster `nodeCount` must be an integer from 1 to 20, got 0.",
            },
            {
                title: "21 nodes",
                args: nodeArgs({ nodeCount: 21 }),
                message: "CacheCluster `nodeCount` must be an integer from 1 to 20, got 21.",
            },
            {
                title: "a fractional node count",
                args: nodeArgs({ nodeCount: 1.5 }),
                message: "CacheCluster `nodeCount` must be an integer from 1 to 20, got 1.5.",
            },
            {
                title: "two nodes in one AZ",
                args: nodeArgs({
                    nodeCount: 2,
                    availabilityZones: ["ap-northeast-1a", "ap-northeast-1a"],
                }),
                message:
                    "CacheCluster needs at least two `availabilityZones` to spread two or more nodes.",
            },
            {
                title: "a malformed engine version",
                args: nodeArgs({ engineVersion: "1.6" }),
                message: "CacheCluster `engineVersion` must be major.minor.patch, got `1.6`.",
            },
            {
                title: "an engine without TLS (1.4.34, the old cluster's)",
                args: nodeArgs({ engineVersion: "1.4.34" }),
                message:
                    "CacheCluster `engineVersion` must be 1.6.12 or later for in-transit encryption, got `1.4.34`.",
            },
            {
                title: "an engine just below TLS support",
                args: nodeArgs({ engineVersion: "1.6.6" }),
                message:
                    "CacheCluster `engineVersion` must be 1.6.12 or later for in-transit encryption, got `1.6.6`.",
            },
            {
                title: "no data storage",
                args: serverlessArgs({ maxDataStorageGb: 0 }),
                message:
                    "CacheCluster `maxDataStorageGb` must be an integer from 1 to 5000, got 0.",
            },
            {
                title: "too much data storage",
                args: serverlessArgs({ maxDataStorageGb: 5001 }),
                message:
                    "CacheCluster `maxDataStorageGb` must be an integer from 1 to 5000, got 5001.",
            },
            {
                title: "too few ECPU",
                args: serverlessArgs({ maxEcpuPerSecond: 999 }),
                message:
                    "CacheCluster `maxEcpuPerSecond` must be an integer from 1000 to 15000000, got 999.",
            },
            {
                title: "too many ECPU",
                args: serverlessArgs({ maxEcpuPerSecond: 15_000_001 }),
                message:
                    "CacheCluster `maxEcpuPerSecond` must be an integer from 1000 to 15000000, got 15000001.",
            },
        ];

        let recorder: ResourceRecorder;
        before(async () => {
            recorder = await freshMocks();
        });
        after(settle);

        cases.forEach((c, i) => {
            it(`rejects ${c.title}`, () => {
                assert.throws(() => new CacheCluster(c.name ?? `invalid-${i}`, c.args), {
                    message: c.message,
                });
                assert.throws(() => validateCacheClusterArgs(c.name ?? `invalid-${i}`, c.args), {
                    message: c.message,
                });
            });
        });

        it("creates no child for a rejected cache", async () => {
            await settle();
            assert.deepStrictEqual(
                recorder.resources.filter((r) => r.type !== COMPONENT),
                [],
            );
        });

        it("ignores the other mode's args", () => {
            assert.strictEqual(
                validateCacheClusterArgs(
                    "tng-sl",
                    serverlessArgs({ nodeCount: 0, engineVersion: "1.4.34" }),
                ),
                "tng-sl",
            );
            assert.strictEqual(
                validateCacheClusterArgs(
                    "tng-node",
                    nodeArgs({ maxDataStorageGb: 0, maxEcpuPerSecond: 1 }),
                ),
                "tng-node",
            );
        });
    });
});
