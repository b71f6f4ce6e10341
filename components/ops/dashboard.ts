/**
 * Dashboard: the one CloudWatch dashboard the on-call person opens first, laid out top-down as a
 * request travels: Edge (CloudFront and WAF, us-east-1), ALB, ECS, RDS, Cache.
 *
 * Every threshold line is read from the alarm definitions themselves ({@link alarmDefinitions},
 * {@link edgeAlarmDefinitions}) given the same options the alarms get, so a line on a graph is the
 * line the alarm fires at; targets that are not alarms (the 70 % scaling target, the database's
 * max_connections) come in as args from the same settings the service and database use.
 *
 * Body format (widgets on a 24-column grid, metric rows `[namespace, metric, dim, value, …,
 * {options}]`, `annotations.horizontal`, per-widget `region`):
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 * CloudFront-scope WAF metrics are in us-east-1 with dimensions WebACL and Rule (no Region):
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { EDGE_REGION } from "../edge/webAcl";
import { AlarmDefinitionOptions, alarmDefinitions } from "./alarms";
import {
    CLOUDFRONT_NAMESPACE,
    CLOUDFRONT_REGION_DIMENSION,
    edgeAlarmDefinitions,
} from "./edgeMonitoring";
import { EdgeThresholds, resolveEdgeThresholds, resolveThresholds } from "./thresholds";

/** Line colours: alarm thresholds red, targets green, hard limits grey. */
export const COLORS = { alarm: "#d62728", target: "#2ca02c", limit: "#7f7f7f" } as const;

type MetricRow = (string | Record<string, unknown>)[];
interface Line {
    label: string;
    value: number;
    color: string;
}
export interface Widget {
    type: "metric" | "text";
    x: number;
    y: number;
    width: number;
    height: number;
    properties: Record<string, unknown>;
}

/** Plain, resolved values the body is built from. */
export interface DashboardValues {
    /** The stack's region (ALB, ECS, RDS, cache widgets). */
    readonly region: string;
    readonly distributionId: string;
    /** The web ACL's CloudWatch metric name and its rules' metric names. */
    readonly webAclMetricName: string;
    readonly webAclRuleMetricNames: readonly string[];
    readonly loadBalancerArnSuffix: string;
    readonly targetGroupArnSuffix: string;
    readonly clusterName: string;
    readonly serviceName: string;
    readonly databaseInstanceIdentifier: string;
    /** Node mode: the CacheClusterId; serverless: the cache name (`clusterId`). */
    readonly cacheId: string;
    /** The regional alarms' options, exactly as given to Alarms. */
    readonly alarmOptions: AlarmDefinitionOptions;
    /** The CloudFront alarms' options, exactly as given to EdgeMonitoring. */
    readonly edgeOptions: {
        readonly additionalMetrics: boolean;
        readonly thresholds?: Partial<EdgeThresholds>;
    };
    /** The service's target-tracking CPU target, percent (service.cpuTarget). */
    readonly cpuTarget: number;
}

const ROW = 6;

function line(label: string, value: number, color: string): Line {
    return { label, value, color };
}

function metric(
    x: number,
    y: number,
    width: number,
    title: string,
    region: string,
    metrics: MetricRow[],
    extra: Record<string, unknown> = {},
    lines: Line[] = [],
): Widget {
    return {
        type: "metric",
        x,
        y,
        width,
        height: ROW,
        properties: {
            title,
            region,
            view: "timeSeries",
            stacked: false,
            period: 300,
            metrics,
            ...(lines.length > 0 ? { annotations: { horizontal: lines } } : {}),
            ...extra,
        },
    };
}

function text(y: number, markdown: string): Widget {
    return { type: "text", x: 0, y, width: 24, height: 1, properties: { markdown } };
}

/** The dashboard body; pure, so tests and the synth output can read it. */
export function dashboardBody(v: DashboardValues): {
    start: string;
    periodOverride: string;
    widgets: Widget[];
} {
    const alarms = new Map(alarmDefinitions(v.alarmOptions).map((d) => [d.key, d.threshold]));
    const edge = new Map(edgeAlarmDefinitions(v.edgeOptions).map((d) => [d.key, d.threshold]));
    const t = resolveThresholds(v.alarmOptions.thresholds);
    const hitTarget = resolveEdgeThresholds(v.edgeOptions.thresholds).cacheHitRatePercent;
    const alarmLine = (key: string, label: string): Line[] =>
        alarms.has(key) ? [line(label, alarms.get(key)!, COLORS.alarm)] : [];

    const cf = (name: string, options: Record<string, unknown> = {}): MetricRow => [
        CLOUDFRONT_NAMESPACE,
        name,
        "DistributionId",
        v.distributionId,
        "Region",
        CLOUDFRONT_REGION_DIMENSION,
        ...(Object.keys(options).length > 0 ? [options] : []),
    ];
    const waf = (name: string, rule: string, options: Record<string, unknown>): MetricRow => [
        "AWS/WAFV2",
        name,
        "WebACL",
        v.webAclMetricName,
        "Rule",
        rule,
        options,
    ];
    const lb = (name: string, options: Record<string, unknown>): MetricRow => [
        "AWS/ApplicationELB",
        name,
        "LoadBalancer",
        v.loadBalancerArnSuffix,
        options,
    ];
    const tg = (name: string, options: Record<string, unknown>): MetricRow => [
        "AWS/ApplicationELB",
        name,
        "LoadBalancer",
        v.loadBalancerArnSuffix,
        "TargetGroup",
        v.targetGroupArnSuffix,
        options,
    ];
    const svc = (ns: string, name: string, options: Record<string, unknown>): MetricRow => [
        ns,
        name,
        "ClusterName",
        v.clusterName,
        "ServiceName",
        v.serviceName,
        options,
    ];
    const db = (name: string, options: Record<string, unknown>): MetricRow => [
        "AWS/RDS",
        name,
        "DBInstanceIdentifier",
        v.databaseInstanceIdentifier,
        options,
    ];
    const serverless = v.alarmOptions.cacheMode === "serverless";
    const cacheDim = serverless ? "clusterId" : "CacheClusterId";
    const cache = (name: string, options: Record<string, unknown>): MetricRow => [
        "AWS/ElastiCache",
        name,
        cacheDim,
        v.cacheId,
        options,
    ];

    const w: Widget[] = [];
    let y = 0;

    // Edge.
    w.push(
        text(
            y,
            `## Edge: CloudFront and WAF (${EDGE_REGION}) | KPI: cache hit rate ≥ ${hitTarget} % | alarms: docs/operations.md`,
        ),
    );
    y += 1;
    w.push(
        metric(0, y, 6, "Requests", EDGE_REGION, [cf("Requests", { label: "Requests" })], {
            stat: "Sum",
        }),
    );
    if (v.edgeOptions.additionalMetrics) {
        w.push(
            metric(
                6,
                y,
                6,
                "Cache hit rate (%)",
                EDGE_REGION,
                [cf("CacheHitRate", { label: "Cache hit %" })],
                { stat: "Average", yAxis: { left: { min: 0, max: 100 } } },
                [line(`Target ${hitTarget} %`, hitTarget, COLORS.target)],
            ),
        );
    } else {
        w.push({
            type: "text",
            x: 6,
            y,
            width: 6,
            height: ROW,
            properties: {
                markdown:
                    "CloudFront additional metrics are off for this stack: no cache hit rate or origin latency (setting `monitoring.cloudfrontAdditionalMetrics`).",
            },
        });
    }
    w.push(
        metric(
            12,
            y,
            6,
            "Error rates (% of requests)",
            EDGE_REGION,
            [cf("4xxErrorRate", { label: "4xx %" }), cf("5xxErrorRate", { label: "5xx %" })],
            { stat: "Average" },
            [line(`5xx alarm ${edge.get("5xx-rate")} %`, edge.get("5xx-rate")!, COLORS.alarm)],
        ),
    );
    if (v.edgeOptions.additionalMetrics) {
        const latency = edge.get("origin-latency-p90")!;
        w.push(
            metric(
                18,
                y,
                6,
                "Origin latency p90 (ms)",
                EDGE_REGION,
                [cf("OriginLatency", { label: "p90", stat: "p90" })],
                { stat: "p90" },
                [line(`Alarm ${latency} ms`, latency, COLORS.alarm)],
            ),
        );
    }
    y += ROW;
    w.push(
        metric(
            0,
            y,
            12,
            "WAF: allowed vs blocked",
            EDGE_REGION,
            [
                waf("AllowedRequests", "ALL", { label: "Allowed" }),
                waf("BlockedRequests", "ALL", { label: "Blocked", color: COLORS.alarm }),
            ],
            { stat: "Sum" },
        ),
        metric(
            12,
            y,
            12,
            "WAF: blocked by rule",
            EDGE_REGION,
            v.webAclRuleMetricNames.map((r) => waf("BlockedRequests", r, { label: r })),
            { stat: "Sum", stacked: true },
        ),
    );
    y += ROW;

    // ALB.
    w.push(text(y, `## ALB (${v.region})`));
    y += 1;
    const p95 = alarms.get("alb-response-time-p95")!;
    w.push(
        // ActiveConnectionCount: concurrent client connections to the ALB; its useful statistic
        // is Sum (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html).
        metric(
            0,
            y,
            6,
            "Requests and active connections",
            v.region,
            [
                lb("RequestCount", { label: "Requests" }),
                lb("ActiveConnectionCount", { label: "Active connections", yAxis: "right" }),
            ],
            { stat: "Sum" },
        ),
        metric(
            6,
            y,
            6,
            "Target response time p95 (s)",
            v.region,
            [tg("TargetResponseTime", { label: "p95", stat: "p95" })],
            { stat: "p95", period: 60 },
            [line(`Goal and alarm ${p95} s`, p95, COLORS.alarm)],
        ),
        metric(
            12,
            y,
            6,
            "5xx per 5 minutes",
            v.region,
            [
                lb("HTTPCode_Target_5XX_Count", { label: "From tasks" }),
                lb("HTTPCode_ELB_5XX_Count", { label: "From the ALB" }),
            ],
            { stat: "Sum" },
            alarmLine("alb-target-5xx", `Alarm ${alarms.get("alb-target-5xx")}`),
        ),
        metric(
            18,
            y,
            6,
            "Targets",
            v.region,
            [
                tg("HealthyHostCount", { label: "Healthy", stat: "Minimum" }),
                tg("UnHealthyHostCount", {
                    label: "Unhealthy",
                    stat: "Maximum",
                    color: COLORS.alarm,
                }),
            ],
            { period: 60 },
            alarmLine("alb-no-healthy-hosts", "Site down below"),
        ),
    );
    y += ROW;

    // ECS.
    w.push(text(y, `## ECS service (${v.region})`));
    y += 1;
    const target = line(`Scaling target ${v.cpuTarget} %`, v.cpuTarget, COLORS.target);
    const percentAxis = { yAxis: { left: { min: 0, max: 100 } } };
    w.push(
        metric(
            0,
            y,
            8,
            "Tasks: running vs desired",
            v.region,
            [
                svc("ECS/ContainerInsights", "RunningTaskCount", { label: "Running" }),
                svc("ECS/ContainerInsights", "DesiredTaskCount", { label: "Desired" }),
            ],
            { stat: "Average", period: 60 },
        ),
        metric(
            8,
            y,
            8,
            "CPU (% of reservation)",
            v.region,
            [svc("AWS/ECS", "CPUUtilization", { label: "CPU" })],
            { stat: "Average", ...percentAxis },
            [target, ...alarmLine("service-cpu", `Alarm ${alarms.get("service-cpu")} %`)],
        ),
        metric(
            16,
            y,
            8,
            "Memory (% of reservation)",
            v.region,
            [svc("AWS/ECS", "MemoryUtilization", { label: "Memory" })],
            { stat: "Average", ...percentAxis },
            [target, ...alarmLine("service-memory", `Alarm ${alarms.get("service-memory")} %`)],
        ),
    );
    y += ROW;

    // RDS.
    w.push(text(y, `## RDS (${v.region})`));
    y += 1;
    w.push(
        metric(
            0,
            y,
            6,
            "CPU (%)",
            v.region,
            [db("CPUUtilization", { label: "CPU" })],
            { stat: "Average", ...percentAxis },
            alarmLine("db-cpu", `Alarm ${alarms.get("db-cpu")} %`),
        ),
        metric(
            6,
            y,
            6,
            "Connections",
            v.region,
            [db("DatabaseConnections", { label: "Connections" })],
            { stat: "Maximum" },
            [
                line(
                    `max_connections ${v.alarmOptions.databaseMaxConnections}`,
                    v.alarmOptions.databaseMaxConnections,
                    COLORS.limit,
                ),
                ...alarmLine("db-connections", `Alarm ${alarms.get("db-connections")}`),
            ],
        ),
        metric(
            12,
            y,
            6,
            "Free storage (bytes)",
            v.region,
            [db("FreeStorageSpace", { label: "Free" })],
            { stat: "Minimum" },
            alarmLine("db-free-storage", `Alarm ${t.databaseFreeStoragePercent} % free`),
        ),
        metric(
            18,
            y,
            6,
            "Read / write latency (s)",
            v.region,
            [db("ReadLatency", { label: "Read" }), db("WriteLatency", { label: "Write" })],
            { stat: "Average" },
        ),
    );
    y += ROW;

    // Cache.
    w.push(text(y, `## Cache: Memcached ${serverless ? "serverless" : "nodes"} (${v.region})`));
    y += 1;
    const hitRatio = metric(
        0,
        y,
        6,
        "Hit ratio (%)",
        v.region,
        [
            [{ expression: "100*hits/(hits+misses)", label: "Hit %", id: "ratio" }],
            cache("GetHits", { id: "hits", visible: false }),
            cache("GetMisses", { id: "misses", visible: false }),
        ],
        { stat: "Sum", ...percentAxis },
    );
    const evictions = metric(
        6,
        y,
        6,
        "Evictions per 5 minutes",
        v.region,
        [cache("Evictions", { label: "Evictions" })],
        { stat: "Sum" },
        alarmLine("cache-evictions", `Alarm ${alarms.get("cache-evictions")}`),
    );
    const connections = metric(
        18,
        y,
        6,
        "Connections",
        v.region,
        [cache("CurrConnections", { label: "Connections" })],
        { stat: "Maximum" },
    );
    if (!serverless) {
        w.push(
            hitRatio,
            evictions,
            metric(
                12,
                y,
                6,
                "CPU (%)",
                v.region,
                [cache("CPUUtilization", { label: "CPU" })],
                { stat: "Average", ...percentAxis },
                alarmLine("cache-cpu", `Alarm ${alarms.get("cache-cpu")} %`),
            ),
            connections,
        );
        y += ROW;
    } else {
        w.push(
            hitRatio,
            evictions,
            metric(
                12,
                y,
                6,
                "ECPUs per minute (no host CPU in serverless)",
                v.region,
                [cache("ElastiCacheProcessingUnits", { label: "ECPUs" })],
                { stat: "Sum", period: 60 },
                alarmLine("cache-ecpu", `Alarm ${t.serverlessEcpuPercent} % of limit`),
            ),
            connections,
        );
        y += ROW;
        w.push(
            metric(
                0,
                y,
                12,
                "Throttled commands per 5 minutes",
                v.region,
                [cache("ThrottledCmds", { label: "Throttled", color: COLORS.alarm })],
                { stat: "Sum" },
                alarmLine("cache-throttled", `Alarm ${alarms.get("cache-throttled")}`),
            ),
            metric(
                12,
                y,
                12,
                "Stored bytes",
                v.region,
                [cache("BytesUsedForCache", { label: "Bytes" })],
                { stat: "Maximum" },
                alarmLine("cache-storage", `Alarm ${t.serverlessStoragePercent} % of limit`),
            ),
        );
        y += ROW;
    }
    return { start: "-PT6H", periodOverride: "inherit", widgets: w };
}

export interface DashboardArgs {
    readonly region: string;
    readonly distributionId: pulumi.Input<string>;
    readonly webAclMetricName: string;
    readonly webAclRuleMetricNames: readonly string[];
    readonly loadBalancerArnSuffix: pulumi.Input<string>;
    readonly targetGroupArnSuffix: pulumi.Input<string>;
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
    readonly databaseInstanceIdentifier: pulumi.Input<string>;
    readonly cacheId: pulumi.Input<string>;
    readonly alarmOptions: AlarmDefinitionOptions;
    readonly edgeOptions: DashboardValues["edgeOptions"];
    readonly cpuTarget: number;
}

/** The stack's CloudWatch dashboard, named after the component. */
export class Dashboard extends pulumi.ComponentResource {
    public readonly dashboardName: pulumi.Output<string>;
    public readonly dashboardArn: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component; also the dashboard name.
     * @param args The monitored resources and the alarms' options.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: DashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:ops:Dashboard", name, {}, opts);
        // Fails here, before any child, on options the alarms would reject too.
        dashboardBody({
            ...args,
            distributionId: "",
            loadBalancerArnSuffix: "",
            targetGroupArnSuffix: "",
            clusterName: "",
            serviceName: "",
            databaseInstanceIdentifier: "",
            cacheId: "",
        });
        const body = pulumi
            .all([
                args.distributionId,
                args.loadBalancerArnSuffix,
                args.targetGroupArnSuffix,
                args.clusterName,
                args.serviceName,
                args.databaseInstanceIdentifier,
                args.cacheId,
            ])
            .apply(([distributionId, lbs, tgs, cluster, service, dbId, cacheId]) =>
                JSON.stringify(
                    dashboardBody({
                        ...args,
                        distributionId,
                        loadBalancerArnSuffix: lbs,
                        targetGroupArnSuffix: tgs,
                        clusterName: cluster,
                        serviceName: service,
                        databaseInstanceIdentifier: dbId,
                        cacheId,
                    }),
                ),
            );
        const dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            { dashboardName: name, dashboardBody: body },
            { parent: this },
        );
        this.dashboardName = dashboard.dashboardName;
        this.dashboardArn = dashboard.dashboardArn;
        this.registerOutputs({
            dashboardName: this.dashboardName,
            dashboardArn: this.dashboardArn,
        });
    }
}
