/**
 * Parity, the rows as data: one entry per compared item whose production value is one field (or a
 * simple composition) of one survey file, and whose stack value is one resource input. A new row
 * for an already-surveyed field is one entry here plus its test (CONTRIBUTING.md, "Adding a
 * parity row"). Rows that expand into many (parameters, behaviours, rules, fields) are in
 * groups.ts.
 *
 * Field names are the AWS CLI v2 `--output json` shapes of each command (CLI reference:
 * https://awscli.amazonaws.com/v2/documentation/api/latest/reference/index.html); stack paths are
 * the Pulumi AWS provider's input names.
 */
import { Json, obj } from "./read";

/** The resource types parity reads from a synth. */
export const T = {
    rds: "aws:rds/instance:Instance",
    rdsParams: "aws:rds/parameterGroup:ParameterGroup",
    cache: "aws:elasticache/cluster:Cluster",
    cacheServerless: "aws:elasticache/serverlessCache:ServerlessCache",
    cacheParams: "aws:elasticache/parameterGroup:ParameterGroup",
    service: "aws:ecs/service:Service",
    taskDef: "aws:ecs/taskDefinition:TaskDefinition",
    lb: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    distribution: "aws:cloudfront/distribution:Distribution",
    cachePolicy: "aws:cloudfront/cachePolicy:CachePolicy",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    search: "aws:cloudsearch/domain:Domain",
    natGateway: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
} as const;
export type ResourceKind = keyof typeof T;

/**
 * Where a row's production value comes from: a survey file, or the one item of it picked by a
 * name flag (sources.ts resolves each, with the reason when it cannot).
 */
export type SourceName =
    | "rdsInstance"
    | "cacheCluster"
    | "ecsService"
    | "taskDefinition"
    | "alb"
    | "httpsListener"
    | "distributionConfig"
    | "searchScaling"
    | "searchAvailability"
    | "searchEndpoint";

/** The stack side: the first resource of a kind and the dotted path of one of its inputs. */
export interface StackInput {
    readonly kind: ResourceKind;
    readonly path: string;
    /** The provider's default when the input is unset. */
    readonly default?: unknown;
}

/** What the stack renders, for rows whose stack value is composed. */
export interface StackView {
    /** Inputs of the first resource of a kind ({} when none). */
    first(kind: ResourceKind): Json;
    /** Inputs of every resource of a kind. */
    all(kind: ResourceKind): Json[];
    has(kind: ResourceKind): boolean;
}

export type Impact =
    string | ((production: string | null, stack: string | null) => string | undefined);

export interface RowSpec {
    readonly resource: string;
    readonly item: string;
    /** The item's name in the notes' Japanese table. */
    readonly itemJa: string;
    readonly source: SourceName;
    /** Dotted path in the picked survey item, or a function of it for composed values. */
    readonly production: string | ((x: Json) => unknown);
    readonly stack: StackInput | ((s: StackView) => unknown);
    /** The Pulumi.<stack>.yaml setting that sets the stack's value, where one does. */
    readonly settingsKey?: string;
    /** How both sides are shown before comparing: as is, or booleans as enabled/disabled. */
    readonly compare?: "value" | "onOff";
    readonly impact?: Impact;
}

export const onOff = (v: unknown) =>
    v === undefined || v === null ? undefined : v ? "enabled" : "disabled";

const R = {
    cache: "ElastiCache Memcached",
    rds: "RDS PostgreSQL",
    ecs: "ECS",
    alb: "ALB",
    cf: "CloudFront",
    search: "CloudSearch",
} as const;

/** Every one-value row, in the notes' order within each resource. */
export const ROWS: readonly RowSpec[] = [
    {
        resource: R.cache,
        item: "instance type",
        itemJa: "インスタンスタイプ",
        source: "cacheCluster",
        production: "CacheNodeType",
        stack: (s) => (s.has("cacheServerless") ? "serverless" : s.first("cache").nodeType),
        settingsKey: "cache.nodeType",
        impact: (p, s) =>
            p && s
                ? "memory per node changes; warm the cache after the switch (docs/migration.md section 3)"
                : undefined,
    },
    {
        resource: R.cache,
        item: "engine version",
        itemJa: "エンジンバージョン",
        source: "cacheCluster",
        production: "EngineVersion",
        stack: (s) =>
            s.has("cacheServerless")
                ? s.first("cacheServerless").majorEngineVersion
                : s.first("cache").engineVersion,
        settingsKey: "cache.engineVersion",
        impact: "Memcached before 1.6.12 has no in-transit encryption",
    },
    {
        resource: R.cache,
        item: "node count",
        itemJa: "ノード数",
        source: "cacheCluster",
        production: "NumCacheNodes",
        stack: (s) => (s.has("cacheServerless") ? undefined : s.first("cache").numCacheNodes),
        settingsKey: "cache.nodeCount",
        impact: "the app must list every node (MEMCACHE_SERVERS) to spread keys",
    },
    {
        resource: R.cache,
        item: "scaling (AZ mode)",
        itemJa: "スケール設定",
        source: "cacheCluster",
        production: (i) =>
            Number(i.NumCacheNodes) > 1 && i.PreferredAvailabilityZone === "Multiple"
                ? "cross-az"
                : "single-az",
        stack: (s) =>
            s.has("cacheServerless")
                ? "serverless (scales by itself)"
                : (s.first("cache").azMode ?? "single-az"),
        impact: "Memcached node clusters do not autoscale: nodes change only with cache.nodeCount",
    },
    {
        resource: R.cache,
        item: "in-transit encryption",
        itemJa: "暗号化（通信）",
        source: "cacheCluster",
        production: "TransitEncryptionEnabled",
        stack: (s) => (s.has("cacheServerless") ? true : s.first("cache").transitEncryptionEnabled),
        compare: "onOff",
        impact: "clients must connect with TLS (MEMCACHED_TLS)",
    },
    {
        resource: R.rds,
        item: "instance type",
        itemJa: "インスタンスタイプ",
        source: "rdsInstance",
        production: "DBInstanceClass",
        stack: { kind: "rds", path: "instanceClass" },
        settingsKey: "database.instanceClass",
    },
    {
        resource: R.rds,
        item: "engine version",
        itemJa: "エンジンバージョン",
        source: "rdsInstance",
        production: "EngineVersion",
        stack: { kind: "rds", path: "engineVersion" },
        settingsKey: "database.engineVersion",
        impact: "a snapshot restores only to the same or a later version",
    },
    {
        resource: R.rds,
        item: "storage type",
        itemJa: "ストレージタイプ",
        source: "rdsInstance",
        production: "StorageType",
        stack: { kind: "rds", path: "storageType" },
        settingsKey: "database.storageType",
        impact: "gp3 has a 3,000 IOPS baseline at gp2's price per GB",
    },
    {
        resource: R.rds,
        item: "allocated storage (GiB)",
        itemJa: "ストレージ容量",
        source: "rdsInstance",
        production: "AllocatedStorage",
        stack: { kind: "rds", path: "allocatedStorage" },
        settingsKey: "database.allocatedStorage",
        impact: "a restore needs at least the snapshot's size",
    },
    {
        resource: R.rds,
        item: "encryption",
        itemJa: "暗号化",
        source: "rdsInstance",
        production: "StorageEncrypted",
        stack: { kind: "rds", path: "storageEncrypted" },
        compare: "onOff",
        impact: "an unencrypted snapshot must be copied with the stack key before the restore (docs/migration.md step 1.3)",
    },
    {
        resource: R.rds,
        item: "Multi-AZ",
        itemJa: "マルチAZ",
        source: "rdsInstance",
        production: "MultiAZ",
        stack: { kind: "rds", path: "multiAz" },
        settingsKey: "database.multiAz",
        compare: "onOff",
        impact: "a standby doubles the instance cost and turns an AZ failure into a failover",
    },
    {
        resource: R.rds,
        item: "deletion protection",
        itemJa: "削除保護",
        source: "rdsInstance",
        production: "DeletionProtection",
        stack: { kind: "rds", path: "deletionProtection" },
        settingsKey: "database.deletionProtection",
        compare: "onOff",
    },
    {
        resource: R.rds,
        item: "Performance Insights",
        itemJa: "Performance Insights",
        source: "rdsInstance",
        production: "PerformanceInsightsEnabled",
        stack: { kind: "rds", path: "performanceInsightsEnabled" },
        settingsKey: "database.performanceInsights",
        compare: "onOff",
    },
    {
        resource: R.rds,
        item: "enhanced monitoring interval (s)",
        itemJa: "拡張モニタリング",
        source: "rdsInstance",
        production: "MonitoringInterval",
        stack: { kind: "rds", path: "monitoringInterval", default: 0 },
        settingsKey: "database.monitoringInterval",
    },
    {
        resource: R.rds,
        item: "automatic backups (days)",
        itemJa: "自動バックアップ",
        source: "rdsInstance",
        production: "BackupRetentionPeriod",
        stack: { kind: "rds", path: "backupRetentionPeriod" },
        settingsKey: "database.backupRetentionDays",
    },
    {
        resource: R.rds,
        item: "backup window (UTC)",
        itemJa: "バックアップウィンドウ",
        source: "rdsInstance",
        production: "PreferredBackupWindow",
        stack: { kind: "rds", path: "backupWindow" },
        settingsKey: "database.backupWindow",
    },
    {
        resource: R.rds,
        item: "auto minor version upgrade",
        itemJa: "自動マイナーバージョンアップグレード",
        source: "rdsInstance",
        production: "AutoMinorVersionUpgrade",
        stack: { kind: "rds", path: "autoMinorVersionUpgrade", default: true },
        compare: "onOff",
        impact: "the stack pins the minor version; upgrades are planned (docs/migration.md section 2)",
    },
    {
        resource: R.rds,
        item: "maintenance window (UTC)",
        itemJa: "メンテナンスウィンドウ",
        source: "rdsInstance",
        production: "PreferredMaintenanceWindow",
        stack: { kind: "rds", path: "maintenanceWindow" },
        settingsKey: "database.maintenanceWindow",
    },
    {
        resource: R.ecs,
        item: "Fargate platform version",
        itemJa: "Fargateプラットフォーム",
        source: "ecsService",
        production: "platformVersion",
        stack: { kind: "service", path: "platformVersion", default: "LATEST" },
        impact: "LATEST follows AWS's current Fargate platform",
    },
    {
        resource: R.ecs,
        item: "task CPU / memory (MiB)",
        itemJa: "CPUメモリ設定",
        source: "taskDefinition",
        production: (t) =>
            t.cpu === undefined ? undefined : `${String(t.cpu)} / ${String(t.memory)}`,
        stack: (s) => {
            const td = s.first("taskDef");
            return td.cpu === undefined ? undefined : `${String(td.cpu)} / ${String(td.memory)}`;
        },
        settingsKey: "service.cpu",
        impact: "size the task with npm run loadtest before changing service.cpu / service.memory",
    },
    {
        resource: R.ecs,
        item: "launch type",
        itemJa: "起動タイプ",
        source: "ecsService",
        production: "launchType",
        stack: { kind: "service", path: "launchType" },
    },
    {
        resource: R.ecs,
        item: "desired tasks",
        itemJa: "タスク数",
        source: "ecsService",
        production: "desiredCount",
        stack: { kind: "service", path: "desiredCount" },
        settingsKey: "service.minTasks",
        impact: "the stack scales between service.minTasks and service.maxTasks",
    },
    {
        resource: R.alb,
        item: "type",
        itemJa: "タイプ",
        source: "alb",
        production: (i) => (i.Type ? `${String(i.Type)} (${String(i.Scheme)})` : undefined),
        stack: (s) => {
            const lb = s.first("lb");
            return lb.loadBalancerType
                ? `${String(lb.loadBalancerType)} (${lb.internal ? "internal" : "internet-facing"})`
                : undefined;
        },
    },
    {
        resource: R.alb,
        item: "SSL/TLS policy (HTTPS listener)",
        itemJa: "SSL/TLS設定",
        source: "httpsListener",
        production: "SslPolicy",
        stack: (s) => s.all("listener").find((l) => l.protocol === "HTTPS")?.sslPolicy,
        impact: "older policies admit TLS 1.0/1.1 clients; the stack admits TLS 1.2 and 1.3",
    },
    {
        resource: R.cf,
        item: "price class",
        itemJa: "価格クラス",
        source: "distributionConfig",
        production: "PriceClass",
        stack: { kind: "distribution", path: "priceClass" },
        settingsKey: "edge.priceClass",
        impact: "PriceClass_100 has no edge locations in Japan",
    },
    {
        resource: R.cf,
        item: "HTTP version",
        itemJa: "HTTPバージョン",
        source: "distributionConfig",
        production: "HttpVersion",
        stack: { kind: "distribution", path: "httpVersion" },
        settingsKey: "edge.httpVersion",
        impact: "--write copies production's HTTP version into edge.httpVersion",
    },
    {
        resource: R.cf,
        item: "TLS minimum (viewer)",
        itemJa: "TLS最小バージョン",
        source: "distributionConfig",
        production: "ViewerCertificate.MinimumProtocolVersion",
        stack: { kind: "distribution", path: "viewerCertificate.minimumProtocolVersion" },
        impact: "clients below the minimum cannot connect",
    },
    {
        resource: R.search,
        item: "instance type",
        itemJa: "インスタンスタイプ",
        source: "searchScaling",
        production: "DesiredInstanceType",
        stack: { kind: "search", path: "scalingParameters.desiredInstanceType" },
        settingsKey: "search.instanceType",
        impact: "--write copies production's desired type into search.instanceType",
    },
    {
        resource: R.search,
        item: "replication count",
        itemJa: "レプリカ数",
        source: "searchScaling",
        production: "DesiredReplicationCount",
        stack: { kind: "search", path: "scalingParameters.desiredReplicationCount" },
        settingsKey: "search.replicationCount",
    },
    {
        resource: R.search,
        item: "partition count",
        itemJa: "パーティション数",
        source: "searchScaling",
        production: "DesiredPartitionCount",
        stack: { kind: "search", path: "scalingParameters.desiredPartitionCount" },
        impact: "not a stack setting: CloudSearch chooses partitions for the instance type",
    },
    {
        resource: R.search,
        item: "Multi-AZ",
        itemJa: "マルチAZ",
        source: "searchAvailability",
        production: "Options",
        stack: { kind: "search", path: "multiAz" },
        settingsKey: "search.multiAz",
        compare: "onOff",
        impact: "Multi-AZ doubles the search instances",
    },
    {
        resource: R.search,
        item: "HTTPS endpoint (enforced, TLS policy)",
        itemJa: "HTTPSエンドポイント",
        source: "searchEndpoint",
        production: (o) =>
            o.EnforceHTTPS === undefined
                ? undefined
                : `${o.EnforceHTTPS ? "HTTPS only" : "HTTP allowed"}, ${String(o.TLSSecurityPolicy)}`,
        stack: (s) => {
            const e = obj(s.first("search").endpointOptions);
            return e.enforceHttps === undefined
                ? undefined
                : `${e.enforceHttps ? "HTTPS only" : "HTTP allowed"}, ${String(e.tlsSecurityPolicy)}`;
        },
        impact: "adopting enforces HTTPS with TLS 1.2: clients calling over http:// or TLS 1.0/1.1 stop working",
    },
];
