/**
 * What a change adds to the monthly bill: the cost of a base export and of a new render, per URN,
 * and the total delta. Pure (no file, no clock), for `npm run plan`'s cost column and PR comment.
 *
 * A resource priced on both sides shows `after - before`; a created one its full cost, a deleted
 * one minus its cost. A resource not priced on either side has no delta and is listed apart, never
 * counted as zero change.
 */
import { type CostReport, type CostResource, estimate, type EstimateOptions } from "./estimate";
import { cents, shownMonthly } from "./report";
import type { Usage } from "./usage";

/** A `pulumi stack export` document, or just its resources. */
export type ExportLike =
    | { readonly deployment?: { readonly resources?: readonly CostResource[] } }
    | readonly CostResource[];

export interface CostDelta {
    readonly urn: string;
    readonly type: string;
    /** Monthly USD before and after (undefined when the resource is absent on that side). */
    readonly before?: number;
    readonly after?: number;
    /** after - before, in cents; undefined when either side is not priced. */
    readonly delta?: number;
    /** Not priced on the side(s) where it exists: the delta is unknown. */
    readonly notPriced: boolean;
}

export interface PlanCost {
    readonly currency: "USD";
    readonly totalBefore: number;
    readonly totalAfter: number;
    readonly totalDelta: number;
    /**
     * Every URN whose monthly cost changes, and every not-priced one that is created, deleted or
     * whose inputs change (its delta is unknown). Unchanged not-priced resources are only counted.
     */
    readonly changes: readonly CostDelta[];
    /** Not-priced resources present and unchanged on both sides (not in `changes`). */
    readonly unchangedNotPriced: number;
    readonly before: CostReport;
    readonly after: CostReport;
}

function resourcesOf(doc: ExportLike): readonly CostResource[] {
    if (Array.isArray(doc)) {
        return doc as readonly CostResource[];
    }
    return (
        (doc as { deployment?: { resources?: readonly CostResource[] } }).deployment?.resources ??
        []
    );
}

/**
 * The monthly cost delta of going from `baseExport` to `newExport` with `usage` (the same usage
 * file prices both sides, so only the resources' inputs make the difference).
 */
export function planCost(
    baseExport: ExportLike,
    newExport: ExportLike,
    usage: Usage,
    options: EstimateOptions,
): PlanCost {
    const baseResources = resourcesOf(baseExport);
    const newResources = resourcesOf(newExport);
    const before = estimate(baseResources, usage, options);
    const after = estimate(newResources, usage, options);
    const inputsOf = (rs: readonly CostResource[]) =>
        new Map(rs.map((r) => [r.urn, JSON.stringify(r.inputs ?? {})]));
    const ib = inputsOf(baseResources);
    const ia = inputsOf(newResources);
    let unchangedNotPriced = 0;
    const b = new Map(before.resources.map((r) => [r.urn, r]));
    const a = new Map(after.resources.map((r) => [r.urn, r]));
    const urns = [...new Set([...b.keys(), ...a.keys()])];
    const changes: CostDelta[] = [];
    for (const urn of urns) {
        const rb = b.get(urn);
        const ra = a.get(urn);
        const notPriced = (rb?.notPriced ?? false) || (ra?.notPriced ?? false);
        const vb = rb && !rb.notPriced ? shownMonthly(rb) : undefined;
        const va = ra && !ra.notPriced ? shownMonthly(ra) : undefined;
        if (notPriced) {
            if (rb && ra && ib.get(urn) === ia.get(urn)) {
                unchangedNotPriced++;
                continue;
            }
            changes.push({
                urn,
                type: (ra ?? rb)!.type,
                ...(vb !== undefined ? { before: vb } : {}),
                ...(va !== undefined ? { after: va } : {}),
                notPriced: true,
            });
            continue;
        }
        const delta = cents((va ?? 0) - (vb ?? 0));
        if (delta !== 0) {
            changes.push({
                urn,
                type: (ra ?? rb)!.type,
                ...(vb !== undefined ? { before: vb } : {}),
                ...(va !== undefined ? { after: va } : {}),
                delta,
                notPriced: false,
            });
        }
    }
    changes.sort(
        (x, y) => Math.abs(y.delta ?? 0) - Math.abs(x.delta ?? 0) || x.urn.localeCompare(y.urn),
    );
    const sum = (r: CostReport) => cents(r.resources.reduce((s, x) => s + shownMonthly(x), 0));
    const totalBefore = sum(before);
    const totalAfter = sum(after);
    return {
        currency: "USD",
        totalBefore,
        totalAfter,
        totalDelta: cents(totalAfter - totalBefore),
        changes,
        unchangedNotPriced,
        before,
        after,
    };
}

/** The monthly delta of one URN (0 when its cost does not change; undefined when not priced). */
export function monthlyDeltaOf(plan: PlanCost, urn: string): number | undefined {
    const c = plan.changes.find((x) => x.urn === urn);
    if (c === undefined) {
        return 0;
    }
    return c.delta;
}

/** A signed dollar amount: `+$12.34`, `-$5.00`, `$0.00`. */
export function signedUsd(n: number): string {
    const c = cents(n);
    return `${c > 0 ? "+" : c < 0 ? "-" : ""}$${Math.abs(c).toFixed(2)}`;
}

/** The cost column of one plan step: `+$12.34/mo`, or `cost not priced`. */
export function costCell(plan: PlanCost, urn: string): string {
    const d = monthlyDeltaOf(plan, urn);
    return d === undefined ? "cost not priced" : `${signedUsd(d)}/mo`;
}

/**
 * The cost section of a plan: each changed resource's monthly delta and the total, as text or as
 * Markdown (a table for the PR comment).
 */
export function formatPlanCost(plan: PlanCost, format: "text" | "markdown" = "text"): string {
    const name = (urn: string) => urn.split("::").slice(3).join("::") || urn;
    const totals = `monthly cost: $${plan.totalBefore.toFixed(2)} -> $${plan.totalAfter.toFixed(2)} (${signedUsd(plan.totalDelta)}/mo, USD on-demand)`;
    const unpriced = plan.changes.filter((c) => c.notPriced).length;
    const note = [
        unpriced > 0 ? `${unpriced} changed resource(s) not priced: their delta is unknown` : "",
        plan.unchangedNotPriced > 0
            ? `${plan.unchangedNotPriced} unchanged resource(s) not priced, in neither total`
            : "",
    ]
        .filter((x) => x)
        .join("; ");
    if (format === "markdown") {
        const rows = plan.changes.map(
            (c) =>
                `| \`${name(c.urn)}\` | \`${c.type}\` | ${c.before === undefined ? "–" : `$${c.before.toFixed(2)}`} | ${c.after === undefined ? "–" : `$${c.after.toFixed(2)}`} | ${c.delta === undefined ? "not priced" : signedUsd(c.delta)} |`,
        );
        return [
            `**Monthly cost:** $${plan.totalBefore.toFixed(2)} → $${plan.totalAfter.toFixed(2)} (**${signedUsd(plan.totalDelta)}/mo**, USD on-demand)`,
            "",
            ...(rows.length > 0
                ? [
                      "| resource | type | before | after | delta/mo |",
                      "|---|---|---:|---:|---:|",
                      ...rows,
                  ]
                : ["No resource changes its monthly cost."]),
            ...(note ? ["", `_${note}._`] : []),
        ].join("\n");
    }
    const lines = plan.changes.map(
        (c) =>
            `  ${(c.delta === undefined ? "not priced" : signedUsd(c.delta)).padStart(12)}  ${name(c.urn)}  ${c.type}`,
    );
    return [totals, ...lines, ...(note ? [`  ${note}`] : [])].join("\n");
}
