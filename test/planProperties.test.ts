/**
 * Properties of the plan's comparison (offline/plan.ts planSteps), checked with fast-check on
 * generated exports and on the dev stack's own render, beside the example tests of plan.test.ts:
 * - the plan of any export against itself is all `same`;
 * - a reordered set is never a change: the order of the resources in an export, and the order of
 *   the keys in any input object, change nothing;
 * - a real difference is never hidden: one new input on one resource changes that resource only.
 */
import * as assert from "assert";
import fc from "fast-check";
import { PlanResource, planSteps } from "../offline/plan";
import { REPLACE_RULES } from "../offline/replaceRules";
import { toExport } from "../offline/synth";
import { renderedStack } from "./harness";

const TYPES = [
    "aws:s3/bucket:Bucket",
    "aws:rds/instance:Instance",
    "aws:kms/key:Key",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:iam/role:Role",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "tng:data:Database",
    "pulumi:providers:aws",
];

/** Exports: resources with unique URNs, any JSON inputs (keys such as `__proto__` included). */
const resources = fc
    .uniqueArray(
        fc.record(
            {
                name: fc.string({ minLength: 1, maxLength: 12 }),
                type: fc.constantFrom(...TYPES),
                custom: fc.boolean(),
                protect: fc.boolean(),
                inputs: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), {
                    maxKeys: 6,
                }),
            },
            { requiredKeys: ["name", "type", "custom", "inputs"] },
        ),
        { selector: (r) => `${r.type}::${r.name}`, maxLength: 12 },
    )
    .map((rs) =>
        rs.map(({ name, ...r }): PlanResource => ({
            ...r,
            urn: `urn:pulumi:dev::tng::${r.type}::${name}`,
        })),
    );

/** A deep copy through JSON, as a file written and read back. */
function viaJson<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}

/** The same value with every object's keys in reverse order (own data properties kept). */
function keysReversed(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(keysReversed);
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value).reverse()) {
            Object.defineProperty(out, k, {
                value: keysReversed((value as Record<string, unknown>)[k]),
                enumerable: true,
                writable: true,
                configurable: true,
            });
        }
        return out;
    }
    return value;
}

function ops(steps: readonly { op: string }[]): string[] {
    return [...new Set(steps.map((s) => s.op))];
}

describe("the plan's comparison (properties)", function () {
    this.timeout(120000);
    let dev: PlanResource[];
    before(async () => {
        dev = toExport(await renderedStack("dev")).deployment.resources as PlanResource[];
    });

    it("the plan of any export against itself (or its JSON copy) is all same", () => {
        fc.assert(
            fc.property(resources, (rs) => {
                // Providers are steps too, as the engine shows them (offline/plan.ts).
                const steps = planSteps(rs, viaJson(rs));
                const inScope = rs;
                assert.strictEqual(steps.length, inScope.length);
                assert.ok(
                    steps.every((s) => s.op === "same"),
                    JSON.stringify(steps),
                );
                assert.deepStrictEqual(
                    planSteps(rs, rs).map((s) => s.op),
                    inScope.map(() => "same"),
                );
            }),
            { numRuns: 200 },
        );
        assert.deepStrictEqual(ops(planSteps(dev, viaJson(dev))), ["same"]);
    });

    it("a reordered set of resources is never a change", () => {
        fc.assert(
            fc.property(
                resources.chain((rs) =>
                    fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length })),
                ),
                ([rs, shuffled]) => {
                    const steps = planSteps(rs, shuffled);
                    assert.ok(
                        steps.every((s) => s.op === "same"),
                        JSON.stringify(steps),
                    );
                },
            ),
            { numRuns: 200 },
        );
        fc.assert(
            fc.property(fc.shuffledSubarray(dev, { minLength: dev.length }), (shuffled) => {
                assert.deepStrictEqual(ops(planSteps(dev, shuffled)), ["same"]);
            }),
            { numRuns: 20 },
        );
    });

    it("a reordered set-typed input (the provider's schema.TypeSet) is never a change", () => {
        // Every top-level set the replace rules name (offline/replaceRules.ts `sets`, each read
        // from the provider's schema), on the resources of dev that hold one with 2+ members.
        const withSets = dev.flatMap((r) =>
            (REPLACE_RULES[r.type]?.sets ?? [])
                .filter((k) => !k.includes(".") && Array.isArray(r.inputs?.[k]))
                .filter((k) => (r.inputs![k] as unknown[]).length > 1)
                .map((k) => ({ urn: r.urn, key: k })),
        );
        assert.ok(withSets.length > 0, "dev has set-typed inputs to reorder");
        fc.assert(
            fc.property(
                fc.constantFrom(...withSets).chain((w) => {
                    const members = dev.find((r) => r.urn === w.urn)!.inputs![w.key] as unknown[];
                    return fc.tuple(
                        fc.constant(w),
                        fc.shuffledSubarray(members, { minLength: members.length }),
                    );
                }),
                ([w, shuffled]) => {
                    const next = dev.map((r) =>
                        r.urn === w.urn ? { ...r, inputs: { ...r.inputs, [w.key]: shuffled } } : r,
                    );
                    assert.deepStrictEqual(ops(planSteps(dev, next)), ["same"], w.key);
                },
            ),
            { numRuns: 50 },
        );
    });

    it("the order of keys in inputs is never a change", () => {
        fc.assert(
            fc.property(resources, (rs) => {
                const steps = planSteps(rs, keysReversed(rs) as PlanResource[]);
                assert.ok(
                    steps.every((s) => s.op === "same"),
                    JSON.stringify(steps),
                );
            }),
            { numRuns: 200 },
        );
        assert.deepStrictEqual(ops(planSteps(dev, keysReversed(dev) as PlanResource[])), ["same"]);
    });

    it("one new input on one resource changes that resource and nothing else", () => {
        const custom = dev.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
        fc.assert(
            fc.property(fc.integer({ min: 0, max: custom.length - 1 }), (i) => {
                const target = custom[i].urn;
                const next = dev.map((r) =>
                    r.urn === target
                        ? { ...r, inputs: { ...r.inputs, tngPropertyCheck: "added" } }
                        : r,
                );
                const steps = planSteps(dev, next);
                for (const s of steps) {
                    if (s.urn === target) {
                        assert.ok(s.op === "update" || s.op === "replace", JSON.stringify(s));
                        assert.ok(s.keys.includes("tngPropertyCheck"), JSON.stringify(s));
                    } else {
                        assert.strictEqual(s.op, "same", s.urn);
                    }
                }
            }),
            { numRuns: 30 },
        );
    });
});
