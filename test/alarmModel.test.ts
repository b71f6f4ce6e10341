/**
 * The one alarm model: the factory's exact inputs for each row shape (single metric with a simple
 * statistic or a percentile, metric math, no dimensions, OK notifications, a region), every
 * validation message, the words the generated docs use, and that every alarm both stacks create
 * is a model row with the factory's inputs (no alarm is written by hand).
 */
import * as assert from "assert";
import { rotationAlarmDefinitions } from "../components/app/rotationRedeploy";
import { CIS_METRIC_FILTERS, cisAlarmDefinition } from "../components/audit/trailAlarms";
import {
    AlarmDefinition,
    firesWhen,
    measures,
    metricAlarmArgs,
    validateAlarmDefinition,
} from "../components/ops/alarmModel";
import { alarmDefinitions } from "../components/ops/alarms";
import { edgeAlarmDefinitions } from "../components/ops/edgeMonitoring";
import { synthesize } from "../offline/synth";
import { alarmOptionsOf, edgeOptionsOf } from "../stacks/alarmOptions";
import { renderAlarmTables, stackSettings } from "../scripts/alarmTables";

const TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:alarms";

const ROW: AlarmDefinition = {
    key: "x-rate",
    description: "X is high.",
    namespace: "AWS/X",
    metric: "Errors",
    statistic: "Sum",
    threshold: 5,
    comparison: "GreaterThanOrEqualToThreshold",
    period: 300,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: "notBreaching",
    missingDataReason: "only with traffic.",
    dimensions: ["Name"],
    notifyOk: true,
    runbook: { means: "m", firstSteps: "f" },
};

describe("the alarm model's factory", () => {
    it("gives a single-metric row its exact inputs, with OK notifications", () => {
        assert.deepStrictEqual(
            JSON.parse(
                JSON.stringify(
                    metricAlarmArgs(ROW, { topicArn: TOPIC, dimensions: { Name: "n" } }),
                ),
            ),
            {
                alarmDescription: "X is high.",
                threshold: 5,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                evaluationPeriods: 3,
                datapointsToAlarm: 2,
                treatMissingData: "notBreaching",
                alarmActions: [TOPIC],
                okActions: [TOPIC],
                namespace: "AWS/X",
                metricName: "Errors",
                statistic: "Sum",
                period: 300,
                dimensions: { Name: "n" },
            },
        );
    });

    it("ignores low-sample percentiles, leaves out empty dimensions, sets a region", () => {
        const args = metricAlarmArgs(
            {
                ...ROW,
                statistic: undefined,
                extendedStatistic: "p90",
                dimensions: [],
                notifyOk: false,
            },
            { topicArn: TOPIC, region: "us-east-1" },
        );
        assert.strictEqual(args.extendedStatistic, "p90");
        assert.strictEqual(args.evaluateLowSampleCountPercentiles, "ignore");
        assert.strictEqual(args.region, "us-east-1");
        assert.ok(!("dimensions" in args) && !("okActions" in args));
    });

    it("turns a math row into metric queries with the row's namespace, period and dimensions", () => {
        const math: AlarmDefinition = {
            ...ROW,
            metric: undefined,
            statistic: undefined,
            math: {
                inputs: { a: { metric: "Requests", stat: "Sum" } },
                expression: "IF(a > 1, a, 0)",
                label: "L",
            },
        };
        const args = metricAlarmArgs(math, { topicArn: TOPIC, dimensions: { Name: "n" } });
        assert.deepStrictEqual(args.metricQueries, [
            {
                id: "a",
                metric: {
                    namespace: "AWS/X",
                    metricName: "Requests",
                    stat: "Sum",
                    period: 300,
                    dimensions: { Name: "n" },
                },
                returnData: false,
            },
            { id: "result", expression: "IF(a > 1, a, 0)", label: "L", returnData: true },
        ]);
        assert.ok(!("namespace" in args) && !("period" in args));
        assert.strictEqual(measures(math), "AWS/X `IF(a > 1, a, 0)` with a = Requests (Sum)");
    });

    it("rejects malformed rows and missing dimension values with exact messages", () => {
        const cases: [AlarmDefinition, string][] = [
            [
                { ...ROW, key: "Bad Key", math: { inputs: {}, expression: "a", label: "l" } },
                "Alarm row `Bad Key`: `key` must be kebab-case; exactly one of `metric` and `math` must be set.",
            ],
            [
                { ...ROW, extendedStatistic: "p95" },
                "Alarm row `x-rate`: exactly one of `statistic` and `extendedStatistic` must be set.",
            ],
            [
                { ...ROW, period: 90, datapointsToAlarm: 4 },
                "Alarm row `x-rate`: `period` must be 10, 20, 30 or a multiple of 60 seconds, got 90; `datapointsToAlarm` must be from 1 to evaluationPeriods (3).",
            ],
            [
                {
                    ...ROW,
                    threshold: Number.NaN,
                    evaluationPeriods: 0,
                    datapointsToAlarm: undefined,
                },
                "Alarm row `x-rate`: `threshold` must be a number, got NaN; `evaluationPeriods` must be a whole number of at least 1.",
            ],
        ];
        for (const [row, message] of cases) {
            assert.throws(() => validateAlarmDefinition(row), { message });
        }
        assert.throws(() => metricAlarmArgs(ROW, { topicArn: TOPIC }), {
            message: "Alarm row `x-rate`: no value for its dimension `Name`.",
        });
    });

    it("says when a row fires in words", () => {
        assert.strictEqual(firesWhen(ROW), "≥ 5 in 2 of 3 × 5 min");
        assert.strictEqual(
            firesWhen({
                ...ROW,
                comparison: "LessThanThreshold",
                threshold: 1234.5,
                period: 3600,
                datapointsToAlarm: undefined,
            }),
            "< 1,234.5 in 3 of 3 × 1 h",
        );
        assert.strictEqual(measures(ROW), "AWS/X `Errors` (Sum)");
    });
});

describe("every alarm is a model row", () => {
    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: each MetricAlarm has exactly the factory's inputs for its row`, async () => {
            const result = await synthesize(stack);
            const settings = stackSettings(stack);
            const prefix = `tng-${stack}`;
            const rows = new Map<string, AlarmDefinition>();
            const add = (component: string, defs: AlarmDefinition[]) =>
                defs.forEach((d) => rows.set(`${prefix}-${component}-${d.key}`, d));
            add("alarms", alarmDefinitions(alarmOptionsOf(settings)));
            add("edge-monitoring", edgeAlarmDefinitions(edgeOptionsOf(settings)));
            add("db-rotation", rotationAlarmDefinitions());
            add(
                "trail-alarms",
                CIS_METRIC_FILTERS.map((f) =>
                    cisAlarmDefinition(f, `${prefix}-trail-alarms-${f.key}`),
                ),
            );
            const alarms = result.resources.filter(
                (r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm",
            );
            assert.ok(alarms.length > 0);
            for (const alarm of alarms) {
                const row = rows.get(alarm.name);
                assert.ok(row, `${alarm.name} is no model row`);
                const inputs = { ...alarm.inputs };
                delete inputs["__defaults"];
                // Dimension values and topics are the stack's own: compare the row's part.
                const expected = JSON.parse(
                    JSON.stringify(
                        metricAlarmArgs(row, {
                            topicArn: (inputs.alarmActions as string[])[0],
                            dimensions: (inputs.dimensions ??
                                Object.fromEntries(row.dimensions.map((d) => [d, "x"]))) as Record<
                                string,
                                string
                            >,
                            region: inputs.region as string | undefined,
                        }),
                    ),
                );
                if (row.math) {
                    expected.metricQueries = inputs.metricQueries;
                    // The queries' shape is the factory's (checked above); dimensions are the stack's.
                    assert.deepStrictEqual(
                        (inputs.metricQueries as { id: string }[]).map((q) => q.id),
                        [...Object.keys(row.math.inputs), "result"],
                    );
                }
                assert.deepStrictEqual(inputs, expected, alarm.name);
            }
        });
    }

    it("the generated docs tables name every row of both stacks", () => {
        const tables = renderAlarmTables();
        for (const key of ["alb-no-healthy-hosts", "db-connections", "cache-evictions"]) {
            assert.ok(tables.regional.includes(`| \`${key}\` |`), key);
        }
        assert.ok(tables.edge.includes("| `cache-hit-rate` (prod only) |"));
        assert.ok(tables.serverless.includes("| `cache-throttled` |"));
        assert.ok(tables.rotation.includes("| `rotated-without-redeploy` |"));
        assert.strictEqual(tables.cis.split("\n").length, 2 + CIS_METRIC_FILTERS.length);
    });
});
