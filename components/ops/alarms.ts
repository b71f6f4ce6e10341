/**
 * Alarms: the stack's CloudWatch alarms and the KMS-encrypted SNS topic they notify.
 *
 * Every alarm notifies the topic when it fires AND when it clears (alarmActions + okActions), so
 * a subscriber sees both ends of an incident. The topic admits publishes only from CloudWatch
 * alarms of this account and region, and only over TLS. Each address in `emails` gets an e-mail
 * subscription, which AWS keeps "pending confirmation" until the recipient clicks the link.
 *
 * The alarm list itself is data ({@link alarmDefinitions}), so tests and docs/operations.md can
 * list exactly what is watched without creating resources.
 *
 * Cache alarms exist only for a node-based Memcached cluster (CPUUtilization and Evictions per
 * `CacheClusterId`). A serverless cache has no host CPU metric and scales itself within its usage
 * limits; its signals (ThrottledCmds, Evictions, ElastiCacheProcessingUnits against the ECPU
 * limit, BytesUsedForCache against the storage limit) are reported under a different dimension
 * and are not alarmed here: see {@link AlarmsArgs.cacheMode}.
 */
import { createHash } from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CacheMode } from "../data/cacheCluster";

/** CloudWatch's comparison operators for static thresholds. */
export type ComparisonOperator =
    | "GreaterThanOrEqualToThreshold"
    | "GreaterThanThreshold"
    | "LessThanThreshold"
    | "LessThanOrEqualToThreshold";

/** How an alarm treats a period without data points. */
export type TreatMissingData = "missing" | "ignore" | "breaching" | "notBreaching";

/** The metric dimensions the alarms use; {@link Alarms} maps each to an input. */
export type DimensionKey =
    | "LoadBalancer"
    | "TargetGroup"
    | "ClusterName"
    | "ServiceName"
    | "DBInstanceIdentifier"
    | "CacheClusterId";

/** One alarm, as data: what is measured, how, and when it fires. */
export interface AlarmDefinition {
    /** Stable short id; the alarm's logical name is `<component name>-<key>`. */
    readonly key: string;
    /** What the alarm means, for the alarm description and the docs. */
    readonly description: string;
    readonly namespace: string;
    readonly metric: string;
    /** A simple statistic; exactly one of `statistic` and `extendedStatistic` is set. */
    readonly statistic?: "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount";
    /** A percentile such as `p95`. */
    readonly extendedStatistic?: string;
    /** In the metric's own unit (seconds, percent, bytes, count). */
    readonly threshold: number;
    readonly comparison: ComparisonOperator;
    /** Seconds per data point. */
    readonly period: number;
    readonly evaluationPeriods: number;
    /** Breaching data points out of `evaluationPeriods` needed to fire. */
    readonly datapointsToAlarm: number;
    readonly treatMissingData: TreatMissingData;
    /** Why `treatMissingData` is what it is. */
    readonly missingDataReason: string;
    readonly dimensions: readonly DimensionKey[];
}

/** Thresholds of the alarms; every field has a default in {@link ALARM_THRESHOLD_DEFAULTS}. */
export interface AlarmThresholds {
    /** 5xx responses per 5 minutes, from the targets and from the ALB itself (each alarm). */
    readonly http5xxPer5Minutes: number;
    /** p95 of TargetResponseTime, seconds. */
    readonly responseTimeP95Seconds: number;
    /** ECS service average CPU, percent of the task's reservation. */
    readonly serviceCpuPercent: number;
    /** ECS service average memory, percent of the task's reservation. */
    readonly serviceMemoryPercent: number;
    /** RDS CPU, percent. */
    readonly databaseCpuPercent: number;
    /** RDS free storage below this percent of the allocated storage fires. */
    readonly databaseFreeStoragePercent: number;
    /** RDS connections above this percent of max_connections fires. */
    readonly databaseConnectionsPercent: number;
    /** Memcached CPU, percent (node mode). */
    readonly cacheCpuPercent: number;
    /** Memcached evictions per 5 minutes (node mode). */
    readonly cacheEvictionsPer5Minutes: number;
}

/**
 * Default thresholds and why. Scaling targets CPU 70 %, so 85 % sustained for 15 minutes means
 * autoscaling is at its maximum or cannot keep up. Memcached is multi-threaded: AWS suggests
 * alarming at 90 % of its CPU. Evictions are normal for a full LRU cache; a sustained 1,000 per
 * 5 minutes means the working set no longer fits and the node type is too small.
 */
export const ALARM_THRESHOLD_DEFAULTS: AlarmThresholds = {
    http5xxPer5Minutes: 10,
    responseTimeP95Seconds: 1,
    serviceCpuPercent: 85,
    serviceMemoryPercent: 85,
    databaseCpuPercent: 80,
    databaseFreeStoragePercent: 10,
    databaseConnectionsPercent: 80,
    cacheCpuPercent: 90,
    cacheEvictionsPer5Minutes: 1000,
};

/** Bytes per GiB, for FreeStorageSpace (reported in bytes). */
const GIB = 1024 ** 3;

const PERCENT_KEYS: readonly (keyof AlarmThresholds)[] = [
    "serviceCpuPercent",
    "serviceMemoryPercent",
    "databaseCpuPercent",
    "databaseFreeStoragePercent",
    "databaseConnectionsPercent",
    "cacheCpuPercent",
];

/** What decides the alarm list: plain values only. */
export interface AlarmDefinitionOptions {
    /** Whether the cache alarms exist: only for `node`. */
    readonly cacheMode: CacheMode;
    /** RDS allocated storage in GiB (the free-storage threshold is a percent of it). */
    readonly databaseAllocatedStorageGib: number;
    /** The database's max_connections (the connections threshold is a percent of it). */
    readonly databaseMaxConnections: number;
    /** Overrides of {@link ALARM_THRESHOLD_DEFAULTS}. */
    readonly thresholds?: Partial<AlarmThresholds>;
}

/** The thresholds with defaults applied; throws naming the first invalid one. */
export function resolveThresholds(overrides: Partial<AlarmThresholds> = {}): AlarmThresholds {
    const t: AlarmThresholds = { ...ALARM_THRESHOLD_DEFAULTS, ...overrides };
    for (const [key, value] of Object.entries(t) as [keyof AlarmThresholds, number][]) {
        if (!Number.isFinite(value) || value <= 0) {
            throw new Error(
                `Alarms \`thresholds.${key}\` must be a positive number, got ${value}.`,
            );
        }
        if (PERCENT_KEYS.includes(key) && value > 100) {
            throw new Error(
                `Alarms \`thresholds.${key}\` must be a percent from 0 to 100, got ${value}.`,
            );
        }
    }
    return t;
}

function checkInt(value: number, key: string, min: number): void {
    if (!Number.isInteger(value) || value < min) {
        throw new Error(`Alarms \`${key}\` must be an integer of at least ${min}, got ${value}.`);
    }
}

/**
 * Every alarm the stack creates, in creation order: ALB, ECS service, RDS, then (node mode only)
 * Memcached. Pure: the same options give the same list.
 */
export function alarmDefinitions(options: AlarmDefinitionOptions): AlarmDefinition[] {
    if (options.cacheMode !== "node" && options.cacheMode !== "serverless") {
        throw new Error(
            `Alarms \`cacheMode\` must be node or serverless, got \`${String(options.cacheMode)}\`.`,
        );
    }
    checkInt(options.databaseAllocatedStorageGib, "databaseAllocatedStorageGib", 1);
    checkInt(options.databaseMaxConnections, "databaseMaxConnections", 1);
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

    const list: AlarmDefinition[] = [
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
            },
        );
    }
    return list;
}

/**
 * The topic policy: CloudWatch alarms of this account and region may publish; nobody may publish
 * without TLS. Same-account IAM principals keep what their own IAM policies grant.
 */
export function alarmTopicPolicy(topicArn: string, accountId: string, region: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudWatchAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                // Confused-deputy guard: only alarms of this account (and region) may publish.
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: {
                        "aws:SourceArn": `arn:aws:cloudwatch:${region}:${accountId}:alarm:*`,
                    },
                },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

/** A short stable hash of an e-mail address, for the subscription's logical name. */
export function emailKey(email: string): string {
    return createHash("sha256").update(email).digest("hex").slice(0, 8);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
     * `cacheClusterId`; `serverless` creates no cache alarm (no host CPU metric, and its
     * throttling and limit metrics use a different dimension).
     */
    readonly cacheMode: CacheMode;
    /** The node-based cluster id (`CacheClusterId`); required in node mode, unset in serverless. */
    readonly cacheClusterId?: pulumi.Input<string>;
    /** Overrides of {@link ALARM_THRESHOLD_DEFAULTS}. Defaults to those. */
    readonly thresholds?: Partial<AlarmThresholds>;
}

/** Checks the plain args; throws the first problem with a message naming the arg. */
export function validateAlarmsArgs(args: AlarmsArgs): void {
    if (args.cacheMode === "node" && args.cacheClusterId === undefined) {
        throw new Error("Alarms `cacheClusterId` must be set when `cacheMode` is node.");
    }
    if (args.cacheMode === "serverless" && args.cacheClusterId !== undefined) {
        throw new Error("Alarms `cacheClusterId` applies only when `cacheMode` is node.");
    }
    const seen = new Map<string, string>();
    for (const email of args.emails ?? []) {
        if (!EMAIL.test(email)) {
            throw new Error(`Alarms \`emails\` must hold e-mail addresses, got \`${email}\`.`);
        }
        const lower = email.toLowerCase();
        if (seen.has(lower)) {
            throw new Error(
                `Alarms \`emails\` must not repeat an address, got \`${email}\` twice.`,
            );
        }
        seen.set(lower, email);
    }
    const keys = new Set((args.emails ?? []).map(emailKey));
    if (keys.size !== (args.emails ?? []).length) {
        // Eight hex digits for at most a few addresses: practically never; fail loudly if it does.
        throw new Error(
            "Alarms `emails` contain two addresses whose short hashes collide; rename one.",
        );
    }
}

/** The SNS topic (KMS-encrypted, CloudWatch-only), its e-mail subscriptions and the alarms. */
export class Alarms extends pulumi.ComponentResource {
    /** The SNS topic the alarms notify (subscribe other endpoints to it). */
    public readonly topicArn: pulumi.Output<string>;
    /** The alarm names, in {@link alarmDefinitions} order. */
    public readonly alarmNames: pulumi.Output<string[]>;

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
        });
        const parent = { parent: this };

        const topic = new aws.sns.Topic(
            `${name}-topic`,
            { kmsMasterKeyId: args.kmsKeyArn },
            parent,
        );
        new aws.sns.TopicPolicy(
            `${name}-topic-policy`,
            {
                arn: topic.arn,
                policy: pulumi
                    .all([topic.arn, args.accountId, args.region])
                    .apply(([arn, accountId, region]) => alarmTopicPolicy(arn, accountId, region)),
            },
            parent,
        );
        for (const email of args.emails ?? []) {
            // Named by a hash of the address, so removing one address leaves the others untouched.
            new aws.sns.TopicSubscription(
                `${name}-email-${emailKey(email)}`,
                { topic: topic.arn, protocol: "email", endpoint: email },
                parent,
            );
        }

        const dimensionValues: Record<DimensionKey, pulumi.Input<string> | undefined> = {
            LoadBalancer: args.loadBalancerArnSuffix,
            TargetGroup: args.targetGroupArnSuffix,
            ClusterName: args.clusterName,
            ServiceName: args.serviceName,
            DBInstanceIdentifier: args.databaseInstanceIdentifier,
            CacheClusterId: args.cacheClusterId,
        };
        const alarms = definitions.map(
            (d) =>
                new aws.cloudwatch.MetricAlarm(
                    `${name}-${d.key}`,
                    {
                        alarmDescription: d.description,
                        namespace: d.namespace,
                        metricName: d.metric,
                        statistic: d.statistic,
                        extendedStatistic: d.extendedStatistic,
                        // A percentile over a handful of requests is noise: keep the state instead.
                        evaluateLowSampleCountPercentiles: d.extendedStatistic
                            ? "ignore"
                            : undefined,
                        threshold: d.threshold,
                        comparisonOperator: d.comparison,
                        period: d.period,
                        evaluationPeriods: d.evaluationPeriods,
                        datapointsToAlarm: d.datapointsToAlarm,
                        treatMissingData: d.treatMissingData,
                        dimensions: Object.fromEntries(
                            d.dimensions.map((k) => [
                                k,
                                dimensionValues[k] as pulumi.Input<string>,
                            ]),
                        ),
                        alarmActions: [topic.arn],
                        okActions: [topic.arn],
                    },
                    parent,
                ),
        );

        this.topicArn = topic.arn;
        this.alarmNames = pulumi.all(alarms.map((a) => a.name));
        this.registerOutputs({ topicArn: this.topicArn, alarmNames: this.alarmNames });
    }
}
