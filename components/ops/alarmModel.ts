/**
 * The one alarm model of the stack: every CloudWatch alarm is an {@link AlarmDefinition} row (what
 * is measured, how, when it fires, and what the on-call person does), and {@link createAlarm} is
 * the one factory that turns a row into an `aws.cloudwatch.MetricAlarm`. The components that own
 * alarms (Alarms, EdgeMonitoring, TrailAlarms, RotationRedeploy) only list rows and give the
 * factory their dimension values and topic; the dashboard draws the rows' thresholds and
 * docs/operations.md's alarm tables are rendered from the rows (scripts/alarmTables.ts,
 * `npm run docs`), so a new alarm is one row plus its test.
 *
 * Alarm inputs: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 * (a single metric, or `Metrics` with metric math, never both).
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";

/** CloudWatch's comparison operators for static thresholds. */
export type ComparisonOperator =
    | "GreaterThanOrEqualToThreshold"
    | "GreaterThanThreshold"
    | "LessThanThreshold"
    | "LessThanOrEqualToThreshold";

/** How an alarm treats a period without data points. */
export type TreatMissingData = "missing" | "ignore" | "breaching" | "notBreaching";

/** A simple statistic; percentiles (`p95`) go in `extendedStatistic` / `stat`. */
export type SimpleStatistic = "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount";

/** One metric that a metric-math alarm reads (same namespace and dimensions as the row). */
export interface AlarmMathInput {
    readonly metric: string;
    /** `Sum`, `Average` … or a percentile such as `p90`. */
    readonly stat: string;
}

/** What the on-call person reads: what a firing usually means and what to look at first. */
export interface AlarmRunbook {
    readonly means: string;
    readonly firstSteps: string;
}

/** One alarm, as data. Exactly one of `metric` and `math` is set. */
export interface AlarmDefinition {
    /** Stable short id; the alarm's logical name is `<component name>-<key>`. */
    readonly key: string;
    /** What the alarm means: its AlarmDescription. */
    readonly description: string;
    readonly namespace: string;
    /** Single-metric alarm: the metric name. */
    readonly metric?: string;
    /** A simple statistic; with `metric`, exactly one of `statistic` and `extendedStatistic`. */
    readonly statistic?: SimpleStatistic;
    /** A percentile such as `p95`. */
    readonly extendedStatistic?: string;
    /** Metric math: the inputs by query id, and the expression whose result is judged. */
    readonly math?: {
        readonly inputs: Readonly<Record<string, AlarmMathInput>>;
        readonly expression: string;
        readonly label: string;
    };
    /** In the metric's own unit (seconds, percent, bytes, count). */
    readonly threshold: number;
    readonly comparison: ComparisonOperator;
    /** Seconds per data point. */
    readonly period: number;
    readonly evaluationPeriods: number;
    /** Breaching data points out of `evaluationPeriods` needed to fire; unset: all of them. */
    readonly datapointsToAlarm?: number;
    readonly treatMissingData: TreatMissingData;
    /** Why `treatMissingData` is what it is. */
    readonly missingDataReason: string;
    /** Dimension names, in order; the component gives each a value. */
    readonly dimensions: readonly string[];
    /** Notify the topic when the alarm clears too (okActions). */
    readonly notifyOk: boolean;
    readonly runbook: AlarmRunbook;
}

/** Where an alarm row lands: the topic it notifies, its dimension values, its region. */
export interface AlarmTarget {
    readonly topicArn: pulumi.Input<string>;
    /** A value for every name in the row's `dimensions`. */
    readonly dimensions?: Readonly<Record<string, pulumi.Input<string> | undefined>>;
    /** Set only for an alarm outside the provider's region (CloudFront: us-east-1). */
    readonly region?: string;
}

/** Checks a row's shape; throws naming the row and the problem. */
export function validateAlarmDefinition(d: AlarmDefinition): void {
    const problems: string[] = [];
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(d.key)) {
        problems.push("`key` must be kebab-case");
    }
    if ((d.metric === undefined) === (d.math === undefined)) {
        problems.push("exactly one of `metric` and `math` must be set");
    }
    if (
        d.metric !== undefined &&
        (d.statistic === undefined) === (d.extendedStatistic === undefined)
    ) {
        problems.push("exactly one of `statistic` and `extendedStatistic` must be set");
    }
    if (!Number.isFinite(d.threshold)) {
        problems.push(`\`threshold\` must be a number, got ${d.threshold}`);
    }
    if (!Number.isInteger(d.period) || d.period < 10 || (d.period > 30 && d.period % 60 !== 0)) {
        problems.push(`\`period\` must be 10, 20, 30 or a multiple of 60 seconds, got ${d.period}`);
    }
    if (!Number.isInteger(d.evaluationPeriods) || d.evaluationPeriods < 1) {
        problems.push(`\`evaluationPeriods\` must be a whole number of at least 1`);
    }
    const dp = d.datapointsToAlarm;
    if (dp !== undefined && (!Number.isInteger(dp) || dp < 1 || dp > d.evaluationPeriods)) {
        problems.push(
            `\`datapointsToAlarm\` must be from 1 to evaluationPeriods (${d.evaluationPeriods})`,
        );
    }
    if (problems.length > 0) {
        throw new Error(`Alarm row \`${d.key}\`: ${problems.join("; ")}.`);
    }
}

/**
 * The MetricAlarm inputs of a row. Pure: tests compare it with what the components create. Inputs
 * a row does not use are left out (not set empty), so every alarm keeps exactly its inputs.
 */
export function metricAlarmArgs(
    d: AlarmDefinition,
    target: AlarmTarget,
): aws.cloudwatch.MetricAlarmArgs {
    validateAlarmDefinition(d);
    const dimensions: Record<string, pulumi.Input<string>> = {};
    for (const name of d.dimensions) {
        const value = target.dimensions?.[name];
        if (value === undefined) {
            throw new Error(`Alarm row \`${d.key}\`: no value for its dimension \`${name}\`.`);
        }
        dimensions[name] = value;
    }
    const hasDimensions = d.dimensions.length > 0;
    const common: aws.cloudwatch.MetricAlarmArgs = {
        ...(target.region !== undefined ? { region: target.region } : {}),
        alarmDescription: d.description,
        threshold: d.threshold,
        comparisonOperator: d.comparison,
        evaluationPeriods: d.evaluationPeriods,
        datapointsToAlarm: d.datapointsToAlarm,
        treatMissingData: d.treatMissingData,
        alarmActions: [target.topicArn],
        ...(d.notifyOk ? { okActions: [target.topicArn] } : {}),
    };
    if (d.math !== undefined) {
        return {
            ...common,
            metricQueries: [
                ...Object.entries(d.math.inputs).map(([id, m]) => ({
                    id,
                    metric: {
                        namespace: d.namespace,
                        metricName: m.metric,
                        stat: m.stat,
                        period: d.period,
                        ...(hasDimensions ? { dimensions } : {}),
                    },
                    returnData: false,
                })),
                {
                    id: "result",
                    expression: d.math.expression,
                    label: d.math.label,
                    returnData: true,
                },
            ],
        };
    }
    return {
        ...common,
        namespace: d.namespace,
        metricName: d.metric,
        statistic: d.statistic,
        extendedStatistic: d.extendedStatistic,
        // A percentile over a handful of samples is noise: keep the state instead.
        evaluateLowSampleCountPercentiles: d.extendedStatistic !== undefined ? "ignore" : undefined,
        period: d.period,
        ...(hasDimensions ? { dimensions } : {}),
    };
}

/** The one alarm factory: the row as `<name>-<key>`, a child of `parent`. */
export function createAlarm(
    parent: pulumi.Resource,
    name: string,
    d: AlarmDefinition,
    target: AlarmTarget,
): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(`${name}-${d.key}`, metricAlarmArgs(d, target), {
        parent,
    });
}

const OPERATOR_TEXT: Record<ComparisonOperator, string> = {
    GreaterThanOrEqualToThreshold: "≥",
    GreaterThanThreshold: ">",
    LessThanThreshold: "<",
    LessThanOrEqualToThreshold: "≤",
};

function duration(seconds: number): string {
    return seconds % 3600 === 0
        ? `${seconds / 3600} h`
        : seconds % 60 === 0
          ? `${seconds / 60} min`
          : `${seconds} s`;
}

/** `≥ 10 in 1 of 1 × 5 min`: the firing rule of a row in words, for the docs and tests. */
export function firesWhen(d: AlarmDefinition): string {
    const n = d.datapointsToAlarm ?? d.evaluationPeriods;
    const value = d.threshold.toLocaleString("en-US", { maximumFractionDigits: 3 });
    return `${OPERATOR_TEXT[d.comparison]} ${value} in ${n} of ${d.evaluationPeriods} × ${duration(d.period)}`;
}

/** `Namespace Metric (stat)`, or the math expression over its inputs. */
export function measures(d: AlarmDefinition): string {
    if (d.math !== undefined) {
        const inputs = Object.entries(d.math.inputs)
            .map(([id, m]) => `${id} = ${m.metric} (${m.stat})`)
            .join(", ");
        return `${d.namespace} \`${d.math.expression}\` with ${inputs}`;
    }
    return `${d.namespace} \`${d.metric}\` (${d.extendedStatistic ?? d.statistic})`;
}
