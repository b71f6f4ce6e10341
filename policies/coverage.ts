/**
 * Coverage of the decision table over the generated inventory: how many inventoried AWS types
 * have a decision (property checks, a house rule, hand-written policies or "not a security
 * surface"), and which do not. `npm run policy -- --coverage` prints it; the test suite fails
 * while any type is undecided.
 */
import * as fs from "fs";
import * as path from "path";
import { CHECKS } from "./decisions/checks";
import { DECISIONS, HOUSE_RULES } from "./decisions/table";
import { policies } from "./rules";
import { EVERY_TYPE, resourceTypesOf } from "./rules/helpers";
import { POLICY_SOURCES } from "./rules/sources";
import { tokenOf } from "./rules/helpers";

/**
 * The checked-in inventory file: found by walking up from this module, which runs from source
 * and from the esbuild output under bin/.
 */
export function inventoryPath(): string {
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const file = path.join(dir, "policies", "inventory", "inventory.json");
        if (fs.existsSync(file)) {
            return file;
        }
    }
    throw new Error(`no policies/inventory/inventory.json above ${__dirname}`);
}

/** The inventoried type tokens. */
export function inventoried(): string[] {
    const doc = JSON.parse(fs.readFileSync(inventoryPath(), "utf8")) as {
        types: Record<string, unknown>;
    };
    return Object.keys(doc.types);
}

/** The hand-written policies of each type, by token (from validateTyped and stack sources). */
export function policiesByType(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const p of policies) {
        const types =
            "validateResource" in p && p.validateResource !== undefined
                ? (resourceTypesOf(p.validateResource) ?? [])
                : (POLICY_SOURCES[p.name]?.resources ?? []).map(tokenOf);
        for (const t of types) {
            if (t !== EVERY_TYPE) {
                out.set(t, [...(out.get(t) ?? []), p.name]);
            }
        }
    }
    return out;
}

/** The coverage numbers and the text `--coverage` prints. */
export interface CoverageReport {
    readonly total: number;
    readonly decided: number;
    readonly byDecision: Record<string, number>;
    readonly undecided: string[];
    readonly text: string;
}

/** Computes the coverage of `inventoried` (default: the checked-in inventory). */
export function coverageReport(types: readonly string[] = inventoried()): CoverageReport {
    const byDecision: Record<string, number> = {};
    const undecided: string[] = [];
    for (const t of types) {
        const d = DECISIONS.get(t);
        if (d === undefined) {
            undecided.push(t);
            continue;
        }
        const kind = d.checks !== undefined ? "property checks" : `house rule ${d.house}`;
        byDecision[kind] = (byDecision[kind] ?? 0) + 1;
    }
    const decided = types.length - undecided.length;
    const lines = [
        `coverage: ${decided} of ${types.length} inventoried AWS types have a decision (policies/decisions)`,
        ...Object.entries(byDecision)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, n]) => `  ${k}: ${n}`),
        `  property rows: ${Object.values(CHECKS).reduce((n, c) => n + c.length, 0)} on ${Object.keys(CHECKS).length} types; house rules: ${Object.keys(HOUSE_RULES).length}`,
    ];
    if (undecided.length > 0) {
        lines.push(`undecided (${undecided.length}):`, ...undecided.map((t) => `  ${t}`));
    }
    return { total: types.length, decided, byDecision, undecided, text: lines.join("\n") };
}
