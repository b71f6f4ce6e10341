/**
 * Alarms: the alarm list as data (every alarm's metric, statistic, threshold and dimensions), the
 * topic's encryption and policy, one subscription per address, and what each MetricAlarm asks
 * CloudWatch for, in node and serverless cache modes. Mock tests prove the requested inputs, not
 * that CloudWatch accepts them or that a notification arrives.
 */
import * as assert from "assert";
import {
    ALARM_THRESHOLD_DEFAULTS,
    alarmDefinitions,
    Alarms,
    AlarmsArgs,
    alarmTopicPolicy,
    emailKey,
    resolveThresholds,
    validateAlarmsArgs,
} from "../components/ops/alarms";
import { MOCK_ACCOUNT_ID } from "../offline/mocks";
import { freshMocks, policyStatements, record } from "./harness";
import type { ResourceRecorder } from "../offline/mocks";

const KEY_ARN = "arn:aws:kms:ap-northeast-1:123456789012:key/stack-key-id";
const LB = "app/tng-dev-alb/50dc6c495c0c9188";
const TG = "targetgroup/tng-dev-tg/943f017f100becff";

const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

function args(overrides: Partial<AlarmsArgs> = {}): AlarmsArgs {
    return {
        kmsKeyArn: KEY_ARN,
        accountId: MOCK_ACCOUNT_ID,
        region: "ap-northeast-1",
        emails: ["ops@example.jp", "oncall@example.jp"],
        loadBalancerArnSuffix: LB,
        targetGroupArnSuffix: TG,
        clusterName: "tng-dev-cluster",
        serviceName: "tng-dev-service",
        databaseInstanceIdentifier: "tng-dev-db",
        databaseAllocatedStorageGib: 40,
        databaseMaxConnections: 87,
        cacheMode: "node",
        cacheClusterId: "tng-dev-cache",
        ...overrides,
    };
}

/**
 * Expected alarms with default thresholds, 40 GiB and max_connections 87:
 * key, namespace, metric, statistic (or pNN), threshold, comparison, period, evaluation periods,
 * datapoints to alarm, missing data, dimension keys.
 */
type Row = [
    string,
    string,
    string,
    string,
    number,
    string,
    number,
    number,
    number,
    string,
    string[],
];
// prettier-ignore
const ALB_ROWS: Row[] = [
    ["alb-target-5xx", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", 10, "GreaterThanOrEqualToThreshold", 300, 1, 1, "notBreaching", ["LoadBalancer"]],
    ["alb-elb-5xx", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum", 10, "GreaterThanOrEqualToThreshold", 300, 1, 1, "notBreaching", ["LoadBalancer"]],
    ["alb-response-time-p95", "AWS/ApplicationELB", "TargetResponseTime", "p95", 1, "GreaterThanThreshold", 60, 5, 3, "notBreaching", ["LoadBalancer", "TargetGroup"]],
    ["alb-unhealthy-hosts", "AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", 0, "GreaterThanThreshold", 60, 3, 3, "notBreaching", ["LoadBalancer", "TargetGroup"]],
    ["alb-no-healthy-hosts", "AWS/ApplicationELB", "HealthyHostCount", "Minimum", 1, "LessThanThreshold", 60, 2, 2, "breaching", ["LoadBalancer", "TargetGroup"]],
];
// prettier-ignore
const SERVICE_DB_ROWS: Row[] = [
    ["service-cpu", "AWS/ECS", "CPUUtilization", "Average", 85, "GreaterThanThreshold", 300, 3, 3, "notBreaching", ["ClusterName", "ServiceName"]],
    ["service-memory", "AWS/ECS", "MemoryUtilization", "Average", 85, "GreaterThanThreshold", 300, 3, 3, "notBreaching", ["ClusterName", "ServiceName"]],
    ["db-cpu", "AWS/RDS", "CPUUtilization", "Average", 80, "GreaterThanThreshold", 300, 3, 3, "missing", ["DBInstanceIdentifier"]],
    // 10 % of 40 GiB in bytes.
    ["db-free-storage", "AWS/RDS", "FreeStorageSpace", "Minimum", 4294967296, "LessThanThreshold", 300, 1, 1, "missing", ["DBInstanceIdentifier"]],
    // floor(80 % of 87).
    ["db-connections", "AWS/RDS", "DatabaseConnections", "Maximum", 69, "GreaterThanThreshold", 300, 2, 2, "missing", ["DBInstanceIdentifier"]],
];
// prettier-ignore
const CACHE_ROWS: Row[] = [
    ["cache-cpu", "AWS/ElastiCache", "CPUUtilization", "Average", 90, "GreaterThanThreshold", 300, 3, 3, "missing", ["CacheClusterId"]],
    ["cache-evictions", "AWS/ElastiCache", "Evictions", "Sum", 1000, "GreaterThanOrEqualToThreshold", 300, 3, 3, "missing", ["CacheClusterId"]],
];
// Serverless limits 5000 ECPU/s and 10 GB: 80 % of 5000 × 60 per minute; 80 % of 10 × 10^9 bytes.
// prettier-ignore
const SERVERLESS_CACHE_ROWS: Row[] = [
    ["cache-throttled", "AWS/ElastiCache", "ThrottledCmds", "Sum", 1, "GreaterThanOrEqualToThreshold", 300, 3, 2, "notBreaching", ["clusterId"]],
    ["cache-ecpu", "AWS/ElastiCache", "ElastiCacheProcessingUnits", "Sum", 240000, "GreaterThanThreshold", 60, 5, 5, "notBreaching", ["clusterId"]],
    ["cache-storage", "AWS/ElastiCache", "BytesUsedForCache", "Maximum", 8000000000, "GreaterThanThreshold", 300, 1, 1, "missing", ["clusterId"]],
    ["cache-evictions", "AWS/ElastiCache", "Evictions", "Sum", 1000, "GreaterThanOrEqualToThreshold", 300, 3, 3, "notBreaching", ["clusterId"]],
];
const SERVERLESS_LIMITS = { maxEcpuPerSecond: 5000, maxDataStorageGb: 10 };
const NODE_ROWS = [...ALB_ROWS, ...SERVICE_DB_ROWS, ...CACHE_ROWS];
const SERVERLESS_ROWS = [...ALB_ROWS, ...SERVICE_DB_ROWS];

const DIMENSION_VALUES: Record<string, string> = {
    LoadBalancer: LB,
    TargetGroup: TG,
    ClusterName: "tng-dev-cluster",
    ServiceName: "tng-dev-service",
    DBInstanceIdentifier: "tng-dev-db",
    CacheClusterId: "tng-dev-cache",
    clusterId: "tng-dev-cache",
};

function asRows(defs: ReturnType<typeof alarmDefinitions>): Row[] {
    return defs.map((d) => [
        d.key,
        d.namespace,
        d.metric,
        d.extendedStatistic ?? (d.statistic as string),
        d.threshold,
        d.comparison,
        d.period,
        d.evaluationPeriods,
        d.datapointsToAlarm,
        d.treatMissingData,
        [...d.dimensions],
    ]);
}

function definitionOptions(cacheMode: "node" | "serverless" = "node") {
    return { cacheMode, databaseAllocatedStorageGib: 40, databaseMaxConnections: 87 } as const;
}

describe("alarmDefinitions", () => {
    it("lists the ALB, service, database and cache alarms in node mode", () => {
        assert.deepStrictEqual(asRows(alarmDefinitions(definitionOptions("node"))), NODE_ROWS);
    });

    it("refuses serverless mode without the cache's limits: a serverless cache is always watched", () => {
        assert.throws(() => alarmDefinitions(definitionOptions("serverless")), {
            message:
                "Alarms `serverlessCache` must be set when `cacheMode` is serverless (the cache's usage limits set its alarm thresholds).",
        });
    });

    it("sets exactly one of statistic and extendedStatistic, and explains every missing-data choice", () => {
        for (const d of alarmDefinitions(definitionOptions())) {
            assert.strictEqual(
                (d.statistic === undefined) !== (d.extendedStatistic === undefined),
                true,
                d.key,
            );
            assert.ok(d.missingDataReason.length > 20, d.key);
            assert.ok(d.description.length > 20, d.key);
        }
    });

    it("applies threshold overrides, including the derived storage and connection thresholds", () => {
        const defs = alarmDefinitions({
            cacheMode: "node",
            databaseAllocatedStorageGib: 100,
            databaseMaxConnections: 1000,
            thresholds: {
                http5xxPer5Minutes: 50,
                responseTimeP95Seconds: 0.5,
                serviceCpuPercent: 75,
                serviceMemoryPercent: 70,
                databaseCpuPercent: 60,
                databaseFreeStoragePercent: 20,
                databaseConnectionsPercent: 90,
                cacheCpuPercent: 50,
                cacheEvictionsPer5Minutes: 5,
            },
        });
        assert.deepStrictEqual(Object.fromEntries(defs.map((d) => [d.key, d.threshold])), {
            "alb-target-5xx": 50,
            "alb-elb-5xx": 50,
            "alb-response-time-p95": 0.5,
            "alb-unhealthy-hosts": 0,
            "alb-no-healthy-hosts": 1,
            "service-cpu": 75,
            "service-memory": 70,
            "db-cpu": 60,
            "db-free-storage": 21474836480, // 20 % of 100 GiB
            "db-connections": 900,
            "cache-cpu": 50,
            "cache-evictions": 5,
        });
    });

    it("defaults every threshold", () => {
        assert.deepStrictEqual(resolveThresholds(), ALARM_THRESHOLD_DEFAULTS);
        assert.deepStrictEqual(resolveThresholds({ serviceCpuPercent: 90 }), {
            ...ALARM_THRESHOLD_DEFAULTS,
            serviceCpuPercent: 90,
        });
    });

    it("rejects invalid options with exact messages", () => {
        const cases: [() => unknown, string][] = [
            [
                () => resolveThresholds({ http5xxPer5Minutes: 0 }),
                "Alarms `thresholds.http5xxPer5Minutes` must be a positive number, got 0.",
            ],
            [
                () => resolveThresholds({ responseTimeP95Seconds: Number.NaN }),
                "Alarms `thresholds.responseTimeP95Seconds` must be a positive number, got NaN.",
            ],
            [
                () => resolveThresholds({ databaseFreeStoragePercent: 101 }),
                "Alarms `thresholds.databaseFreeStoragePercent` must be a percent from 0 to 100, got 101.",
            ],
            [
                () => alarmDefinitions({ ...definitionOptions(), cacheMode: "cluster" as never }),
                "Alarms `cacheMode` must be node or serverless, got `cluster`.",
            ],
            [
                () =>
                    alarmDefinitions({ ...definitionOptions(), databaseAllocatedStorageGib: 40.5 }),
                "Alarms `databaseAllocatedStorageGib` must be an integer of at least 1, got 40.5.",
            ],
            [
                () => alarmDefinitions({ ...definitionOptions(), databaseMaxConnections: 0 }),
                "Alarms `databaseMaxConnections` must be an integer of at least 1, got 0.",
            ],
        ];
        for (const [fn, message] of cases) {
            assert.throws(fn, { message });
        }
    });
});

describe("alarmTopicPolicy", () => {
    it("lets only this account's CloudWatch alarms publish, and only over TLS", () => {
        const arn = "arn:aws:sns:ap-northeast-1:123456789012:alarms";
        assert.deepStrictEqual(
            policyStatements(alarmTopicPolicy(arn, "123456789012", "ap-northeast-1")),
            [
                {
                    Sid: "CloudWatchAlarmsPublish",
                    Effect: "Allow",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: "sns:Publish",
                    Resource: arn,
                    Condition: {
                        StringEquals: { "aws:SourceAccount": "123456789012" },
                        ArnLike: {
                            "aws:SourceArn":
                                "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:*",
                        },
                    },
                },
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "sns:Publish",
                    Resource: arn,
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        );
    });
});

describe("emailKey and validateAlarmsArgs", () => {
    it("hashes an address to 8 stable hex digits, case-sensitively", () => {
        assert.strictEqual(emailKey("ops@example.jp"), "3d600311");
        assert.strictEqual(emailKey("oncall@example.jp"), "decc98d9");
        assert.strictEqual(emailKey("Ops@example.jp"), "d7a47021");
    });

    it("rejects inconsistent cache args, bad and repeated addresses with exact messages", () => {
        const cases: [Partial<AlarmsArgs>, string][] = [
            [
                { cacheClusterId: undefined },
                "Alarms `cacheClusterId` must be set when `cacheMode` is node.",
            ],
            [
                { cacheMode: "serverless" },
                "Alarms `cacheClusterId` applies only when `cacheMode` is node.",
            ],
            [
                { cacheMode: "serverless", cacheClusterId: undefined },
                "Alarms `serverlessCache` must be set when `cacheMode` is serverless (the cache's usage limits set its alarm thresholds).",
            ],
            [
                { emails: ["ops@example"] },
                "Alarms `emails` must hold e-mail addresses, got `ops@example`.",
            ],
            [
                { emails: ["ops@example.jp", "Ops@Example.jp"] },
                "Alarms `emails` must not repeat an address, got `Ops@Example.jp` twice.",
            ],
        ];
        for (const [overrides, message] of cases) {
            assert.throws(() => validateAlarmsArgs(args(overrides)), { message });
        }
        assert.doesNotThrow(() =>
            validateAlarmsArgs(
                args({
                    cacheMode: "serverless",
                    cacheClusterId: undefined,
                    serverlessCache: { name: "tng-dev-cache", ...SERVERLESS_LIMITS },
                }),
            ),
        );
    });

    it("validates in the constructor before creating any child", async () => {
        const rec = await freshMocks();
        assert.throws(() => new Alarms("bad", args({ cacheClusterId: undefined })), {
            message: "Alarms `cacheClusterId` must be set when `cacheMode` is node.",
        });
        assert.strictEqual(rec.ofType(TOPIC).length, 0);
    });
});

function assertAlarms(recorder: ResourceRecorder, rows: Row[]): void {
    const topicArn = recorder.get(TOPIC, "t-topic").outputs["arn"];
    // Registration order follows input resolution, not creation: compare the sets.
    assert.deepStrictEqual(
        recorder
            .ofType(ALARM)
            .map((r) => r.name)
            .sort(),
        rows.map((r) => `t-${r[0]}`).sort(),
    );
    for (const [
        key,
        namespace,
        metric,
        stat,
        threshold,
        comparison,
        period,
        evals,
        points,
        missing,
        dims,
    ] of rows) {
        const percentile = stat.startsWith("p");
        const expected: Record<string, unknown> = {
            alarmDescription: recorder.get(ALARM, `t-${key}`).inputs["alarmDescription"],
            namespace,
            metricName: metric,
            ...(percentile
                ? { extendedStatistic: stat, evaluateLowSampleCountPercentiles: "ignore" }
                : { statistic: stat }),
            threshold,
            comparisonOperator: comparison,
            period,
            evaluationPeriods: evals,
            datapointsToAlarm: points,
            treatMissingData: missing,
            dimensions: Object.fromEntries(dims.map((d) => [d, DIMENSION_VALUES[d]])),
            alarmActions: [topicArn],
            okActions: [topicArn],
        };
        const inputs = { ...recorder.get(ALARM, `t-${key}`).inputs };
        delete inputs["__defaults"];
        assert.deepStrictEqual(inputs, expected, key);
        assert.strictEqual(typeof expected.alarmDescription, "string", key);
    }
}

describe("Alarms (node cache, two subscribers)", () => {
    let recorder: ResourceRecorder;
    let value: Alarms;
    before(async () => {
        ({ recorder, value } = await record(() => new Alarms("t", args())));
    });

    it("creates one topic, one topic policy, two subscriptions and twelve alarms", () => {
        assert.deepStrictEqual(recorder.countsByType(), {
            [ALARM]: 12,
            [TOPIC]: 1,
            [TOPIC_POLICY]: 1,
            [SUBSCRIPTION]: 2,
            "tng:ops:Alarms": 1,
        });
    });

    it("encrypts the topic with the stack key", () => {
        const topic = recorder.get(TOPIC, "t-topic");
        assert.strictEqual(topic.inputs["kmsMasterKeyId"], KEY_ARN);
    });

    it("attaches the CloudWatch-only, TLS-only policy to the topic", () => {
        const arn = recorder.get(TOPIC, "t-topic").outputs["arn"] as string;
        const policy = recorder.get(TOPIC_POLICY, "t-topic-policy");
        assert.strictEqual(policy.inputs["arn"], arn);
        assert.deepStrictEqual(
            policyStatements(policy.inputs["policy"]),
            policyStatements(alarmTopicPolicy(arn, MOCK_ACCOUNT_ID, "ap-northeast-1")),
        );
    });

    it("subscribes each address by e-mail, named by the address hash", () => {
        const arn = recorder.get(TOPIC, "t-topic").outputs["arn"];
        assert.deepStrictEqual(
            recorder
                .ofType(SUBSCRIPTION)
                .map((s) => [
                    s.name,
                    s.inputs["topic"],
                    s.inputs["protocol"],
                    s.inputs["endpoint"],
                ]),
            [
                ["t-email-3d600311", arn, "email", "ops@example.jp"],
                ["t-email-decc98d9", arn, "email", "oncall@example.jp"],
            ],
        );
    });

    it("asks CloudWatch for exactly the listed alarms, notifying the topic on alarm and on OK", () => {
        assertAlarms(recorder, NODE_ROWS);
    });

    it("registers the topic ARN and the alarm names as outputs", () => {
        const component = recorder.get("tng:ops:Alarms", "t");
        assert.deepStrictEqual(component.outputs, {
            topicArn: recorder.get(TOPIC, "t-topic").outputs["arn"],
            alarmNames: NODE_ROWS.map((r) => `t-${r[0]}`),
        });
        assert.ok(value.topicArn);
    });
});

describe("Alarms (serverless cache, no subscriber)", () => {
    let recorder: ResourceRecorder;
    before(async () => {
        ({ recorder } = await record(
            () =>
                new Alarms(
                    "t",
                    args({
                        cacheMode: "serverless",
                        cacheClusterId: undefined,
                        serverlessCache: { name: "tng-dev-cache", ...SERVERLESS_LIMITS },
                        emails: [],
                    }),
                ),
        ));
    });

    it("creates the topic and policy, no subscription and fourteen alarms", () => {
        assert.deepStrictEqual(recorder.countsByType(), {
            [ALARM]: 14,
            [TOPIC]: 1,
            [TOPIC_POLICY]: 1,
            "tng:ops:Alarms": 1,
        });
    });

    it("has the serverless cache alarms (no node CPU) and the same ALB, service and database alarms", () => {
        assertAlarms(recorder, [...SERVERLESS_ROWS, ...SERVERLESS_CACHE_ROWS]);
    });
});

describe("Alarms (serverless cache with limits, EventBridge publishing)", () => {
    let recorder: ResourceRecorder;
    let value: Alarms;
    before(async () => {
        ({ recorder, value } = await record(
            () =>
                new Alarms(
                    "t",
                    args({
                        cacheMode: "serverless",
                        cacheClusterId: undefined,
                        serverlessCache: { name: "tng-dev-cache", ...SERVERLESS_LIMITS },
                        eventBridgePublish: true,
                    }),
                ),
        ));
    });

    it("lists the four serverless cache alarms on the clusterId dimension", () => {
        assert.deepStrictEqual(
            asRows(
                alarmDefinitions({
                    ...definitionOptions("serverless"),
                    serverlessCache: SERVERLESS_LIMITS,
                }),
            ),
            [...SERVERLESS_ROWS, ...SERVERLESS_CACHE_ROWS],
        );
    });

    it("asks CloudWatch for the ALB, service, database and serverless cache alarms", () => {
        assert.strictEqual(recorder.ofType(ALARM).length, 14);
        assertAlarms(recorder, [...SERVERLESS_ROWS, ...SERVERLESS_CACHE_ROWS]);
    });

    it("admits EventBridge to the topic, unconditioned, between the CloudWatch and TLS statements", () => {
        const arn = recorder.get(TOPIC, "t-topic").outputs["arn"] as string;
        const statements = policyStatements(
            recorder.get(TOPIC_POLICY, "t-topic-policy").inputs["policy"],
        );
        assert.deepStrictEqual(
            statements.map((st) => st.Sid),
            ["CloudWatchAlarmsPublish", "EventBridgeRulesPublish", "DenyInsecureTransport"],
        );
        assert.deepStrictEqual(statements[1], {
            Sid: "EventBridgeRulesPublish",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Resource: arn,
        });
    });

    it("exposes the resolved thresholds for the dashboard", () => {
        assert.deepStrictEqual(value.thresholds, ALARM_THRESHOLD_DEFAULTS);
    });

    it("scales the ECPU and storage thresholds with the limits and percents", () => {
        const defs = alarmDefinitions({
            ...definitionOptions("serverless"),
            serverlessCache: { maxEcpuPerSecond: 1000, maxDataStorageGb: 1 },
            thresholds: { serverlessEcpuPercent: 50, serverlessStoragePercent: 90 },
        });
        assert.deepStrictEqual(
            Object.fromEntries(
                defs.filter((d) => d.key.startsWith("cache-")).map((d) => [d.key, d.threshold]),
            ),
            {
                "cache-throttled": 1,
                "cache-ecpu": 30000,
                "cache-storage": 900000000,
                "cache-evictions": 1000,
            },
        );
    });

    it("rejects serverless limits in node mode and bad limits with exact messages", () => {
        const cases: [() => unknown, string][] = [
            [
                () =>
                    alarmDefinitions({
                        ...definitionOptions("node"),
                        serverlessCache: SERVERLESS_LIMITS,
                    }),
                "Alarms `serverlessCache` applies only when `cacheMode` is serverless.",
            ],
            [
                () =>
                    validateAlarmsArgs(
                        args({ serverlessCache: { name: "c", ...SERVERLESS_LIMITS } }),
                    ),
                "Alarms `serverlessCache` applies only when `cacheMode` is serverless.",
            ],
            [
                () =>
                    alarmDefinitions({
                        ...definitionOptions("serverless"),
                        serverlessCache: { maxEcpuPerSecond: 0, maxDataStorageGb: 10 },
                    }),
                "Alarms `serverlessCache.maxEcpuPerSecond` must be an integer of at least 1, got 0.",
            ],
            [
                () =>
                    alarmDefinitions({
                        ...definitionOptions("serverless"),
                        serverlessCache: { maxEcpuPerSecond: 5000, maxDataStorageGb: 1.5 },
                    }),
                "Alarms `serverlessCache.maxDataStorageGb` must be an integer of at least 1, got 1.5.",
            ],
            [
                () => resolveThresholds({ serverlessEcpuPercent: 120 }),
                "Alarms `thresholds.serverlessEcpuPercent` must be a percent from 0 to 100, got 120.",
            ],
        ];
        for (const [fn, message] of cases) {
            assert.throws(fn, { message });
        }
    });
});
