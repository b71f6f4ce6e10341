/**
 * EdgeMonitoring: the CloudFront KPIs measured and alarmed (notes: cache hit ratio 80 % or more,
 * origin latency, errors).
 *
 * - CloudFront's additional metrics (CacheHitRate, OriginLatency, per-status error rates) when
 *   `additionalMetrics` is set: an `aws.cloudfront.MonitoringSubscription`, billed per
 *   distribution per month. Without it only the default metrics exist (Requests, 4xx/5xx rates),
 *   so only the 5xx alarm is created.
 * - CloudFront publishes its metrics only in us-east-1, namespace AWS/CloudFront, dimensions
 *   DistributionId and Region=Global:
 *   https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html
 *   An alarm evaluates metrics of its own region, so the alarms are created in us-east-1.
 * - An alarm action must be a topic in the alarm's region (PutMetricAlarm rejects another region:
 *   "Invalid region … specified. Only us-east-1 is supported", as reported in
 *   https://github.com/cds-snc/notification-terraform/pull/128), so the stack's alarm topic in
 *   ap-northeast-1 cannot be the action. This component makes a us-east-1 twin of it: same policy
 *   shape, same e-mail subscribers (each confirms once more), encrypted with a small us-east-1
 *   customer managed key. The stack key is regional, and the AWS managed SNS key cannot be used:
 *   its policy cannot admit CloudWatch, which publishes the alarms
 *   (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 *
 * The alarms that judge ratios only judge periods with enough requests (metric math IF on the
 * Requests sum), so quiet night hours neither fire nor clear them.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { EDGE_REGION } from "../edge/webAcl";
import { accountAdministers } from "../security/stackKey";
import { AlarmDefinition, createAlarm } from "./alarmModel";
import { validateEmails } from "./alarms";
import { alarmTopic } from "./alarmTopic";
import { regionalKey } from "../security/regionalKey";
import { EdgeThresholds, resolveEdgeThresholds } from "./thresholds";

/** CloudFront's metrics namespace and its fixed `Region` dimension value. */
export const CLOUDFRONT_NAMESPACE = "AWS/CloudFront";
export const CLOUDFRONT_REGION_DIMENSION = "Global";

/** Dimensions of every CloudFront alarm; EdgeMonitoring gives their values. */
const EDGE_DIMENSIONS = ["DistributionId", "Region"] as const;
// CloudFront publishes only for periods with requests: a gap is a quiet period.
const QUIET = "CloudFront publishes only for periods with requests: a gap is a quiet period.";

/**
 * The CloudFront alarms, rows of the one alarm model (./alarmModel.ts): 5xx rate always; hit rate
 * and origin latency with additional metrics.
 */
export function edgeAlarmDefinitions(options: {
    readonly additionalMetrics: boolean;
    readonly thresholds?: Partial<EdgeThresholds>;
}): AlarmDefinition[] {
    const t = resolveEdgeThresholds(options.thresholds);
    const common = {
        namespace: CLOUDFRONT_NAMESPACE,
        treatMissingData: "notBreaching",
        missingDataReason: QUIET,
        dimensions: EDGE_DIMENSIONS,
        notifyOk: true,
    } as const;
    const list: AlarmDefinition[] = [
        {
            ...common,
            key: "5xx-rate",
            description: `More than ${t.error5xxRatePercent} % of viewer requests got a 5xx in 2 of 3 five-minute periods (periods under ${t.error5xxMinRequests} requests count as 0).`,
            threshold: t.error5xxRatePercent,
            comparison: "GreaterThanThreshold",
            period: 300,
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            math: {
                inputs: {
                    requests: { metric: "Requests", stat: "Sum" },
                    errors: { metric: "5xxErrorRate", stat: "Average" },
                },
                expression: `IF(requests >= ${t.error5xxMinRequests}, errors, 0)`,
                label: "5xx % (enough requests)",
            },
            runbook: {
                means: "Viewers get errors: origin down or slow (CloudFront 502/504), or the app's 5xx.",
                firstSteps:
                    "The ALB alarms (`alb-*`) in the stack region; if those are quiet, the origin path (VPC origin, certificate, WAF). CloudFront standard logs in the log bucket show `x-edge-result-type`.",
            },
        },
    ];
    if (options.additionalMetrics) {
        list.push(
            {
                ...common,
                key: "cache-hit-rate",
                description: `Cache hit rate below the ${t.cacheHitRatePercent} % target for an hour (15-minute periods under ${t.cacheHitRateMinRequests} requests count as on target).`,
                threshold: t.cacheHitRatePercent,
                comparison: "LessThanThreshold",
                period: 900,
                evaluationPeriods: 4,
                datapointsToAlarm: 4,
                math: {
                    inputs: {
                        requests: { metric: "Requests", stat: "Sum" },
                        hits: { metric: "CacheHitRate", stat: "Average" },
                    },
                    expression: `IF(requests >= ${t.cacheHitRateMinRequests}, hits, 100)`,
                    label: "Cache hit % (enough requests)",
                },
                runbook: {
                    means: "The KPI is missed: a deploy invalidated everything, a cache policy changed, or traffic moved to uncacheable paths.",
                    firstSteps:
                        "Recent `Invalidation` runs (each deploy invalidates `edge.invalidationPaths`); the distribution's cache behaviours; the CloudFront popular-objects and cache-statistics reports.",
                },
            },
            {
                ...common,
                key: "origin-latency-p90",
                description: `p90 origin latency above ${t.originLatencyP90Ms} ms in 3 of 3 five-minute periods.`,
                threshold: t.originLatencyP90Ms,
                comparison: "GreaterThanThreshold",
                period: 300,
                evaluationPeriods: 3,
                datapointsToAlarm: 3,
                metric: "OriginLatency",
                extendedStatistic: "p90",
                runbook: {
                    means: "Cache misses are slow at the origin.",
                    firstSteps:
                        "`alb-response-time-p95`, `db-cpu`, `service-cpu` on the dashboard; if the ALB is fast, the edge-to-Tokyo path.",
                },
            },
        );
    }
    return list;
}

/** Key policy of the us-east-1 topic key: the account administers it, its alarms publish. */
export function edgeTopicKeyPolicy(accountId: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            accountAdministers(accountId),
            {
                Sid: "CloudWatchAlarmsOfThisAccount",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    });
}

export interface EdgeMonitoringArgs {
    /** The CloudFront distribution. */
    readonly distributionId: pulumi.Input<string>;
    /** This account: key policy and topic policy conditions. */
    readonly accountId: pulumi.Input<string>;
    /** Turn on CloudFront's additional metrics (paid) and the alarms that need them. */
    readonly additionalMetrics: boolean;
    /** Subscribers of the us-east-1 alarm topic: pass the stack's alert addresses. Defaults to none. */
    readonly emails?: readonly string[];
    /** Overrides of EDGE_THRESHOLD_DEFAULTS. */
    readonly thresholds?: Partial<EdgeThresholds>;
    /**
     * Pulumi `protect` and `retainOnDelete` on the topic key, as on the stack's other keys (a
     * deleted key cannot decrypt what it encrypted). Defaults to false.
     */
    readonly protect?: boolean;
}

/** CloudFront additional metrics, the us-east-1 alarm topic and the CloudFront KPI alarms. */
export class EdgeMonitoring extends pulumi.ComponentResource {
    /** The us-east-1 topic the CloudFront alarms notify. */
    public readonly topicArn: pulumi.Output<string>;
    /** Alarm names, in {@link edgeAlarmDefinitions} order. */
    public readonly alarmNames: pulumi.Output<string[]>;
    /** The resolved thresholds: the dashboard draws these lines. */
    public readonly thresholds: EdgeThresholds;
    /** Whether the additional metrics (hit rate, origin latency) exist. */
    public readonly additionalMetrics: boolean;

    /**
     * @param name The _unique_ name of this component.
     * @param args The distribution, subscribers, thresholds and whether to buy the extra metrics.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: EdgeMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:ops:EdgeMonitoring", name, {}, opts);
        validateEmails(args.emails ?? [], "EdgeMonitoring");
        const definitions = edgeAlarmDefinitions({
            additionalMetrics: args.additionalMetrics,
            thresholds: args.thresholds,
        });
        this.thresholds = resolveEdgeThresholds(args.thresholds);
        this.additionalMetrics = args.additionalMetrics;
        const parent = { parent: this };

        if (args.additionalMetrics) {
            // A global CloudFront API: no region input.
            new aws.cloudfront.MonitoringSubscription(
                `${name}-metrics`,
                {
                    distributionId: args.distributionId,
                    monitoringSubscription: {
                        realtimeMetricsSubscriptionConfig: {
                            realtimeMetricsSubscriptionStatus: "Enabled",
                        },
                    },
                },
                parent,
            );
        }

        const key = regionalKey(this, `${name}-topic-key`, {
            region: EDGE_REGION,
            description: `Alarm topic of ${name} (us-east-1; the stack key is regional)`,
            policy: pulumi.output(args.accountId).apply(edgeTopicKeyPolicy),
            protect: args.protect,
        });
        const topic = alarmTopic(this, name, {
            kmsKeyArn: key.arn,
            accountId: args.accountId,
            region: EDGE_REGION,
            explicitRegion: true,
            emails: args.emails,
        });

        const dimensions = {
            DistributionId: args.distributionId,
            Region: CLOUDFRONT_REGION_DIMENSION,
        };
        const alarms = definitions.map((d) =>
            createAlarm(this, name, d, { topicArn: topic.arn, dimensions, region: EDGE_REGION }),
        );

        this.topicArn = topic.arn;
        this.alarmNames = pulumi.all(alarms.map((a) => a.name));
        this.registerOutputs({ topicArn: this.topicArn, alarmNames: this.alarmNames });
    }
}
