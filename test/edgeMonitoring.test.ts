/**
 * EdgeMonitoring: the monitoring subscription, the us-east-1 key, topic, policy and subscriptions,
 * and every CloudFront alarm's region, namespace, metrics, dimensions, math and threshold, with
 * and without the additional metrics. Mock tests prove the requested inputs only.
 */
import * as assert from "assert";
import { alarmTopicPolicy } from "../components/ops/alarms";
import {
    EdgeMonitoring,
    EdgeMonitoringArgs,
    edgeAlarmDefinitions,
    edgeTopicKeyPolicy,
} from "../components/ops/edgeMonitoring";
import { EDGE_THRESHOLD_DEFAULTS, resolveEdgeThresholds } from "../components/ops/thresholds";
import { MOCK_ACCOUNT_ID, ResourceRecorder } from "../offline/mocks";
import { freshMocks, policyStatements, record } from "./harness";

const DIST = "E2QWRUHEXAMPLE";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const SUB = "aws:sns/topicSubscription:TopicSubscription";
const KEY = "aws:kms/key:Key";
const MON = "aws:cloudfront/monitoringSubscription:MonitoringSubscription";
const DIMS = { DistributionId: DIST, Region: "Global" };

function args(overrides: Partial<EdgeMonitoringArgs> = {}): EdgeMonitoringArgs {
    return {
        distributionId: DIST,
        accountId: MOCK_ACCOUNT_ID,
        additionalMetrics: true,
        emails: ["ops@example.jp"],
        ...overrides,
    };
}

function inputsOf(rec: ResourceRecorder, type: string, name: string): Record<string, unknown> {
    const inputs = { ...rec.get(type, name).inputs };
    delete inputs["__defaults"];
    return inputs;
}

function mathQuery(id: string, metricName: string, stat: string, period: number) {
    return {
        id,
        metric: { namespace: "AWS/CloudFront", metricName, stat, period, dimensions: DIMS },
        returnData: false,
    };
}

describe("EdgeMonitoring (additional metrics on)", () => {
    let rec: ResourceRecorder;
    let value: EdgeMonitoring;
    before(async () => {
        ({ recorder: rec, value } = await record(() => new EdgeMonitoring("em", args())));
    });

    it("creates the subscription, a us-east-1 key, topic, policy, one e-mail and three alarms", () => {
        assert.deepStrictEqual(rec.countsByType(), {
            [MON]: 1,
            [KEY]: 1,
            [TOPIC]: 1,
            "aws:sns/topicPolicy:TopicPolicy": 1,
            [SUB]: 1,
            [ALARM]: 3,
            "tng:ops:EdgeMonitoring": 1,
        });
    });

    it("enables the additional metrics of the distribution", () => {
        assert.deepStrictEqual(inputsOf(rec, MON, "em-metrics"), {
            distributionId: DIST,
            monitoringSubscription: {
                realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: "Enabled" },
            },
        });
    });

    it("encrypts the us-east-1 topic with a rotating us-east-1 key only this account's alarms use", () => {
        const key = inputsOf(rec, KEY, "em-topic-key");
        assert.strictEqual(key["region"], "us-east-1");
        assert.strictEqual(key["enableKeyRotation"], true);
        assert.strictEqual(key["deletionWindowInDays"], 30);
        assert.deepStrictEqual(policyStatements(key["policy"]), [
            {
                Sid: "AccountAdministers",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchAlarmsOfThisAccount",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
            },
        ]);
        assert.deepStrictEqual(
            policyStatements(key["policy"]),
            policyStatements(edgeTopicKeyPolicy(MOCK_ACCOUNT_ID)),
        );
        const topic = inputsOf(rec, TOPIC, "em-topic");
        assert.deepStrictEqual(topic, {
            region: "us-east-1",
            kmsMasterKeyId: rec.get(KEY, "em-topic-key").outputs["arn"],
        });
        assert.match(String(rec.get(TOPIC, "em-topic").outputs["arn"]), /^arn:aws:sns:us-east-1:/);
    });

    it("lets only us-east-1 alarms of this account publish, over TLS, and subscribes the address there", () => {
        const arn = rec.get(TOPIC, "em-topic").outputs["arn"] as string;
        const policy = inputsOf(rec, "aws:sns/topicPolicy:TopicPolicy", "em-topic-policy");
        assert.strictEqual(policy["region"], "us-east-1");
        assert.strictEqual(policy["arn"], arn);
        assert.deepStrictEqual(
            policyStatements(policy["policy"]),
            policyStatements(alarmTopicPolicy(arn, MOCK_ACCOUNT_ID, "us-east-1")),
        );
        assert.strictEqual(
            policyStatements(policy["policy"])[0].Condition?.["ArnLike"]?.["aws:SourceArn"],
            `arn:aws:cloudwatch:us-east-1:${MOCK_ACCOUNT_ID}:alarm:*`,
        );
        assert.deepStrictEqual(inputsOf(rec, SUB, "em-email-3d600311"), {
            region: "us-east-1",
            topic: arn,
            protocol: "email",
            endpoint: "ops@example.jp",
        });
    });

    it("alarms in us-east-1 on the 5xx rate, only over periods with 100+ requests", () => {
        const arn = rec.get(TOPIC, "em-topic").outputs["arn"];
        assert.deepStrictEqual(inputsOf(rec, ALARM, "em-5xx-rate"), {
            region: "us-east-1",
            alarmDescription:
                "More than 1 % of viewer requests got a 5xx in 2 of 3 five-minute periods (periods under 100 requests count as 0).",
            threshold: 1,
            comparisonOperator: "GreaterThanThreshold",
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            treatMissingData: "notBreaching",
            alarmActions: [arn],
            okActions: [arn],
            metricQueries: [
                mathQuery("requests", "Requests", "Sum", 300),
                mathQuery("errors", "5xxErrorRate", "Average", 300),
                {
                    id: "result",
                    expression: "IF(requests >= 100, errors, 0)",
                    label: "5xx % (enough requests)",
                    returnData: true,
                },
            ],
        });
    });

    it("alarms in us-east-1 on a cache hit rate under 80 % for an hour, quiet periods on target", () => {
        const arn = rec.get(TOPIC, "em-topic").outputs["arn"];
        assert.deepStrictEqual(inputsOf(rec, ALARM, "em-cache-hit-rate"), {
            region: "us-east-1",
            alarmDescription:
                "Cache hit rate below the 80 % target for an hour (15-minute periods under 1000 requests count as on target).",
            threshold: 80,
            comparisonOperator: "LessThanThreshold",
            evaluationPeriods: 4,
            datapointsToAlarm: 4,
            treatMissingData: "notBreaching",
            alarmActions: [arn],
            okActions: [arn],
            metricQueries: [
                mathQuery("requests", "Requests", "Sum", 900),
                mathQuery("hits", "CacheHitRate", "Average", 900),
                {
                    id: "result",
                    expression: "IF(requests >= 1000, hits, 100)",
                    label: "Cache hit % (enough requests)",
                    returnData: true,
                },
            ],
        });
    });

    it("alarms in us-east-1 on OriginLatency p90 above 1000 ms", () => {
        const arn = rec.get(TOPIC, "em-topic").outputs["arn"];
        assert.deepStrictEqual(inputsOf(rec, ALARM, "em-origin-latency-p90"), {
            region: "us-east-1",
            alarmDescription: "p90 origin latency above 1000 ms in 3 of 3 five-minute periods.",
            threshold: 1000,
            comparisonOperator: "GreaterThanThreshold",
            evaluationPeriods: 3,
            datapointsToAlarm: 3,
            treatMissingData: "notBreaching",
            alarmActions: [arn],
            okActions: [arn],
            namespace: "AWS/CloudFront",
            metricName: "OriginLatency",
            extendedStatistic: "p90",
            evaluateLowSampleCountPercentiles: "ignore",
            period: 300,
            dimensions: DIMS,
        });
    });

    it("exposes the thresholds and registers the topic and alarm names", () => {
        assert.deepStrictEqual(value.thresholds, EDGE_THRESHOLD_DEFAULTS);
        assert.strictEqual(value.additionalMetrics, true);
        assert.deepStrictEqual(rec.get("tng:ops:EdgeMonitoring", "em").outputs, {
            topicArn: rec.get(TOPIC, "em-topic").outputs["arn"],
            alarmNames: ["em-5xx-rate", "em-cache-hit-rate", "em-origin-latency-p90"],
        });
    });
});

describe("EdgeMonitoring (additional metrics off)", () => {
    it("buys no extra metrics and alarms only on the free 5xx rate", async () => {
        const { recorder: rec } = await record(
            () => new EdgeMonitoring("em", args({ additionalMetrics: false, emails: [] })),
        );
        assert.deepStrictEqual(rec.countsByType(), {
            [KEY]: 1,
            [TOPIC]: 1,
            "aws:sns/topicPolicy:TopicPolicy": 1,
            [ALARM]: 1,
            "tng:ops:EdgeMonitoring": 1,
        });
        assert.strictEqual(rec.get(ALARM, "em-5xx-rate").inputs["region"], "us-east-1");
    });
});

describe("edgeAlarmDefinitions and thresholds", () => {
    it("applies overrides to every alarm", () => {
        const defs = edgeAlarmDefinitions({
            additionalMetrics: true,
            thresholds: {
                cacheHitRatePercent: 90,
                cacheHitRateMinRequests: 50,
                originLatencyP90Ms: 500,
                error5xxRatePercent: 2,
                error5xxMinRequests: 10,
            },
        });
        assert.deepStrictEqual(
            defs.map((d) => [d.key, d.threshold, d.math?.expression]),
            [
                ["5xx-rate", 2, "IF(requests >= 10, errors, 0)"],
                ["cache-hit-rate", 90, "IF(requests >= 50, hits, 100)"],
                ["origin-latency-p90", 500, undefined],
            ],
        );
    });

    it("rejects invalid thresholds and addresses with exact messages", async () => {
        const cases: [() => unknown, string][] = [
            [
                () => resolveEdgeThresholds({ cacheHitRatePercent: 0 }),
                "EdgeMonitoring `thresholds.cacheHitRatePercent` must be a positive number, got 0.",
            ],
            [
                () => resolveEdgeThresholds({ error5xxRatePercent: 101 }),
                "EdgeMonitoring `thresholds.error5xxRatePercent` must be a percent from 0 to 100, got 101.",
            ],
            [
                () => resolveEdgeThresholds({ cacheHitRateMinRequests: 10.5 }),
                "EdgeMonitoring `thresholds.cacheHitRateMinRequests` must be a whole number of requests, got 10.5.",
            ],
        ];
        for (const [fn, message] of cases) {
            assert.throws(fn, { message });
        }
        const r = await freshMocks();
        assert.throws(() => new EdgeMonitoring("bad", args({ emails: ["nope"] })), {
            message: "EdgeMonitoring `emails` must hold e-mail addresses, got `nope`.",
        });
        assert.strictEqual(r.ofType(TOPIC).length, 0);
    });
});
