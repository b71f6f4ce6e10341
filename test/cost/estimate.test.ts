/**
 * The cost estimate, priced type by type against hand-computed figures (730 h a month, the table's
 * prices as of its read date). A price change in cost/prices.ts is meant to fail these: update the
 * figure by hand, not by copying the tool's output.
 */
import * as assert from "assert";
import {
    alarmMetrics,
    type CostResource,
    estimate,
    extendedSupportYear,
    NO_CHARGE_TYPES,
    PRICED_TYPES,
    priceResource,
} from "../../cost/estimate";
import { IGNORED_FREE_TIERS, PRICES } from "../../cost/prices";
import { defaultUsage, type Usage } from "../../cost/usage";
import { formatReport, notPricedByType, toJson } from "../../cost/report";

const DATE = "2026-12-07"; // PostgreSQL 13: Extended Support year 1
const STACK = "urn:pulumi:prod::tng::";
let n = 0;
function res(type: string, inputs: Record<string, unknown>, parent?: string): CostResource {
    n++;
    return {
        urn: `${STACK}${type}::r${n}`,
        type,
        custom: true,
        inputs,
        ...(parent ? { parent } : {}),
    };
}

function usage(over: Partial<Record<keyof Usage, number | string>> = {}): Usage {
    return { ...defaultUsage(), ...over } as Usage;
}

/** Prices one resource among `others` (for the ones that look at their neighbours). */
function price(r: CostResource, u: Usage = usage(), others: CostResource[] = [], date = DATE) {
    const report = estimate([r, ...others], u, { date });
    return report.resources.find((x) => x.urn === r.urn)!;
}

function near(actual: number, expected: number, what: string): void {
    assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);
}

const TD = (family: string) =>
    res("aws:ecs/taskDefinition:TaskDefinition", { family, cpu: "1024", memory: "2048" });

describe("cost: Fargate", () => {
    it("a service: desiredCount tasks all month (fixed) and tasks above it (usage)", () => {
        const td = TD("web");
        const svc = res("aws:ecs/service:Service", {
            launchType: "FARGATE",
            desiredCount: 2,
            taskDefinition: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:3",
        });
        const c = price(svc, usage({ "fargate.extraTaskHours": 240 }), [td]);
        // 2 tasks × 730 h × (1 vCPU × 0.05056 + 2 GB × 0.00553) = 1460 × 0.06162
        near(c.monthlyFixed, 89.9652, "fixed");
        // 240 task-hours × 0.06162
        near(c.monthlyUsage, 14.7888, "usage");
        assert.strictEqual(c.lines.length, 4);
        // The task definition the service runs costs nothing itself.
        const t = price(td, usage(), [svc]);
        assert.deepStrictEqual(
            [t.monthlyFixed, t.monthlyUsage, t.notPriced, t.reason],
            [0, 0, false, "priced on the service that runs it"],
        );
    });

    it("a service without desiredCount runs none all month (the provider's default is 0)", () => {
        const td = TD("idle");
        const svc = res("aws:ecs/service:Service", {
            launchType: "FARGATE",
            taskDefinition: "idle",
        });
        const c = price(svc, usage(), [td]);
        near(c.monthlyFixed, 0, "no task all month");
        assert.strictEqual(c.notPriced, false);
    });

    it("a task definition no service runs is a one-off task, from the usage file", () => {
        const c = price(TD("migrate"), usage({ "fargate.oneOffTaskHoursPerDefinition": 2 }));
        // 2 h × (0.05056 + 2 × 0.00553)
        near(c.monthlyUsage, 0.12324, "usage");
        near(c.monthlyFixed, 0, "fixed");
    });

    it("a service whose task definition is not in the export is not priced, saying why", () => {
        const c = price(
            res("aws:ecs/service:Service", { launchType: "FARGATE", taskDefinition: "nosuch" }),
        );
        assert.strictEqual(c.notPriced, true);
        assert.strictEqual(c.reason, "its task definition nosuch is not in the export");
    });
});

describe("cost: RDS", () => {
    const db = (over: Record<string, unknown> = {}) =>
        res("aws:rds/instance:Instance", {
            engine: "postgres",
            engineVersion: "13.20",
            instanceClass: "db.t3.xlarge",
            multiAz: true,
            allocatedStorage: 40,
            storageType: "gp3",
            performanceInsightsEnabled: true,
            performanceInsightsRetentionPeriod: 7,
            manageMasterUserPassword: true,
            ...over,
        });

    it("Multi-AZ doubles instance-hours, storage and Extended Support vCPU-hours", () => {
        const c = price(db());
        const byWhat = Object.fromEntries(c.lines.map((l) => [l.what.split(":")[0], l.monthly]));
        near(
            byWhat["db.t3.xlarge Multi-AZ (primary + standby)"],
            607.36,
            "instance 2 × 730 × 0.416",
        );
        near(byWhat["gp3 40 GB × 2 (Multi-AZ (primary + standby))"], 11.04, "storage 80 × 0.138");
        near(
            byWhat["Extended Support years 1-2 (PostgreSQL 13)"],
            700.8,
            "4 vCPU × 2 × 730 × 0.12",
        );
        near(byWhat["Performance Insights, 7-day retention (free)"], 0, "PI free tier");
        near(byWhat["the master user secret RDS manages in Secrets Manager"], 0.4, "secret");
        near(c.monthlyFixed, 1319.6, "fixed");
        near(c.monthlyUsage, 0, "usage (no backup beyond the free amount)");
    });

    it("Single-AZ db.t3.micro and backup storage beyond the free amount", () => {
        const c = price(
            db({ instanceClass: "db.t3.micro", multiAz: false, manageMasterUserPassword: false }),
            usage({ "rds.backupGbBeyondFree": 10 }),
        );
        // 730 × 0.026 + 40 × 0.138 + 2 vCPU × 730 × 0.12
        near(c.monthlyFixed, 18.98 + 5.52 + 175.2, "fixed");
        near(c.monthlyUsage, 0.95, "10 GB × 0.095");
    });

    it("Performance Insights beyond the free 7 days is not priced, saying so", () => {
        const c = price(db({ performanceInsightsRetentionPeriod: 731 }));
        assert.deepStrictEqual(
            [c.notPriced, c.reason],
            [
                true,
                "Performance Insights retention of 731 days (beyond the free 7) has no price in the table",
            ],
        );
    });

    it("Extended Support by support year: none before, 0.12 in years 1-2, 0.24 in year 3", () => {
        assert.strictEqual(extendedSupportYear("13.20", "2026-02-28"), undefined);
        assert.deepStrictEqual(extendedSupportYear("13.20", "2026-03-01"), {
            id: "rds.extended.y1y2",
            year: "years 1-2",
        });
        assert.deepStrictEqual(extendedSupportYear("13.20", "2028-02-29"), {
            id: "rds.extended.y1y2",
            year: "years 1-2",
        });
        assert.deepStrictEqual(extendedSupportYear("13.20", "2028-03-01"), {
            id: "rds.extended.y3",
            year: "year 3",
        });
        assert.strictEqual(extendedSupportYear("16.4", "2028-03-01"), undefined);
        const y3 = price(db(), usage(), [], "2028-03-01");
        near(
            y3.lines.find((l) => l.what.startsWith("Extended Support"))!.monthly,
            1401.6,
            "4 × 2 × 730 × 0.24",
        );
        const before = price(db(), usage(), [], "2026-02-28");
        assert.ok(!before.lines.some((l) => l.what.startsWith("Extended Support")));
        near(before.monthlyFixed, 1319.6 - 700.8, "no Extended Support before its start");
    });

    it("no Extended Support charge when the instance has it disabled", () => {
        const c = price(
            db({ engineLifecycleSupport: "open-source-rds-extended-support-disabled" }),
        );
        near(c.monthlyFixed, 1319.6 - 700.8, "no Extended Support line");
        assert.ok(
            c.lines.some((l) => l.what.startsWith("Extended Support disabled") && l.monthly === 0),
        );
    });

    it("a class or storage type without a price is not priced, naming it", () => {
        assert.strictEqual(
            price(db({ instanceClass: "db.r6g.large" })).reason,
            "no price for instance class db.r6g.large in ap-northeast-1",
        );
        assert.strictEqual(
            price(db({ storageType: "io1" })).reason,
            "storage type io1 (only gp3 is priced)",
        );
        // Without storageType the provider's default applies: gp2, or io1 with iops.
        assert.strictEqual(
            price(db({ storageType: undefined })).reason,
            "storage type gp2 (only gp3 is priced)",
        );
        assert.strictEqual(
            price(db({ storageType: undefined, iops: 3000 })).reason,
            "storage type io1 (only gp3 is priced)",
        );
        assert.strictEqual(
            price(db({ engine: "mysql" })).reason,
            "engine mysql (only postgres is priced)",
        );
    });
});

describe("cost: ElastiCache and CloudSearch", () => {
    it("nodes × node-hours", () => {
        near(
            price(
                res("aws:elasticache/cluster:Cluster", {
                    nodeType: "cache.r5.large",
                    numCacheNodes: 2,
                }),
            ).monthlyFixed,
            400.04,
            "2 × 730 × 0.274",
        );
        near(
            price(
                res("aws:elasticache/cluster:Cluster", {
                    nodeType: "cache.t3.micro",
                    numCacheNodes: 1,
                }),
            ).monthlyFixed,
            18.98,
            "730 × 0.026",
        );
    });

    it("serverless: at least 1 GB metered, plus ECPUs", () => {
        const c = price(
            res("aws:elasticache/serverlessCache:ServerlessCache", { engine: "memcached" }),
            usage({
                "elasticacheServerless.averageGb": 0.5,
                "elasticacheServerless.ecpuMillions": 10,
            }),
        );
        near(c.monthlyUsage, 91.25 + 0.034, "1 GB × 730 × 0.125 + 10 M × 0.0034");
    });

    it("CloudSearch: replicas × partitions × AZs instance-hours (Multi-AZ doubles)", () => {
        const sp = { desiredInstanceType: "search.small", desiredReplicationCount: 1 };
        near(
            price(res("aws:cloudsearch/domain:Domain", { multiAz: true, scalingParameters: sp }))
                .monthlyFixed,
            110.96,
            "2 × 730 × 0.076",
        );
        near(
            price(res("aws:cloudsearch/domain:Domain", { multiAz: false, scalingParameters: sp }))
                .monthlyFixed,
            55.48,
            "730 × 0.076",
        );
    });
});

describe("cost: networking", () => {
    it("NAT gateway hours and GB, public IPv4, interface endpoints per AZ, gateway endpoints free", () => {
        const nat = price(
            res("aws:ec2/natGateway:NatGateway", {}),
            usage({ "nat.gbPerGateway": 30 }),
        );
        near(nat.monthlyFixed, 45.26, "730 × 0.062");
        near(nat.monthlyUsage, 1.86, "30 × 0.062");
        near(price(res("aws:ec2/eip:Eip", { domain: "vpc" })).monthlyFixed, 3.65, "730 × 0.005");
        const ep = price(
            res("aws:ec2/vpcEndpoint:VpcEndpoint", {
                vpcEndpointType: "Interface",
                subnetIds: ["a", "c", "d"],
            }),
            usage({ "endpoints.gbPerEndpoint": 10 }),
        );
        near(ep.monthlyFixed, 30.66, "3 AZ × 730 × 0.014");
        near(ep.monthlyUsage, 0.1, "10 × 0.01");
        const gw = price(res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Gateway" }));
        assert.deepStrictEqual([gw.notPriced, gw.monthlyFixed, gw.lines.length], [false, 0, 1]);
    });

    it("ALB hours and LCU-hours", () => {
        const c = price(
            res("aws:lb/loadBalancer:LoadBalancer", { loadBalancerType: "application" }),
            usage({ "alb.averageLcu": 2 }),
        );
        near(c.monthlyFixed, 17.739, "730 × 0.0243");
        near(c.monthlyUsage, 11.68, "2 × 730 × 0.008");
        assert.strictEqual(
            price(res("aws:lb/loadBalancer:LoadBalancer", { loadBalancerType: "network" }))
                .notPriced,
            true,
        );
    });
});

describe("cost: edge", () => {
    it("CloudFront requests, transfer and invalidations from the usage file, citing cache-report", () => {
        const c = price(
            res("aws:cloudfront/distribution:Distribution", { priceClass: "PriceClass_200" }),
            usage({
                "cloudfront.requestsMillions": 10,
                "cloudfront.dataOutGb": 500,
                "cloudfront.invalidationPaths": 2000,
                "cloudfront.requestsSource": "cache-report 2026-12-01",
            }),
        );
        near(c.monthlyUsage, 12 + 57 + 10, "10 × 1.20 + 500 × 0.114 + 2000 × 0.005");
        near(c.monthlyFixed, 0, "fixed");
        assert.strictEqual(c.lines[0].what, "HTTPS requests (from cache-report 2026-12-01)");
        near(
            price(
                res("aws:cloudfront/monitoringSubscription:MonitoringSubscription", {
                    monitoringSubscription: {
                        realtimeMetricsSubscriptionConfig: {
                            realtimeMetricsSubscriptionStatus: "Enabled",
                        },
                    },
                }),
            ).monthlyFixed,
            2.4,
            "8 metrics × 0.30",
        );
    });

    it("WAF: web ACL, each rule, requests", () => {
        const c = price(
            res("aws:wafv2/webAcl:WebAcl", { region: "us-east-1", rules: [{}, {}, {}, {}] }),
            usage({ "waf.requestsMillions": 10 }),
        );
        near(c.monthlyFixed, 9, "5 + 4 × 1");
        near(c.monthlyUsage, 6, "10 × 0.60");
    });
});

describe("cost: keys, secrets, workflows, storage, events", () => {
    it("KMS (both regions), Secrets Manager, S3, ECR, Step Functions, EventBridge, SNS", () => {
        const kms = price(res("aws:kms/key:Key", {}));
        near(kms.monthlyFixed + kms.monthlyUsage, 1.03, "1 + 10,000/10,000 × 0.03");
        near(
            price(res("aws:kms/key:Key", { region: "us-east-1" })).monthlyFixed,
            1,
            "us-east-1 key",
        );
        const s = price(res("aws:secretsmanager/secret:Secret", {}));
        near(s.monthlyFixed + s.monthlyUsage, 0.45, "0.40 + 10,000/10,000 × 0.05");
        const b = price(res("aws:s3/bucket:Bucket", {}), usage({ "s3.storageGbPerBucket": 50 }));
        near(b.monthlyUsage, 1.25 + 0.47 + 0.037, "50 × 0.025 + 100 × 0.0047 + 100 × 0.00037");
        near(price(res("aws:ecr/repository:Repository", {})).monthlyUsage, 0.5, "5 GB × 0.10");
        near(
            price(res("aws:sfn/stateMachine:StateMachine", { type: "STANDARD" })).monthlyUsage,
            0.0025,
            "100 / 1000 × 0.025",
        );
        assert.strictEqual(
            price(res("aws:sfn/stateMachine:StateMachine", { type: "EXPRESS" })).notPriced,
            true,
        );
        near(
            price(
                res("aws:cloudwatch/eventRule:EventRule", {}),
                usage({ "eventbridge.customEventsMillionsPerRule": 2 }),
            ).monthlyUsage,
            2,
            "2 M × 1.00",
        );
        near(
            price(
                res("aws:sns/topic:Topic", { region: "us-east-1" }),
                usage({ "sns.publishesMillionsPerTopic": 2 }),
            ).monthlyUsage,
            1,
            "2 M × 0.50",
        );
    });
});

describe("cost: CloudWatch alarm metrics as AWS counts them", () => {
    const alarm = (i: Record<string, unknown>) => res("aws:cloudwatch/metricAlarm:MetricAlarm", i);

    it("a standard alarm (period >= 60) is one standard alarm metric", () => {
        assert.deepStrictEqual(alarmMetrics({ metricName: "CPUUtilization", period: 300 }), {
            metrics: 1,
            highResolution: false,
        });
        assert.deepStrictEqual(alarmMetrics({ metricName: "CPUUtilization", period: 60 }), {
            metrics: 1,
            highResolution: false,
        });
        near(price(alarm({ period: 60 })).monthlyFixed, 0.1, "standard");
    });

    it("a high-resolution alarm (period 10 or 30) is one high-resolution alarm metric", () => {
        assert.deepStrictEqual(alarmMetrics({ period: 10 }), { metrics: 1, highResolution: true });
        assert.deepStrictEqual(alarmMetrics({ period: 30 }), { metrics: 1, highResolution: true });
        near(price(alarm({ period: 10 })).monthlyFixed, 0.3, "high resolution");
    });

    it("a metric math alarm counts each metric in its expression, not the expression", () => {
        const mq = [
            { id: "requests", metric: { metricName: "Requests", period: 300 }, returnData: false },
            {
                id: "errors",
                metric: { metricName: "5xxErrorRate", period: 300 },
                returnData: false,
            },
            { id: "e1", expression: "IF(requests >= 100, errors, 0)", returnData: true },
        ];
        assert.deepStrictEqual(alarmMetrics({ metricQueries: mq }), {
            metrics: 2,
            highResolution: false,
        });
        // In us-east-1 (the KPI alarms) at the same rate.
        near(
            price(alarm({ region: "us-east-1", metricQueries: mq })).monthlyFixed,
            0.2,
            "2 × 0.10",
        );
        const hi = [
            { id: "m", metric: { metricName: "x", period: 10 } },
            { id: "e", expression: "m * 2" },
        ];
        near(price(alarm({ metricQueries: hi })).monthlyFixed, 0.3, "1 high-resolution metric");
    });

    it("a Metrics Insights query alarm is not priced (billed per metric analysed, unknown offline)", () => {
        const c = price(
            alarm({
                metricQueries: [
                    {
                        id: "q",
                        expression: 'SELECT AVG(CPUUtilization) FROM SCHEMA("AWS/EC2", InstanceId)',
                        period: 60,
                        returnData: true,
                    },
                ],
            }),
        );
        assert.deepStrictEqual(
            [c.notPriced, c.reason],
            [
                true,
                "a Metrics Insights query alarm is billed per metric the query analyses, unknown offline",
            ],
        );
    });

    it("an anomaly detection alarm counts 3 alarm metrics per metric", () => {
        const mq = [
            { id: "m1", metric: { metricName: "Latency", period: 300 } },
            { id: "ad1", expression: "ANOMALY_DETECTION_BAND(m1, 2)" },
        ];
        assert.deepStrictEqual(alarmMetrics({ metricQueries: mq, thresholdMetricId: "ad1" }), {
            metrics: 3,
            highResolution: false,
        });
        near(price(alarm({ metricQueries: mq })).monthlyFixed, 0.3, "3 × 0.10");
    });

    it("composite alarms, dashboards, metric filters' custom metrics, log ingestion and storage", () => {
        near(
            price(res("aws:cloudwatch/compositeAlarm:CompositeAlarm", {})).monthlyFixed,
            0.5,
            "composite",
        );
        near(price(res("aws:cloudwatch/dashboard:Dashboard", {})).monthlyFixed, 3, "dashboard");
        near(
            price(
                res("aws:cloudwatch/logMetricFilter:LogMetricFilter", {
                    metricTransformation: { name: "x" },
                }),
            ).monthlyFixed,
            0.3,
            "custom metric",
        );
        const u = usage({ "logs.ingestGbPerGroup": 3, "logs.storedGbPerGroup": 20 });
        near(
            price(res("aws:cloudwatch/logGroup:LogGroup", {}), u).monthlyUsage,
            2.28 + 0.66,
            "3 × 0.76 + 20 × 0.033",
        );
        near(
            price(res("aws:cloudwatch/logGroup:LogGroup", { region: "us-east-1" }), u).monthlyUsage,
            1.5 + 0.6,
            "3 × 0.50 + 20 × 0.03",
        );
    });
});

describe("cost: audit and threat detection", () => {
    it("CloudTrail: management events free (first copy), data events from usage", () => {
        const c = price(
            res("aws:cloudtrail/trail:Trail", {
                advancedEventSelectors: [
                    { fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }] },
                ],
            }),
            usage({ "cloudtrail.dataEventsMillions": 2 }),
        );
        near(c.monthlyUsage, 2, "2 M = 20 × 100,000 × 0.10");
        assert.strictEqual(c.lines[0].what, "management events, first copy (free)");
        const mgmt = price(
            res("aws:cloudtrail/trail:Trail", {
                advancedEventSelectors: [
                    { fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
                ],
            }),
        );
        assert.deepStrictEqual([mgmt.lines.length, mgmt.monthlyUsage], [1, 0]);
    });

    it("GuardDuty, Security Hub and Config from the usage file", () => {
        near(
            price(res("aws:guardduty/detector:Detector", { enable: true })).monthlyUsage,
            2 + 5,
            "0.5 M × 4 + 5 GB × 1",
        );
        assert.strictEqual(
            price(res("aws:guardduty/detector:Detector", { enable: false })).reason,
            "detector disabled",
        );
        near(
            price(res("aws:securityhub/standardsSubscription:StandardsSubscription", {}))
                .monthlyUsage,
            10 + 10,
            "10,000 checks × 0.001 + 10,000 evaluations × 0.001",
        );
        near(
            price(res("aws:securityhub/account:Account", {})).monthlyUsage,
            0.03,
            "1,000 findings × 0.00003",
        );
        // Config items on the recorder the stack creates; its plumbing has no charge of its own.
        near(price(res("aws:cfg/recorder:Recorder", {})).monthlyUsage, 3, "1,000 items × 0.003");
        for (const type of [
            "aws:cfg/deliveryChannel:DeliveryChannel",
            "aws:cfg/recorderStatus:RecorderStatus",
            "aws:iam/serviceLinkedRole:ServiceLinkedRole",
        ]) {
            const r = price(res(type, {}));
            assert.deepStrictEqual(
                [r.notPriced, r.monthlyFixed, r.monthlyUsage],
                [false, 0, 0],
                type,
            );
        }
    });
});

describe("cost: what is not priced, and the report", () => {
    it("a type with no price is listed as not priced with a count, never silently zero", () => {
        const rs = [
            res("aws:dynamodb/table:Table", {}),
            res("aws:dynamodb/table:Table", {}),
            res("aws:iam/role:Role", {}),
            res("aws:ec2/natGateway:NatGateway", {}),
        ];
        const report = estimate(rs, usage(), { date: DATE });
        assert.deepStrictEqual(notPricedByType(report), [
            {
                type: "aws:dynamodb/table:Table",
                count: 2,
                reason: "no price in the table for this type",
            },
        ]);
        const role = report.resources.find((r) => r.type === "aws:iam/role:Role")!;
        assert.deepStrictEqual([role.notPriced, role.reason], [false, "IAM has no charge"]);
        const text = formatReport(report, "t");
        assert.ok(text.includes("not priced: 2 resource(s) (not in the total)"), text);
        assert.ok(
            text.includes("  2 × aws:dynamodb/table:Table: no price in the table for this type"),
            text,
        );
        near(report.total, 45.26 + 0.62, "only the NAT gateway (default 10 GB)");
    });

    it("the JSON document has exactly the issue's shape", () => {
        const report = estimate(
            [res("aws:ec2/eip:Eip", {}), res("aws:dynamodb/table:Table", {})],
            usage(),
            { date: DATE },
        );
        const json = toJson(report);
        assert.deepStrictEqual(Object.keys(json), ["currency", "total", "resources"]);
        assert.deepStrictEqual(Object.keys(json.resources[0]), [
            "urn",
            "type",
            "monthlyFixed",
            "monthlyUsage",
            "notPriced",
            "lines",
        ]);
        assert.deepStrictEqual(json.resources[0].lines, [
            {
                price: 0.005,
                quantity: 730,
                unit: "IP-hour",
                source: "https://aws.amazon.com/vpc/pricing/",
            },
        ]);
        assert.deepStrictEqual(json.resources[1], {
            urn: json.resources[1].urn,
            type: "aws:dynamodb/table:Table",
            monthlyFixed: 0,
            monthlyUsage: 0,
            notPriced: true,
            lines: [],
        });
        assert.strictEqual(json.total, 3.65);
        assert.strictEqual(json.currency, "USD");
    });

    it("groups by component and lists the ignored free tiers and unverified prices", () => {
        const parent = "urn:pulumi:prod::tng::tng:network:Network::tng-prod";
        const report = estimate(
            [res("aws:ec2/eip:Eip", {}, parent), res("aws:ec2/eip:Eip", {}, parent)],
            usage(),
            { date: DATE },
        );
        const text = formatReport(report, "t");
        assert.ok(text.includes("\n       $7.30  tng-prod (tng:network:Network)\n"), text);
        for (const f of IGNORED_FREE_TIERS) {
            assert.ok(text.includes(`  - ${f.what}`), f.what);
        }
        assert.ok(text.includes("(price unverified)"), text);
        assert.ok(text.endsWith("total: $7.30 a month (USD, on-demand, 730 h)"), text);
    });

    it("every priced type and every price entry has a source URL and read date", () => {
        for (const [id, p] of Object.entries(PRICES)) {
            assert.match(p.source, /^https:\/\/aws\.amazon\.com\//, id);
            assert.match(p.read, /^\d{4}-\d{2}-\d{2}$/, id);
            assert.ok(p.usd >= 0 && typeof p.verified === "boolean", id);
            assert.ok(p.verified || (p.note ?? "") !== "", `${id}: an unverified price says why`);
            assert.ok(
                !p.verified || !/NOT CONFIRMED/.test(p.note ?? ""),
                `${id}: verified and not confirmed`,
            );
        }
        for (const t of PRICED_TYPES) {
            assert.ok(!(t in NO_CHARGE_TYPES), `${t} is priced and listed as no charge`);
        }
    });

    it("priceResource of a priced type whose price id is missing for the region is not priced", () => {
        const r = res("aws:ec2/natGateway:NatGateway", { region: "eu-west-1" });
        const c = priceResource(r, { usage: usage(), date: DATE, resources: [r] });
        assert.deepStrictEqual(
            [c.notPriced, c.reason],
            [true, "no price for nat.hour in eu-west-1"],
        );
    });
});
