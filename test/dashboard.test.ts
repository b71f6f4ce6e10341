/**
 * Dashboard: every widget's place, title, region, metrics (namespace, metric, dimensions,
 * statistic) and threshold lines, in node mode with the additional metrics and in serverless
 * mode without them; and that the lines follow threshold overrides (one source for each value).
 */
import * as assert from "assert";
import { Dashboard, DashboardValues, dashboardBody, Widget } from "../components/ops/dashboard";
import { record } from "./harness";

const DIST = "E2QWRUHEXAMPLE";
const LB = "app/tng-prod-alb/50dc6c495c0c9188";
const TG = "targetgroup/tng-prod-tg/943f017f100becff";
const ACL = "tng-prod-edge-waf";
const RULES = [`${ACL}-RateLimitPerIp`, `${ACL}-AWSManagedRulesCommonRuleSet`];
const RED = "#d62728";
const GREEN = "#2ca02c";
const GREY = "#7f7f7f";

function values(overrides: Partial<DashboardValues> = {}): DashboardValues {
    return {
        region: "ap-northeast-1",
        distributionId: DIST,
        webAclMetricName: ACL,
        webAclRuleMetricNames: RULES,
        loadBalancerArnSuffix: LB,
        targetGroupArnSuffix: TG,
        clusterName: "tng-prod-cluster",
        serviceName: "tng-prod-service",
        databaseInstanceIdentifier: "tng-prod-db",
        cacheId: "tng-prod-cache",
        alarmOptions: {
            cacheMode: "node",
            databaseAllocatedStorageGib: 40,
            databaseMaxConnections: 1622,
        },
        edgeOptions: { additionalMetrics: true },
        cpuTarget: 70,
        ...overrides,
    };
}

/** [type, x, y, width, height, title or markdown, region, stat, period, metric rows, lines]. */
type Row = [
    string,
    number,
    number,
    number,
    number,
    string,
    string?,
    string?,
    number?,
    unknown[]?,
    unknown[]?,
];

function rows(widgets: Widget[]): Row[] {
    return widgets.map((w) => {
        const p = w.properties;
        if (w.type === "text") {
            return [w.type, w.x, w.y, w.width, w.height, p["markdown"] as string];
        }
        const annotations = p["annotations"] as { horizontal: unknown[] } | undefined;
        return [
            w.type,
            w.x,
            w.y,
            w.width,
            w.height,
            p["title"] as string,
            p["region"] as string,
            p["stat"] as string | undefined,
            p["period"] as number,
            p["metrics"] as unknown[],
            annotations?.horizontal ?? [],
        ];
    });
}

const cf = (m: string, o: object) => [
    "AWS/CloudFront",
    m,
    "DistributionId",
    DIST,
    "Region",
    "Global",
    o,
];
const waf = (m: string, r: string, o: object) => ["AWS/WAFV2", m, "WebACL", ACL, "Rule", r, o];
const lb = (m: string, o: object) => ["AWS/ApplicationELB", m, "LoadBalancer", LB, o];
const tg = (m: string, o: object) => [
    "AWS/ApplicationELB",
    m,
    "LoadBalancer",
    LB,
    "TargetGroup",
    TG,
    o,
];
const svc = (ns: string, m: string, o: object) => [
    ns,
    m,
    "ClusterName",
    "tng-prod-cluster",
    "ServiceName",
    "tng-prod-service",
    o,
];
const db = (m: string, o: object) => ["AWS/RDS", m, "DBInstanceIdentifier", "tng-prod-db", o];
const node = (m: string, o: object) => [
    "AWS/ElastiCache",
    m,
    "CacheClusterId",
    "tng-prod-cache",
    o,
];
const sls = (m: string, o: object) => ["AWS/ElastiCache", m, "clusterId", "tng-prod-cache", o];
const l = (label: string, value: number, color: string) => ({ label, value, color });
const E = "us-east-1";
const R = "ap-northeast-1";

// prettier-ignore
const EDGE_ROWS: Row[] = [
    ["text", 0, 0, 24, 1, "## Edge: CloudFront and WAF (us-east-1) | KPI: cache hit rate ≥ 80 % | alarms: docs/operations.md"],
    ["metric", 0, 1, 6, 6, "Requests", E, "Sum", 300, [cf("Requests", { label: "Requests" })], []],
    ["metric", 6, 1, 6, 6, "Cache hit rate (%)", E, "Average", 300, [cf("CacheHitRate", { label: "Cache hit %" })], [l("Target 80 %", 80, GREEN)]],
    ["metric", 12, 1, 6, 6, "Error rates (% of requests)", E, "Average", 300, [cf("4xxErrorRate", { label: "4xx %" }), cf("5xxErrorRate", { label: "5xx %" })], [l("5xx alarm 1 %", 1, RED)]],
    ["metric", 18, 1, 6, 6, "Origin latency p90 (ms)", E, "p90", 300, [cf("OriginLatency", { label: "p90", stat: "p90" })], [l("Alarm 1000 ms", 1000, RED)]],
    ["metric", 0, 7, 12, 6, "WAF: allowed vs blocked", E, "Sum", 300, [waf("AllowedRequests", "ALL", { label: "Allowed" }), waf("BlockedRequests", "ALL", { label: "Blocked", color: RED })], []],
    ["metric", 12, 7, 12, 6, "WAF: blocked by rule", E, "Sum", 300, RULES.map((r) => waf("BlockedRequests", r, { label: r })), []],
];
// prettier-ignore
const MIDDLE_ROWS: Row[] = [
    ["text", 0, 13, 24, 1, "## ALB (ap-northeast-1)"],
    ["metric", 0, 14, 6, 6, "Requests and active connections", R, "Sum", 300, [lb("RequestCount", { label: "Requests" }), lb("ActiveConnectionCount", { label: "Active connections", yAxis: "right" })], []],
    ["metric", 6, 14, 6, 6, "Target response time p95 (s)", R, "p95", 60, [tg("TargetResponseTime", { label: "p95", stat: "p95" })], [l("Goal and alarm 1 s", 1, RED)]],
    ["metric", 12, 14, 6, 6, "5xx per 5 minutes", R, "Sum", 300, [lb("HTTPCode_Target_5XX_Count", { label: "From tasks" }), lb("HTTPCode_ELB_5XX_Count", { label: "From the ALB" })], [l("Alarm 10", 10, RED)]],
    ["metric", 18, 14, 6, 6, "Targets", R, undefined, 60, [tg("HealthyHostCount", { label: "Healthy", stat: "Minimum" }), tg("UnHealthyHostCount", { label: "Unhealthy", stat: "Maximum", color: RED })], [l("Site down below", 1, RED)]],
    ["text", 0, 20, 24, 1, "## ECS service (ap-northeast-1)"],
    ["metric", 0, 21, 8, 6, "Tasks: running vs desired", R, "Average", 60, [svc("ECS/ContainerInsights", "RunningTaskCount", { label: "Running" }), svc("ECS/ContainerInsights", "DesiredTaskCount", { label: "Desired" })], []],
    ["metric", 8, 21, 8, 6, "CPU (% of reservation)", R, "Average", 300, [svc("AWS/ECS", "CPUUtilization", { label: "CPU" })], [l("Scaling target 70 %", 70, GREEN), l("Alarm 85 %", 85, RED)]],
    ["metric", 16, 21, 8, 6, "Memory (% of reservation)", R, "Average", 300, [svc("AWS/ECS", "MemoryUtilization", { label: "Memory" })], [l("Scaling target 70 %", 70, GREEN), l("Alarm 85 %", 85, RED)]],
    ["text", 0, 27, 24, 1, "## RDS (ap-northeast-1)"],
    ["metric", 0, 28, 6, 6, "CPU (%)", R, "Average", 300, [db("CPUUtilization", { label: "CPU" })], [l("Alarm 80 %", 80, RED)]],
    // floor(80 % of 1622) = 1297.
    ["metric", 6, 28, 6, 6, "Connections", R, "Maximum", 300, [db("DatabaseConnections", { label: "Connections" })], [l("max_connections 1622", 1622, GREY), l("Alarm 1297", 1297, RED)]],
    // 10 % of 40 GiB in bytes.
    ["metric", 12, 28, 6, 6, "Free storage (bytes)", R, "Minimum", 300, [db("FreeStorageSpace", { label: "Free" })], [l("Alarm 10 % free", 4294967296, RED)]],
    ["metric", 18, 28, 6, 6, "Read / write latency (s)", R, "Average", 300, [db("ReadLatency", { label: "Read" }), db("WriteLatency", { label: "Write" })], []],
];
const hitMath = (c: typeof node) => [
    [{ expression: "100*hits/(hits+misses)", label: "Hit %", id: "ratio" }],
    c("GetHits", { id: "hits", visible: false }),
    c("GetMisses", { id: "misses", visible: false }),
];
// prettier-ignore
const NODE_CACHE_ROWS: Row[] = [
    ["text", 0, 34, 24, 1, "## Cache: Memcached nodes (ap-northeast-1)"],
    ["metric", 0, 35, 6, 6, "Hit ratio (%)", R, "Sum", 300, hitMath(node), []],
    ["metric", 6, 35, 6, 6, "Evictions per 5 minutes", R, "Sum", 300, [node("Evictions", { label: "Evictions" })], [l("Alarm 1000", 1000, RED)]],
    ["metric", 12, 35, 6, 6, "CPU (%)", R, "Average", 300, [node("CPUUtilization", { label: "CPU" })], [l("Alarm 90 %", 90, RED)]],
    ["metric", 18, 35, 6, 6, "Connections", R, "Maximum", 300, [node("CurrConnections", { label: "Connections" })], []],
];

describe("dashboardBody (node cache, additional metrics)", () => {
    const body = dashboardBody(values());

    it("opens on the last 6 hours with the widgets' own periods", () => {
        assert.strictEqual(body.start, "-PT6H");
        assert.strictEqual(body.periodOverride, "inherit");
    });

    it("lays out Edge, ALB, ECS, RDS and Cache with the alarms' lines", () => {
        assert.deepStrictEqual(rows(body.widgets), [
            ...EDGE_ROWS,
            ...MIDDLE_ROWS,
            ...NODE_CACHE_ROWS,
        ]);
    });

    it("keeps percent graphs on a 0–100 axis and stacks the WAF rules", () => {
        const byTitle = new Map(body.widgets.map((w) => [w.properties["title"], w.properties]));
        for (const title of [
            "Cache hit rate (%)",
            "CPU (% of reservation)",
            "Memory (% of reservation)",
            "CPU (%)",
            "Hit ratio (%)",
        ]) {
            assert.deepStrictEqual(
                byTitle.get(title)!["yAxis"],
                { left: { min: 0, max: 100 } },
                title,
            );
        }
        assert.strictEqual(byTitle.get("WAF: blocked by rule")!["stacked"], true);
        assert.strictEqual(byTitle.get("WAF: allowed vs blocked")!["stacked"], false);
        for (const w of body.widgets) {
            assert.ok(w.x + w.width <= 24, JSON.stringify(w.properties["title"]));
        }
    });

    it("moves every line with the thresholds the alarms get", () => {
        const overridden = dashboardBody(
            values({
                alarmOptions: {
                    cacheMode: "node",
                    databaseAllocatedStorageGib: 40,
                    databaseMaxConnections: 1622,
                    thresholds: { responseTimeP95Seconds: 0.5, serviceCpuPercent: 75 },
                },
                edgeOptions: { additionalMetrics: true, thresholds: { cacheHitRatePercent: 90 } },
                cpuTarget: 60,
            }),
        );
        const lines = new Map(
            overridden.widgets.map((w) => [
                w.properties["title"],
                (w.properties["annotations"] as { horizontal: unknown[] } | undefined)?.horizontal,
            ]),
        );
        assert.deepStrictEqual(lines.get("Cache hit rate (%)"), [l("Target 90 %", 90, GREEN)]);
        assert.deepStrictEqual(lines.get("Target response time p95 (s)"), [
            l("Goal and alarm 0.5 s", 0.5, RED),
        ]);
        assert.deepStrictEqual(lines.get("CPU (% of reservation)"), [
            l("Scaling target 60 %", 60, GREEN),
            l("Alarm 75 %", 75, RED),
        ]);
    });
});

describe("dashboardBody (serverless cache, no additional metrics)", () => {
    const body = dashboardBody(
        values({
            alarmOptions: {
                cacheMode: "serverless",
                databaseAllocatedStorageGib: 40,
                databaseMaxConnections: 1622,
                serverlessCache: { maxEcpuPerSecond: 5000, maxDataStorageGb: 10 },
            },
            edgeOptions: { additionalMetrics: false },
        }),
    );

    it("says the hit rate is off instead of an empty graph, and drops origin latency", () => {
        // prettier-ignore
        assert.deepStrictEqual(rows(body.widgets).slice(0, 6), [
            EDGE_ROWS[0],
            EDGE_ROWS[1],
            ["text", 6, 1, 6, 6, "CloudFront additional metrics are off for this stack: no cache hit rate or origin latency (setting `monitoring.cloudfrontAdditionalMetrics`)."],
            EDGE_ROWS[3],
            EDGE_ROWS[5],
            EDGE_ROWS[6],
        ]);
        assert.deepStrictEqual(rows(body.widgets).slice(6, 20), MIDDLE_ROWS);
    });

    it("graphs the serverless cache on clusterId with ECPU, throttling and storage lines", () => {
        // prettier-ignore
        assert.deepStrictEqual(rows(body.widgets).slice(20), [
            ["text", 0, 34, 24, 1, "## Cache: Memcached serverless (ap-northeast-1)"],
            ["metric", 0, 35, 6, 6, "Hit ratio (%)", R, "Sum", 300, hitMath(sls), []],
            ["metric", 6, 35, 6, 6, "Evictions per 5 minutes", R, "Sum", 300, [sls("Evictions", { label: "Evictions" })], [l("Alarm 1000", 1000, RED)]],
            ["metric", 12, 35, 6, 6, "ECPUs per minute (no host CPU in serverless)", R, "Sum", 60, [sls("ElastiCacheProcessingUnits", { label: "ECPUs" })], [l("Alarm 80 % of limit", 240000, RED)]],
            ["metric", 18, 35, 6, 6, "Connections", R, "Maximum", 300, [sls("CurrConnections", { label: "Connections" })], []],
            ["metric", 0, 41, 12, 6, "Throttled commands per 5 minutes", R, "Sum", 300, [sls("ThrottledCmds", { label: "Throttled", color: RED })], [l("Alarm 1", 1, RED)]],
            ["metric", 12, 41, 12, 6, "Stored bytes", R, "Maximum", 300, [sls("BytesUsedForCache", { label: "Bytes" })], [l("Alarm 80 % of limit", 8000000000, RED)]],
        ]);
    });
});

describe("Dashboard", () => {
    it("creates one dashboard named after the component with the generated body", async () => {
        const { recorder: rec } = await record(() => new Dashboard("tng-prod", values()));
        assert.deepStrictEqual(rec.countsByType(), {
            "aws:cloudwatch/dashboard:Dashboard": 1,
            "tng:ops:Dashboard": 1,
        });
        const inputs = rec.get("aws:cloudwatch/dashboard:Dashboard", "tng-prod-dashboard").inputs;
        assert.strictEqual(inputs["dashboardName"], "tng-prod");
        assert.strictEqual(inputs["region"], undefined);
        assert.deepStrictEqual(
            JSON.parse(inputs["dashboardBody"] as string),
            dashboardBody(values()),
        );
    });

    it("rejects options the alarms reject, before creating the dashboard", async () => {
        const { recorder: rec } = await record(() => {
            assert.throws(
                () =>
                    new Dashboard(
                        "d",
                        values({
                            edgeOptions: {
                                additionalMetrics: true,
                                thresholds: { cacheHitRatePercent: 0 },
                            },
                        }),
                    ),
                {
                    message:
                        "EdgeMonitoring `thresholds.cacheHitRatePercent` must be a positive number, got 0.",
                },
            );
        });
        assert.strictEqual(rec.ofType("aws:cloudwatch/dashboard:Dashboard").length, 0);
    });
});
