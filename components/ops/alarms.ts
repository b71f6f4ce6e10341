/**
 * Alarms: the stack's CloudWatch alarms and the KMS-encrypted SNS topic they notify.
 *
 * Every alarm notifies the topic when it fires AND when it clears (alarmActions + okActions), so
 * a subscriber sees both ends of an incident. The topic admits publishes only from CloudWatch
 * alarms of this account and region, and only over TLS. Each address in `emails` gets an e-mail
 * subscription, which AWS keeps "pending confirmation" until the recipient clicks the link.
 *
 * The alarm list itself is data ({@link alarmDefinitions}, rows of the one alarm model in
 * ./alarmModel.ts, created by its factory), so tests and docs/operations.md list exactly what is
 * watched without creating resources.
 *
 * Cache alarms depend on the cache mode. A node-based Memcached cluster: CPUUtilization and
 * Evictions per `CacheClusterId`. A serverless cache has no host CPU metric and scales itself
 * within its usage limits, which {@link AlarmsArgs.serverlessCache} gives (required in that
 * mode): ThrottledCmds, Evictions, ElastiCacheProcessingUnits against the ECPU limit and
 * BytesUsedForCache against the storage limit. Serverless caches publish under the dimension
 * `clusterId` (the cache name), not `CacheClusterId`: metric list
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-metrics-events.memcached.html ,
 * dimension as listed by `aws cloudwatch list-metrics` in
 * https://github.com/cdklabs/cdk-monitoring-constructs/issues/750 .
 *
 * The topic policy admits EventBridge too when {@link AlarmsArgs.eventBridgePublish} is set (the
 * GuardDuty findings rule of components/security/threatDetection.ts targets this topic).
 */
import * as pulumi from "@pulumi/pulumi";
import type { CacheMode } from "../data/cacheCluster";
import { AlarmDefinition, createAlarm } from "./alarmModel";
import { alarmTopic, emailKey } from "./alarmTopic";

// The topic policy and subscription names live with the topic (alarmTopic.ts).
export { alarmTopicPolicy, emailKey } from "./alarmTopic";
import { AlarmThresholds, resolveThresholds } from "./thresholds";
import { EMAIL_PATTERN } from "../patterns";

// The alarm model lives in ./alarmModel; re-exported for existing callers.
export type { AlarmDefinition, ComparisonOperator, TreatMissingData } from "./alarmModel";

// The thresholds live in one module, shared with the dashboard; re-exported for existing callers.
export { ALARM_THRESHOLD_DEFAULTS, resolveThresholds } from "./thresholds";
export type { AlarmThresholds } from "./thresholds";

/** The metric dimensions the regional alarms use; {@link Alarms} maps each to an input. */
export type DimensionKey =
    | "LoadBalancer"
    | "TargetGroup"
    | "ClusterName"
    | "ServiceName"
    | "DBInstanceIdentifier"
    | "CacheClusterId"
    | "clusterId";

/** A regional alarm row: always one metric, and an explicit datapointsToAlarm. */
export type RegionalAlarmDefinition = AlarmDefinition & {
    readonly metric: string;
    readonly datapointsToAlarm: number;
};

/** Bytes per GiB, for FreeStorageSpace (reported in bytes). */
const GIB = 1024 ** 3;
/**
 * Bytes per GB of a serverless cache's `dataStorage` limit (unit `GB`). Taken as 10^9, the
 * smaller reading, so the storage alarm fires no later than the percent says.
 */
export const SERVERLESS_GB = 1e9;

/** The usage limits of a serverless cache (plain: they set thresholds). */
export interface ServerlessCacheLimits {
    /** `cacheUsageLimits.ecpuPerSeconds[0].maximum`. */
    readonly maxEcpuPerSecond: number;
    /** `cacheUsageLimits.dataStorage.maximum`, GB. */
    readonly maxDataStorageGb: number;
}

/** What decides the alarm list: plain values only. */
export interface AlarmDefinitionOptions {
    /** Which cache alarms exist: node CPU and evictions, or the serverless ones. */
    readonly cacheMode: CacheMode;
    /** RDS allocated storage in GiB (the free-storage threshold is a percent of it). */
    readonly databaseAllocatedStorageGib: number;
    /** The database's max_connections (the connections threshold is a percent of it). */
    readonly databaseMaxConnections: number;
    /** Overrides of {@link ALARM_THRESHOLD_DEFAULTS}. */
    readonly thresholds?: Partial<AlarmThresholds>;
    /** Serverless mode (required there, refused in node mode): the cache's usage limits. */
    readonly serverlessCache?: ServerlessCacheLimits;
}

function checkInt(value: number, key: string, min: number): void {
    if (!Number.isInteger(value) || value < min) {
        throw new Error(`Alarms \`${key}\` must be an integer of at least ${min}, got ${value}.`);
    }
}

/**
 * Every alarm the stack creates, in creation order: ALB, ECS service, RDS, then the cache's (node
 * or serverless). Pure: the same options give the same list.
 */
export function alarmDefinitions(options: AlarmDefinitionOptions): RegionalAlarmDefinition[] {
    if (options.cacheMode !== "node" && options.cacheMode !== "serverless") {
        throw new Error(
            `Alarms \`cacheMode\` must be node or serverless, got \`${String(options.cacheMode)}\`.`,
        );
    }
    checkInt(options.databaseAllocatedStorageGib, "databaseAllocatedStorageGib", 1);
    checkInt(options.databaseMaxConnections, "databaseMaxConnections", 1);
    if (options.cacheMode === "serverless" && options.serverlessCache === undefined) {
        // Its limits set the ECPU and storage thresholds: a serverless cache is never unwatched.
        throw new Error(
            "Alarms `serverlessCache` must be set when `cacheMode` is serverless (the cache's usage limits set its alarm thresholds).",
        );
    }
    if (options.serverlessCache !== undefined) {
        if (options.cacheMode !== "serverless") {
            throw new Error(
                "Alarms `serverlessCache` applies only when `cacheMode` is serverless.",
            );
        }
        checkInt(options.serverlessCache.maxEcpuPerSecond, "serverlessCache.maxEcpuPerSecond", 1);
        checkInt(options.serverlessCache.maxDataStorageGb, "serverlessCache.maxDataStorageGb", 1);
    }
    const t = resolveThresholds(options.thresholds);
    const alb = ["LoadBalancer"] as const;
    const targetGroup = ["LoadBalancer", "TargetGroup"] as const;
    const service = ["ClusterName", "ServiceName"] as const;
    const db = ["DBInstanceIdentifier"] as const;
    const cache = ["CacheClusterId"] as const;
    // ALB error and latency metrics are published only for periods that had requests (5xx only
    // when there was one), so a gap means "no traffic" or "no errors": not a problem.
    const noTraffic =
        "ALB publishes it only for periods with matching requests: no data is no problem.";
    // These are published every minute while the resource runs; a gap is itself abnormal and should
    // show as INSUFFICIENT_DATA rather than silently as OK.
    const alwaysPublished =
        "published every minute while the resource runs: a gap shows as INSUFFICIENT_DATA.";

    const list: RegionalAlarmDefinition[] = [
        {
            key: "alb-target-5xx",
            description: `The Rails tasks answered ${t.http5xxPer5Minutes} or more 5xx responses in 5 minutes.`,
            namespace: "AWS/ApplicationELB",
            metric: "HTTPCode_Target_5XX_Count",
            statistic: "Sum",
            threshold: t.http5xxPer5Minutes,
            comparison: "GreaterThanOrEqualToThreshold",
            period: 300,
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
            treatMissingData: "notBreaching",
            missingDataReason: noTraffic,
            dimensions: alb,
            notifyOk: true,
            runbook: {
                means: "The app raises errors (exceptions, DB/cache/search failures, timeouts in Puma).",
                firstSteps:
                    "App log group (`web/` streams) for stack traces; a recent deploy? roll back `service.image`; check the db/cache alarms.",
            },
        },
        {
            key: "alb-elb-5xx",
            description: `The load balancer itself answered ${t.http5xxPer5Minutes} or more 5xx responses in 5 minutes (502/503/504: no healthy target, target reset or timeout).`,
            namespace: "AWS/ApplicationELB",
            metric: "HTTPCode_ELB_5XX_Count",
            statistic: "Sum",
            threshold: t.http5xxPer5Minutes,
            comparison: "GreaterThanOrEqualToThreshold",
            period: 300,
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
            treatMissingData: "notBreaching",
            missingDataReason: noTraffic,
            dimensions: alb,
            notifyOk: true,
            runbook: {
                means: "ALB's own 502/503/504: no healthy target, task reset the connection, or the target timed out.",
                firstSteps:
                    "`alb-no-healthy-hosts` state; `aws ecs describe-services` events; ALB access logs in the log bucket.",
            },
        },
        {
            key: "alb-response-time-p95",
            description: `p95 target response time above ${t.responseTimeP95Seconds} s in 3 of 5 minutes.`,
            namespace: "AWS/ApplicationELB",
            metric: "TargetResponseTime",
            extendedStatistic: "p95",
            threshold: t.responseTimeP95Seconds,
            comparison: "GreaterThanThreshold",
            period: 60,
            evaluationPeriods: 5,
            datapointsToAlarm: 3,
            treatMissingData: "notBreaching",
            missingDataReason: noTraffic,
            dimensions: targetGroup,
            notifyOk: true,
            runbook: {
                means: "Slow requests: DB load, cache misses, CloudSearch latency, too few tasks.",
                firstSteps:
                    "`service-cpu`/`db-cpu`; Performance Insights (prod); was autoscaling at `maxTasks`?",
            },
        },
        {
            key: "alb-unhealthy-hosts",
            description: "A registered task failed the target group health check for 3 minutes.",
            namespace: "AWS/ApplicationELB",
            metric: "UnHealthyHostCount",
            statistic: "Maximum",
            threshold: 0,
            comparison: "GreaterThanThreshold",
            period: 60,
            evaluationPeriods: 3,
            datapointsToAlarm: 3,
            // No data means no target is registered at all, which alb-no-healthy-hosts reports.
            treatMissingData: "notBreaching",
            missingDataReason:
                "no data means no registered target, which alb-no-healthy-hosts reports.",
            dimensions: targetGroup,
            notifyOk: true,
            runbook: {
                means: "A task fails `service.healthCheckPath` (boot failure, dependency down, OOM loop).",
                firstSteps:
                    "Target health: `aws elbv2 describe-target-health`; stopped-task reasons in `aws ecs describe-tasks`; app log.",
            },
        },
        {
            key: "alb-no-healthy-hosts",
            description:
                "No healthy task behind the load balancer for 2 minutes: the site is down.",
            namespace: "AWS/ApplicationELB",
            metric: "HealthyHostCount",
            statistic: "Minimum",
            threshold: 1,
            comparison: "LessThanThreshold",
            period: 60,
            evaluationPeriods: 2,
            datapointsToAlarm: 2,
            treatMissingData: "breaching",
            missingDataReason:
                "no data means no target reports healthy: treat it as the outage it is.",
            dimensions: targetGroup,
            notifyOk: true,
            runbook: {
                means: "**Site down**: no task serves.",
                firstSteps:
                    "Service events (circuit breaker rollback? image pull or secret read failure?); `aws ecs describe-services`; recent config or secret change.",
            },
        },
        {
            key: "service-cpu",
            description: `ECS service CPU above ${t.serviceCpuPercent} % for 15 minutes (autoscaling at its maximum or too slow).`,
            namespace: "AWS/ECS",
            metric: "CPUUtilization",
            statistic: "Average",
            threshold: t.serviceCpuPercent,
            comparison: "GreaterThanThreshold",
            period: 300,
            evaluationPeriods: 3,
            datapointsToAlarm: 3,
            treatMissingData: "notBreaching",
            missingDataReason: "no data means no running task, which alb-no-healthy-hosts reports.",
            dimensions: service,
            notifyOk: true,
            runbook: {
                means: "Scaling is at `maxTasks` or cannot keep up (the scaling target is `service.cpuTarget`).",
                firstSteps:
                    "Desired vs `maxTasks`; raise `maxTasks` or `cpu`; re-run the capacity test.",
            },
        },
        {
            key: "service-memory",
            description: `ECS service memory above ${t.serviceMemoryPercent} % for 15 minutes (tasks near their OOM limit).`,
            namespace: "AWS/ECS",
            metric: "MemoryUtilization",
            statistic: "Average",
            threshold: t.serviceMemoryPercent,
            comparison: "GreaterThanThreshold",
            period: 300,
            evaluationPeriods: 3,
            datapointsToAlarm: 3,
            treatMissingData: "notBreaching",
            missingDataReason: "no data means no running task, which alb-no-healthy-hosts reports.",
            dimensions: service,
            notifyOk: true,
            runbook: {
                means: "Tasks near their memory limit (leak, too many Puma workers).",
                firstSteps:
                    "Stopped tasks with `OutOfMemory`; lower workers or raise `service.memory`.",
            },
        },
        {
            key: "db-cpu",
            description: `RDS CPU above ${t.databaseCpuPercent} % for 15 minutes.`,
            namespace: "AWS/RDS",
            metric: "CPUUtilization",
            statistic: "Average",
            threshold: t.databaseCpuPercent,
            comparison: "GreaterThanThreshold",
            period: 300,
            evaluationPeriods: 3,
            datapointsToAlarm: 3,
            treatMissingData: "missing",
            missingDataReason: `RDS metrics are ${alwaysPublished}`,
            dimensions: db,
            notifyOk: true,
            runbook: {
                means: "Expensive queries or too much load for the instance class (t3 also runs out of CPU credits).",
                firstSteps:
                    "Performance Insights top SQL; `/aws/rds/instance/<id>/postgresql` log (slow queries); instance class.",
            },
        },
        {
            key: "db-free-storage",
            description: `RDS free storage below ${t.databaseFreeStoragePercent} % of the allocated ${options.databaseAllocatedStorageGib} GiB (storage autoscaling, if on, grows it at about this point: check it can).`,
            namespace: "AWS/RDS",
            metric: "FreeStorageSpace",
            statistic: "Minimum",
            threshold: Math.floor(
                (options.databaseAllocatedStorageGib * GIB * t.databaseFreeStoragePercent) / 100,
            ),
            comparison: "LessThanThreshold",
            period: 300,
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
            treatMissingData: "missing",
            missingDataReason: `RDS metrics are ${alwaysPublished}`,
            dimensions: db,
            notifyOk: true,
            runbook: {
                means: "Storage almost full. Storage autoscaling (`database.maxAllocatedStorage`) should grow it near this point; the threshold stays a percent of `database.allocatedStorage`.",
                firstSteps: "Check `AllocatedStorage` vs `maxAllocatedStorage`; raise the ceiling.",
            },
        },
        {
            key: "db-connections",
            description: `RDS connections above ${t.databaseConnectionsPercent} % of max_connections (${options.databaseMaxConnections}) for 10 minutes.`,
            namespace: "AWS/RDS",
            metric: "DatabaseConnections",
            statistic: "Maximum",
            threshold: Math.floor(
                (options.databaseMaxConnections * t.databaseConnectionsPercent) / 100,
            ),
            comparison: "GreaterThanThreshold",
            period: 300,
            evaluationPeriods: 2,
            datapointsToAlarm: 2,
            treatMissingData: "missing",
            missingDataReason: `RDS metrics are ${alwaysPublished}`,
            dimensions: db,
            notifyOk: true,
            runbook: {
                means: "Pools × tasks near `max_connections`; leaked connections; one-off tasks.",
                firstSteps:
                    "Count tasks × Puma workers × pool; `pg_stat_activity` via ECS Exec + `rails dbconsole`.",
            },
        },
    ];
    if (options.cacheMode === "node") {
        list.push(
            {
                key: "cache-cpu",
                description: `Memcached CPU above ${t.cacheCpuPercent} % for 15 minutes.`,
                namespace: "AWS/ElastiCache",
                metric: "CPUUtilization",
                statistic: "Average",
                threshold: t.cacheCpuPercent,
                comparison: "GreaterThanThreshold",
                period: 300,
                evaluationPeriods: 3,
                datapointsToAlarm: 3,
                treatMissingData: "missing",
                missingDataReason: `ElastiCache node metrics are ${alwaysPublished}`,
                dimensions: cache,
                notifyOk: true,
                runbook: {
                    means: "Memcached node saturated.",
                    firstSteps: "Node type; spread keys (more nodes); hot keys.",
                },
            },
            {
                key: "cache-evictions",
                description: `Memcached evicted ${t.cacheEvictionsPer5Minutes} or more items per 5 minutes for 15 minutes: the working set does not fit.`,
                namespace: "AWS/ElastiCache",
                metric: "Evictions",
                statistic: "Sum",
                threshold: t.cacheEvictionsPer5Minutes,
                comparison: "GreaterThanOrEqualToThreshold",
                period: 300,
                evaluationPeriods: 3,
                datapointsToAlarm: 3,
                treatMissingData: "missing",
                missingDataReason: `ElastiCache node metrics are ${alwaysPublished}`,
                dimensions: cache,
                notifyOk: true,
                runbook: {
                    means: "The working set no longer fits (serverless: the cache is at its storage limit and drops live entries).",
                    firstSteps:
                        "Node mode: a larger `cache.nodeType` or more `cache.nodeCount` (the app must use `MEMCACHE_SERVERS`). Serverless: as `cache-storage`.",
                },
            },
        );
    }
    if (options.cacheMode === "serverless" && options.serverlessCache !== undefined) {
        const limits = options.serverlessCache;
        const serverless = ["clusterId"] as const;
        const onlyWithCommands =
            "published for periods with commands: no data means an idle cache, not a saturated one.";
        list.push(
            {
                key: "cache-throttled",
                description: `The serverless cache throttled ${t.serverlessThrottledCmdsPer5Minutes} or more commands per 5 minutes in 2 of 3 periods: load grows faster than it scales, or the ECPU limit is reached.`,
                namespace: "AWS/ElastiCache",
                metric: "ThrottledCmds",
                statistic: "Sum",
                threshold: t.serverlessThrottledCmdsPer5Minutes,
                comparison: "GreaterThanOrEqualToThreshold",
                period: 300,
                evaluationPeriods: 3,
                datapointsToAlarm: 2,
                treatMissingData: "notBreaching",
                missingDataReason: `ThrottledCmds is ${onlyWithCommands}`,
                dimensions: serverless,
                notifyOk: true,
                runbook: {
                    means: "Load grows faster than the serverless cache scales, or it is at its ECPU limit. Rails sees misses and timeouts.",
                    firstSteps:
                        "`cache-ecpu` state; raise `cache.maxEcpuPerSecond`; look for a burst (a deploy warming the cache, a crawler).",
                },
            },
            {
                key: "cache-ecpu",
                description: `The serverless cache used more than ${t.serverlessEcpuPercent} % of its ${limits.maxEcpuPerSecond} ECPU/s limit for 5 minutes.`,
                namespace: "AWS/ElastiCache",
                metric: "ElastiCacheProcessingUnits",
                statistic: "Sum",
                // ECPUs consumed per minute, against the per-second limit × 60.
                threshold: Math.floor(
                    (limits.maxEcpuPerSecond * 60 * t.serverlessEcpuPercent) / 100,
                ),
                comparison: "GreaterThanThreshold",
                period: 60,
                evaluationPeriods: 5,
                datapointsToAlarm: 5,
                treatMissingData: "notBreaching",
                missingDataReason: `ElastiCacheProcessingUnits is ${onlyWithCommands}`,
                dimensions: serverless,
                notifyOk: true,
                runbook: {
                    means: "Close to the ECPU limit: throttling comes next.",
                    firstSteps:
                        "Raise `cache.maxEcpuPerSecond`; large values cost more ECPUs per command.",
                },
            },
            {
                key: "cache-storage",
                description: `The serverless cache stores more than ${t.serverlessStoragePercent} % of its ${limits.maxDataStorageGb} GB storage limit; at the limit it evicts.`,
                namespace: "AWS/ElastiCache",
                metric: "BytesUsedForCache",
                statistic: "Maximum",
                threshold: Math.floor(
                    (limits.maxDataStorageGb * SERVERLESS_GB * t.serverlessStoragePercent) / 100,
                ),
                comparison: "GreaterThanThreshold",
                period: 300,
                evaluationPeriods: 1,
                datapointsToAlarm: 1,
                treatMissingData: "missing",
                missingDataReason: `BytesUsedForCache is ${alwaysPublished}`,
                dimensions: serverless,
                notifyOk: true,
                runbook: {
                    means: "Close to the storage limit (GB taken as 10⁹ bytes): evictions come next.",
                    firstSteps:
                        "Raise `cache.maxDataStorageGb`; check TTLs (`expires_in`) of large entries.",
                },
            },
            {
                key: "cache-evictions",
                description: `The serverless cache evicted ${t.cacheEvictionsPer5Minutes} or more items per 5 minutes for 15 minutes: it is at its storage limit.`,
                namespace: "AWS/ElastiCache",
                metric: "Evictions",
                statistic: "Sum",
                threshold: t.cacheEvictionsPer5Minutes,
                comparison: "GreaterThanOrEqualToThreshold",
                period: 300,
                evaluationPeriods: 3,
                datapointsToAlarm: 3,
                treatMissingData: "notBreaching",
                missingDataReason: `Evictions is ${onlyWithCommands}`,
                dimensions: serverless,
                notifyOk: true,
                runbook: {
                    means: "The working set no longer fits (serverless: the cache is at its storage limit and drops live entries).",
                    firstSteps:
                        "Node mode: a larger `cache.nodeType` or more `cache.nodeCount` (the app must use `MEMCACHE_SERVERS`). Serverless: as `cache-storage`.",
                },
            },
        );
    }
    return list;
}

export interface AlarmsArgs {
    /** The stack KMS key ARN; encrypts the topic (its key policy lets CloudWatch use it). */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** This account, for the topic policy's aws:SourceAccount condition. */
    readonly accountId: pulumi.Input<string>;
    /** The stack region, for the topic policy's aws:SourceArn condition. */
    readonly region: pulumi.Input<string>;
    /** Alarm subscribers: one e-mail subscription each (each must confirm). Defaults to none. */
    readonly emails?: readonly string[];
    /** The ALB's ARN suffix (`app/<name>/<id>`): the `LoadBalancer` dimension. */
    readonly loadBalancerArnSuffix: pulumi.Input<string>;
    /** The target group's ARN suffix (`targetgroup/<name>/<id>`): the `TargetGroup` dimension. */
    readonly targetGroupArnSuffix: pulumi.Input<string>;
    /** The ECS cluster name. */
    readonly clusterName: pulumi.Input<string>;
    /** The ECS service name. */
    readonly serviceName: pulumi.Input<string>;
    /** The RDS instance identifier. */
    readonly databaseInstanceIdentifier: pulumi.Input<string>;
    /** RDS allocated storage in GiB (plain: it sets a threshold). */
    readonly databaseAllocatedStorageGib: number;
    /** The database's max_connections as configured (plain: it sets a threshold). */
    readonly databaseMaxConnections: number;
    /**
     * The cache's mode: `node` creates the Memcached CPU and Evictions alarms and needs
     * `cacheClusterId`; `serverless` creates the serverless alarms and needs `serverlessCache`.
     */
    readonly cacheMode: CacheMode;
    /** The node-based cluster id (`CacheClusterId`); required in node mode, unset in serverless. */
    readonly cacheClusterId?: pulumi.Input<string>;
    /** Overrides of {@link ALARM_THRESHOLD_DEFAULTS}. Defaults to those. */
    readonly thresholds?: Partial<AlarmThresholds>;
    /**
     * Serverless mode: the cache's name (the `clusterId` dimension) and usage limits, for the four
     * serverless cache alarms. Required in serverless mode, not allowed in node mode.
     */
    readonly serverlessCache?: ServerlessCacheLimits & { readonly name: pulumi.Input<string> };
    /**
     * Lets EventBridge rules publish to the topic (GuardDuty findings). The stack key must then
     * admit EventBridge too (`StackKeyArgs.eventBridgeTopics`). Defaults to false.
     */
    readonly eventBridgePublish?: boolean;
}

/** Checks the plain args; throws the first problem with a message naming the arg. */
export function validateAlarmsArgs(args: AlarmsArgs): void {
    if (args.cacheMode === "node" && args.cacheClusterId === undefined) {
        throw new Error("Alarms `cacheClusterId` must be set when `cacheMode` is node.");
    }
    if (args.cacheMode === "serverless" && args.cacheClusterId !== undefined) {
        throw new Error("Alarms `cacheClusterId` applies only when `cacheMode` is node.");
    }
    if (args.cacheMode === "node" && args.serverlessCache !== undefined) {
        throw new Error("Alarms `serverlessCache` applies only when `cacheMode` is serverless.");
    }
    if (args.cacheMode === "serverless" && args.serverlessCache === undefined) {
        throw new Error(
            "Alarms `serverlessCache` must be set when `cacheMode` is serverless (the cache's usage limits set its alarm thresholds).",
        );
    }
    validateEmails(args.emails ?? []);
}

/** Checks alarm e-mail addresses; the message names `owner` (the component). */
export function validateEmails(emails: readonly string[], owner = "Alarms"): void {
    const seen = new Map<string, string>();
    for (const email of emails) {
        if (!EMAIL_PATTERN.test(email)) {
            throw new Error(`${owner} \`emails\` must hold e-mail addresses, got \`${email}\`.`);
        }
        const lower = email.toLowerCase();
        if (seen.has(lower)) {
            throw new Error(
                `${owner} \`emails\` must not repeat an address, got \`${email}\` twice.`,
            );
        }
        seen.set(lower, email);
    }
    const keys = new Set(emails.map(emailKey));
    if (keys.size !== emails.length) {
        // Eight hex digits for at most a few addresses: practically never; fail loudly if it does.
        throw new Error(
            `${owner} \`emails\` contain two addresses whose short hashes collide; rename one.`,
        );
    }
}

/** The SNS topic (KMS-encrypted, CloudWatch-only), its e-mail subscriptions and the alarms. */
export class Alarms extends pulumi.ComponentResource {
    /** The SNS topic the alarms notify (subscribe other endpoints to it). */
    public readonly topicArn: pulumi.Output<string>;
    /** The alarm names, in {@link alarmDefinitions} order. */
    public readonly alarmNames: pulumi.Output<string[]>;
    /** The resolved thresholds (defaults plus overrides): the dashboard draws these lines. */
    public readonly thresholds: AlarmThresholds;

    /**
     * @param name The _unique_ name of this component.
     * @param args The monitored resources, subscribers and thresholds.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: AlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:ops:Alarms", name, {}, opts);
        validateAlarmsArgs(args);
        const definitions = alarmDefinitions({
            cacheMode: args.cacheMode,
            databaseAllocatedStorageGib: args.databaseAllocatedStorageGib,
            databaseMaxConnections: args.databaseMaxConnections,
            thresholds: args.thresholds,
            serverlessCache: args.serverlessCache,
        });
        this.thresholds = resolveThresholds(args.thresholds);

        const topic = alarmTopic(this, name, {
            kmsKeyArn: args.kmsKeyArn,
            accountId: args.accountId,
            region: args.region,
            eventBridge: args.eventBridgePublish,
            emails: args.emails,
        });

        const dimensionValues: Record<DimensionKey, pulumi.Input<string> | undefined> = {
            LoadBalancer: args.loadBalancerArnSuffix,
            TargetGroup: args.targetGroupArnSuffix,
            ClusterName: args.clusterName,
            ServiceName: args.serviceName,
            DBInstanceIdentifier: args.databaseInstanceIdentifier,
            CacheClusterId: args.cacheClusterId,
            clusterId: args.serverlessCache?.name,
        };
        const alarms = definitions.map((d) =>
            createAlarm(this, name, d, { topicArn: topic.arn, dimensions: dimensionValues }),
        );

        this.topicArn = topic.arn;
        this.alarmNames = pulumi.all(alarms.map((a) => a.name));
        this.registerOutputs({ topicArn: this.topicArn, alarmNames: this.alarmNames });
    }
}
