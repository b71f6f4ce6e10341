/**
 * CacheCluster: the Rails cache on ElastiCache for Memcached, either node-based or serverless.
 *
 * - `node`: an `aws.elasticache.Cluster` with TLS in transit, a custom subnet group over the
 *   private subnets, a custom parameter group, and nodes spread across AZs when there are two or
 *   more. Node-based Memcached has NO encryption at rest (AWS supports at-rest encryption for
 *   Memcached only on serverless caches).
 * - `serverless`: an `aws.elasticache.ServerlessCache`, always TLS and encrypted at rest with the
 *   stack KMS key, bounded by usage limits. It exposes one endpoint and no auto discovery.
 *
 * Both admit port 11211 only from the app's security group. The outputs give the Rails app what it
 * needs for more than one node: the full node list in Dalli's MEMCACHE_SERVERS format, plus the
 * single endpoint and port today's code reads (MEMCACHED_ENDPOINT / MEMCACHED_PORT).
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsError } from "../errors";

/** node: ElastiCache cluster (TLS only); serverless: TLS and at-rest encryption with the stack key. */
export const CACHE_MODES = ["node", "serverless"] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

/**
 * Oldest Memcached that supports in-transit encryption on ElastiCache
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/mem-ug/in-transit-encryption-mc.html).
 */
export const MIN_MEMCACHED_TLS_VERSION = "1.6.12";

/** The port Memcached listens on, in both modes (the app's security group opens only this one). */
export const MEMCACHED_PORT = 11211;
/** Serverless Memcached offers only this major version. */
export const SERVERLESS_MAJOR_ENGINE_VERSION = "1.6";
/** ElastiCache limits for a node-based Memcached cluster. */
export const MAX_CACHE_NODES = 20;
/** Longest cluster id this component derives (ElastiCache ids are short, lower-case names). */
export const MAX_CLUSTER_ID_LENGTH = 40;
/**
 * Serverless usage-limit ranges (data storage in GB, ECPU per second)
 * (https://docs.aws.amazon.com/cdk/api/v2/docs/@aws-cdk_aws-elasticache-alpha.CacheUsageLimitsProperty.html).
 */
export const SERVERLESS_LIMITS = {
    dataStorageGb: { min: 1, max: 5000 },
    ecpuPerSecond: { min: 1000, max: 15_000_000 },
} as const;

/** Defaults for the optional args; the `cache` settings take theirs from here. */
export const CACHE_DEFAULTS = {
    nodeType: "cache.t3.micro",
    nodeCount: 1,
    engineVersion: "1.6.22",
    maintenanceWindow: "wed:17:00-wed:18:00",
    maxDataStorageGb: 10,
    maxEcpuPerSecond: 5000,
} as const;

/**
 * The custom parameter group's settings (family memcached1.6). ElastiCache's defaults for this
 * family keep memcached's "modern" behaviours off, so the ones a Rails cache benefits from are
 * turned on here. Values are strings, as the API takes them.
 */
export const MEMCACHED_PARAMETERS: readonly { name: string; value: string }[] = [
    // Largest item: 1 MiB, pinned to Dalli's own `value_max_bytes` default. Dalli refuses bigger
    // values before sending them, so raising only the server side would change nothing.
    { name: "max_item_size", value: "1048576" },
    // At the connection limit, refuse new connections at once instead of queueing them: Dalli
    // then fails fast and Rails treats it as a cache miss, rather than waiting out its timeout.
    { name: "maxconns_fast", value: "1" },
    // Background crawler that frees the memory of expired items (Rails entries carry
    // `expires_in`), so expired entries do not push out live ones. Since Memcached 1.6.17
    // ElastiCache turns it on only through the parameter group, not at runtime.
    { name: "lru_crawler", value: "1" },
    // Let memory move between slab classes as item sizes shift (small fragments vs. larger
    // rendered pages); without it a class that filled first keeps its pages forever and
    // other sizes evict early. slab_automove 1 is the conservative automatic mode.
    { name: "slab_reassign", value: "1" },
    { name: "slab_automove", value: "1" },
    // The family's default no_modern=1 turns slab_reassign, slab_automove, lru_crawler,
    // lru_maintainer and maxconns_fast off whatever they are set to (and hashes with jenkins), so
    // none of the settings above would take effect. Applied at launch.
    // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Memcached
    { name: "no_modern", value: "0" },
];

export interface CacheClusterArgs {
    /** Which kind of cache to create; decides the children. */
    readonly mode: CacheMode;
    /** VPC of the cache's security group. */
    readonly vpcId: pulumi.Input<string>;
    /** Private subnets: the subnet group (node mode) or the cache's endpoints (serverless). */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** AZs of those subnets; nodes are spread over them in order (node mode). */
    readonly availabilityZones: readonly string[];
    /** The app's security group: the only source admitted on port 11211. */
    readonly clientSecurityGroupId: pulumi.Input<string>;
    /** The stack KMS key ARN, for at-rest encryption (serverless mode only). */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Node type (node mode). Defaults to cache.t3.micro. */
    readonly nodeType?: string;
    /** Number of nodes, 1–20 (node mode); two or more are placed cross-AZ. Defaults to 1. */
    readonly nodeCount?: number;
    /** Memcached version, 1.6.12 or later for TLS (node mode). Defaults to 1.6.22. */
    readonly engineVersion?: string;
    /** Weekly maintenance window, UTC ddd:hh:mm-ddd:hh:mm (node mode). Defaults to wed:17:00-wed:18:00. */
    readonly maintenanceWindow?: pulumi.Input<string>;
    /** Data storage limit in GB, 1–5000 (serverless mode). Defaults to 10. */
    readonly maxDataStorageGb?: number;
    /** ElastiCache processing units per second limit, 1000–15000000 (serverless mode). Defaults to 5000. */
    readonly maxEcpuPerSecond?: number;
}

/**
 * The cluster id ElastiCache needs for a node-based cluster, derived from the component name:
 * lower-cased, then checked against ElastiCache's rules (a letter first, then a-z, 0-9 and single
 * hyphens, no trailing hyphen, at most {@link MAX_CLUSTER_ID_LENGTH} characters).
 */
export function cacheClusterId(name: string): string {
    const id = name.toLowerCase();
    if (id.length === 0 || id.length > MAX_CLUSTER_ID_LENGTH) {
        throw new ArgsError(
            `CacheCluster name \`${name}\` must give a cluster id of 1 to ${MAX_CLUSTER_ID_LENGTH} characters, got ${id.length}.`,
        );
    }
    if (!/^[a-z][a-z0-9-]*$/.test(id) || id.includes("--") || id.endsWith("-")) {
        throw new ArgsError(
            `CacheCluster name \`${name}\` must give a cluster id of a letter, then a-z, 0-9 and single hyphens, not ending in a hyphen.`,
        );
    }
    return id;
}

/**
 * CacheClusterId: 1 to 50 characters
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheCluster.html).
 */
export const MAX_AWS_CLUSTER_ID_LENGTH = 50;

/**
 * The node-based cluster's id: the component's id plus the node type (`cache.r7g.large` →
 * `tng-prod-cache-r7g-large`). The provider replaces a Memcached cluster when its node type
 * changes; with the type in the id the new cluster gets a new name, so Pulumi creates it before
 * deleting the old one and the app moves over in its rolling deployment instead of losing its
 * cache endpoint for the length of a create.
 */
export function memcachedClusterId(name: string, nodeType: string): string {
    const id = `${cacheClusterId(name)}-${nodeType
        .replace(/^cache\./, "")
        .replace(/\./g, "-")
        .toLowerCase()}`;
    if (
        id.length > MAX_AWS_CLUSTER_ID_LENGTH ||
        !/^[a-z][a-z0-9-]*$/.test(id) ||
        id.includes("--")
    ) {
        throw new ArgsError(
            `CacheCluster name \`${name}\` with node type \`${nodeType}\` gives the cluster id \`${id}\`: it must be at most ${MAX_AWS_CLUSTER_ID_LENGTH} characters of a-z, 0-9 and single hyphens.`,
        );
    }
    return id;
}

/** `1.6.22` → `[1, 6, 22]`; throws unless the version is major.minor.patch. */
function parseVersion(version: string): [number, number, number] {
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    if (!m) {
        throw new ArgsError(
            `CacheCluster \`engineVersion\` must be major.minor.patch, got \`${version}\`.`,
        );
    }
    return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The parameter-group family of a Memcached version: `1.6.22` → `memcached1.6`. */
export function memcachedParameterFamily(engineVersion: string): string {
    const [major, minor] = parseVersion(engineVersion);
    return `memcached${major}.${minor}`;
}

/** Whether a Memcached version supports in-transit encryption on ElastiCache (1.6.12 or later). */
export function supportsTls(engineVersion: string): boolean {
    const have = parseVersion(engineVersion);
    const need = parseVersion(MIN_MEMCACHED_TLS_VERSION);
    for (let i = 0; i < 3; i++) {
        if (have[i] !== need[i]) {
            return have[i] > need[i];
        }
    }
    return true;
}

/** Preferred AZs for `count` nodes: round-robin over the AZs, so adding a node appends one AZ. */
export function spreadAvailabilityZones(azs: readonly string[], count: number): string[] {
    return Array.from({ length: count }, (_, i) => azs[i % azs.length]);
}

/** Dalli's MEMCACHE_SERVERS: every node as `host:port`, comma-separated, in node-id order. */
export function memcacheServers(
    nodes: readonly { id?: string; address: string; port: number }[],
): string {
    return [...nodes]
        .sort((a, b) => (a.id ?? "").localeCompare(b.id ?? ""))
        .map((n) => `${n.address}:${n.port}`)
        .join(",");
}

function checkInt(value: number, key: string, min: number, max: number): void {
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new ArgsError(
            `CacheCluster \`${key}\` must be an integer from ${min} to ${max}, got ${value}.`,
        );
    }
}

/**
 * Checks the plain args of one mode (the other mode's args are ignored) and returns the cluster
 * id. Throws the first problem with a message naming the arg.
 */
export function validateCacheClusterArgs(name: string, args: CacheClusterArgs): string {
    if (args.mode !== "node" && args.mode !== "serverless") {
        throw new ArgsError(
            `CacheCluster \`mode\` must be node or serverless, got \`${String(args.mode)}\`.`,
        );
    }
    const id = cacheClusterId(name);
    if (args.mode === "node") {
        const nodeCount = args.nodeCount ?? CACHE_DEFAULTS.nodeCount;
        checkInt(nodeCount, "nodeCount", 1, MAX_CACHE_NODES);
        if (nodeCount >= 2 && new Set(args.availabilityZones).size < 2) {
            throw new ArgsError(
                "CacheCluster needs at least two `availabilityZones` to spread two or more nodes.",
            );
        }
        const engineVersion = args.engineVersion ?? CACHE_DEFAULTS.engineVersion;
        if (!supportsTls(engineVersion)) {
            throw new ArgsError(
                `CacheCluster \`engineVersion\` must be ${MIN_MEMCACHED_TLS_VERSION} or later for in-transit encryption, got \`${engineVersion}\`.`,
            );
        }
    } else {
        const { dataStorageGb, ecpuPerSecond } = SERVERLESS_LIMITS;
        checkInt(
            args.maxDataStorageGb ?? CACHE_DEFAULTS.maxDataStorageGb,
            "maxDataStorageGb",
            dataStorageGb.min,
            dataStorageGb.max,
        );
        checkInt(
            args.maxEcpuPerSecond ?? CACHE_DEFAULTS.maxEcpuPerSecond,
            "maxEcpuPerSecond",
            ecpuPerSecond.min,
            ecpuPerSecond.max,
        );
    }
    return id;
}

/** The endpoint of a serverless cache (it has exactly one for Memcached). */
function firstEndpoint(endpoints: readonly { address: string; port: number }[] | undefined): {
    address: string;
    port: number;
} {
    const endpoint = endpoints?.[0];
    if (!endpoint) {
        throw new Error("ElastiCache returned no endpoint for the serverless cache.");
    }
    return endpoint;
}

export class CacheCluster extends pulumi.ComponentResource {
    /** The mode this cache was created in. */
    public readonly mode: CacheMode;
    /** Always true: both modes require TLS, so the app must set MEMCACHED_TLS=true. */
    public readonly tls: boolean;
    /**
     * `host:port` to discover the nodes from (node mode: the `.cfg` configuration endpoint for
     * ElastiCache auto discovery). Serverless mode has no auto discovery: this is its single
     * endpoint, the same as {@link memcacheServers}.
     */
    public readonly configurationEndpoint: pulumi.Output<string>;
    /** Every node as `host:port`, comma-separated: Dalli's MEMCACHE_SERVERS. */
    public readonly memcacheServers: pulumi.Output<string>;
    /** One host for today's single-endpoint code (MEMCACHED_ENDPOINT): the configuration endpoint host. */
    public readonly memcachedEndpoint: pulumi.Output<string>;
    /** The port for MEMCACHED_PORT. */
    public readonly memcachedPort: pulumi.Output<number>;
    /** The cache's security group (admits 11211 from the app only). */
    public readonly securityGroupId: pulumi.Output<string>;
    /** Node mode: the cluster id, CloudWatch's `CacheClusterId` dimension. Undefined in serverless mode. */
    public readonly clusterId: pulumi.Output<string> | undefined;
    /** Serverless mode: the cache's name, CloudWatch's `clusterId` dimension. Undefined in node mode. */
    public readonly serverlessName: pulumi.Output<string> | undefined;

    /**
     * @param name The _unique_ name of this component; lower-cased, it is also the cluster id.
     * @param args The mode, network placement and sizing.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: CacheClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:data:CacheCluster", name, {}, opts);
        const id = validateCacheClusterArgs(name, args);
        const parent = { parent: this };

        const sg = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description: "Memcached: port 11211 from the app tasks only",
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: MEMCACHED_PORT,
                        toPort: MEMCACHED_PORT,
                        securityGroups: [args.clientSecurityGroupId],
                        description: "Memcached (TLS) from the app tasks",
                    },
                ],
                // The cache never opens connections; managing an empty list keeps it that way.
                egress: [],
                tags: { Name: `${name}-sg` },
            },
            parent,
        );

        this.mode = args.mode;
        this.tls = true;
        this.securityGroupId = sg.id;

        if (args.mode === "node") {
            const nodeCount = args.nodeCount ?? CACHE_DEFAULTS.nodeCount;
            const engineVersion = args.engineVersion ?? CACHE_DEFAULTS.engineVersion;
            const subnetGroup = new aws.elasticache.SubnetGroup(
                `${name}-subnets`,
                {
                    subnetIds: args.subnetIds,
                    description: `${name}: Memcached nodes in the private subnets`,
                },
                parent,
            );
            const parameterGroup = new aws.elasticache.ParameterGroup(
                `${name}-params`,
                {
                    family: memcachedParameterFamily(engineVersion),
                    description: `${name}: Memcached settings for the Rails cache`,
                    parameters: MEMCACHED_PARAMETERS.map((p) => ({ ...p })),
                },
                parent,
            );
            const crossAz = nodeCount >= 2;
            const cluster = new aws.elasticache.Cluster(
                `${name}-cluster`,
                {
                    clusterId: memcachedClusterId(id, args.nodeType ?? CACHE_DEFAULTS.nodeType),
                    engine: "memcached",
                    engineVersion,
                    nodeType: args.nodeType ?? CACHE_DEFAULTS.nodeType,
                    numCacheNodes: nodeCount,
                    port: MEMCACHED_PORT,
                    azMode: crossAz ? "cross-az" : "single-az",
                    preferredAvailabilityZones: crossAz
                        ? spreadAvailabilityZones(args.availabilityZones, nodeCount)
                        : undefined,
                    subnetGroupName: subnetGroup.name,
                    securityGroupIds: [sg.id],
                    parameterGroupName: parameterGroup.name,
                    maintenanceWindow: args.maintenanceWindow ?? CACHE_DEFAULTS.maintenanceWindow,
                    // Can only be chosen at creation; needs Memcached >= 1.6.12 (checked above).
                    transitEncryptionEnabled: true,
                    tags: { Name: id },
                },
                // The id is fixed, so a replacement must delete first; a cache loses nothing durable.
                // Create the replacement first: its id differs (node type in the id).
                { parent: this, deleteBeforeReplace: false },
            );
            this.clusterId = cluster.clusterId;
            this.serverlessName = undefined;
            this.configurationEndpoint = cluster.configurationEndpoint;
            this.memcachedEndpoint = cluster.clusterAddress;
            this.memcachedPort = cluster.port;
            this.memcacheServers = cluster.cacheNodes.apply((nodes) =>
                memcacheServers(nodes ?? []),
            );
        } else {
            const cache = new aws.elasticache.ServerlessCache(
                `${name}-serverless`,
                {
                    name: id,
                    engine: "memcached",
                    majorEngineVersion: SERVERLESS_MAJOR_ENGINE_VERSION,
                    description: `${name}: Rails cache, TLS and encrypted at rest with the stack key`,
                    kmsKeyId: args.kmsKeyArn,
                    cacheUsageLimits: {
                        dataStorage: {
                            maximum: args.maxDataStorageGb ?? CACHE_DEFAULTS.maxDataStorageGb,
                            unit: "GB",
                        },
                        // An array in the Node SDK, though AWS takes a single limit.
                        ecpuPerSeconds: [
                            { maximum: args.maxEcpuPerSecond ?? CACHE_DEFAULTS.maxEcpuPerSecond },
                        ],
                    },
                    subnetIds: args.subnetIds,
                    securityGroupIds: [sg.id],
                    tags: { Name: id },
                },
                { parent: this, deleteBeforeReplace: true },
            );
            const endpoint = cache.endpoints.apply(firstEndpoint);
            this.clusterId = undefined;
            this.serverlessName = cache.name;
            // No auto discovery in serverless mode: the one endpoint serves every role.
            this.configurationEndpoint = endpoint.apply((e) => `${e.address}:${e.port}`);
            this.memcacheServers = this.configurationEndpoint;
            this.memcachedEndpoint = endpoint.apply((e) => e.address);
            this.memcachedPort = endpoint.apply((e) => e.port);
        }

        this.registerOutputs({
            mode: this.mode,
            tls: this.tls,
            configurationEndpoint: this.configurationEndpoint,
            memcacheServers: this.memcacheServers,
            memcachedEndpoint: this.memcachedEndpoint,
            memcachedPort: this.memcachedPort,
            securityGroupId: this.securityGroupId,
            clusterId: this.clusterId,
            serverlessName: this.serverlessName,
        });
    }
}
