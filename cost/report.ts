/**
 * How a cost estimate is shown: the `--json` document (the shape issue 23 fixes), and the text
 * report (per resource with its price lines, per component, the total, what is not priced, and the
 * free tiers the estimate ignores).
 */
import { parseUrn, ROOT_STACK_TYPE } from "../offline/urn";
import type { CostReport, ResourceCost } from "./estimate";
import { APPLIED_FREE_ALLOWANCES, IGNORED_FREE_TIERS, PRICES } from "./prices";

/** Cents: how every monthly amount is shown (JSON and text alike). */
export function cents(usd: number): number {
    return Math.round((usd + Number.EPSILON) * 100) / 100;
}

/** A resource's shown monthly amount (fixed and usage rounded to cents each). */
export function shownMonthly(r: Pick<ResourceCost, "monthlyFixed" | "monthlyUsage">): number {
    return cents(cents(r.monthlyFixed) + cents(r.monthlyUsage));
}

/** The shown total: the sum of the shown resource amounts, so the document adds up. */
export function shownTotal(report: CostReport): number {
    return cents(report.resources.reduce((s, r) => s + shownMonthly(r), 0));
}

/** The `--json` document: exactly `{currency, total, resources: [{urn, type, monthlyFixed, monthlyUsage, notPriced, lines: [{price, quantity, unit, source}]}]}`. */
export interface CostJson {
    currency: "USD";
    total: number;
    resources: {
        urn: string;
        type: string;
        monthlyFixed: number;
        monthlyUsage: number;
        notPriced: boolean;
        lines: { price: number; quantity: number; unit: string; source: string }[];
    }[];
}

export function toJson(report: CostReport): CostJson {
    return {
        currency: "USD",
        total: shownTotal(report),
        resources: report.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            monthlyFixed: cents(r.monthlyFixed),
            monthlyUsage: cents(r.monthlyUsage),
            notPriced: r.notPriced,
            lines: r.lines.map((l) => ({
                price: l.price,
                quantity: Math.round(l.quantity * 1e6) / 1e6,
                unit: l.unit,
                source: l.source,
            })),
        })),
    };
}

const usd = (n: number) => `$${cents(n).toFixed(2)}`;

function nameOf(urn: string): string {
    try {
        return parseUrn(urn).name;
    } catch {
        return urn;
    }
}

function typeOfUrn(urn: string): string {
    try {
        return parseUrn(urn).type;
    } catch {
        return urn;
    }
}

/** Monthly totals per component (the resource's parent), highest first. */
export function byComponent(report: CostReport): { component: string; monthly: number }[] {
    const sums = new Map<string, number>();
    for (const r of report.resources) {
        const key =
            r.parent && typeOfUrn(r.parent) !== ROOT_STACK_TYPE
                ? `${nameOf(r.parent)} (${typeOfUrn(r.parent)})`
                : "(stack)";
        sums.set(key, (sums.get(key) ?? 0) + shownMonthly(r));
    }
    return [...sums.entries()]
        .map(([component, monthly]) => ({ component, monthly: cents(monthly) }))
        .sort((a, b) => b.monthly - a.monthly || a.component.localeCompare(b.component));
}

/** The resources no price covers, by type with counts. */
export function notPricedByType(
    report: CostReport,
): { type: string; count: number; reason: string }[] {
    const m = new Map<string, { count: number; reason: string }>();
    for (const r of report.resources.filter((x) => x.notPriced)) {
        const e = m.get(r.type) ?? { count: 0, reason: r.reason ?? "" };
        e.count++;
        m.set(r.type, e);
    }
    return [...m.entries()]
        .map(([type, e]) => ({ type, ...e }))
        .sort((a, b) => a.type.localeCompare(b.type));
}

/** The text report. */
export function formatReport(
    report: CostReport,
    heading: string,
    notes: readonly string[] = [],
): string {
    const out: string[] = [heading, ""];
    let unverified = 0;
    const priced = report.resources.filter((r) => !r.notPriced && r.lines.length > 0);
    for (const r of [...priced].sort(
        (a, b) => shownMonthly(b) - shownMonthly(a) || a.urn.localeCompare(b.urn),
    )) {
        out.push(
            `${usd(shownMonthly(r))}  ${nameOf(r.urn)}  ${r.type}  (fixed ${usd(r.monthlyFixed)}, usage ${usd(r.monthlyUsage)})`,
        );
        for (const l of r.lines) {
            if (!l.verified) {
                unverified++;
            }
            out.push(
                `    ${usd(l.monthly).padStart(10)}  ${l.what}: ${+l.quantity.toFixed(6)} ${l.unit} × $${l.price} [${l.kind}]${l.verified ? "" : " (price unverified)"}`,
            );
        }
    }
    out.push("", "per component:");
    for (const c of byComponent(report)) {
        out.push(`  ${usd(c.monthly).padStart(10)}  ${c.component}`);
    }
    const free = report.resources.filter((r) => !r.notPriced && r.lines.length === 0);
    out.push("", `no charge of their own: ${free.length} resources`);
    const np = notPricedByType(report);
    const npCount = np.reduce((s, t) => s + t.count, 0);
    out.push("", `not priced: ${npCount} resource(s)${npCount === 0 ? "" : " (not in the total)"}`);
    for (const t of np) {
        out.push(`  ${t.count} × ${t.type}: ${t.reason}`);
    }
    out.push("", "free tiers ignored (they apply per account, not per stack):");
    for (const f of IGNORED_FREE_TIERS) {
        out.push(`  - ${f.what}`);
    }
    out.push("allowances applied (part of the resource):");
    for (const f of APPLIED_FREE_ALLOWANCES) {
        out.push(`  - ${f.what}`);
    }
    out.push(
        "not estimated: data transfer other than CloudFront out and NAT processing, taxes, support plans, savings plans and reserved instances.",
    );
    for (const n of notes) {
        out.push(n);
    }
    if (unverified > 0) {
        out.push(
            `${unverified} price line(s) marked "price unverified": not confirmed from AWS's own text for that region; see cost/prices.ts.`,
        );
    }
    out.push("", `total: ${usd(shownTotal(report))} a month (USD, on-demand, 730 h)`);
    return out.join("\n");
}

/** The whole price table, one price a line: id, rate, verified or not, date read, source, note. */
export function formatPriceTable(): string {
    const rows = Object.entries(PRICES).map(
        ([id, p]) =>
            `${id}  $${p.usd} per ${p.unit}  ${p.verified ? "verified" : "UNVERIFIED"}  read ${p.read}  ${p.source}${p.note ? `  (${p.note})` : ""}`,
    );
    const unverified = Object.values(PRICES).filter((p) => !p.verified).length;
    return [
        ...rows,
        "",
        `${rows.length} prices, ${unverified} unverified (verified: confirmed from AWS's own text for that region)`,
    ].join("\n");
}
