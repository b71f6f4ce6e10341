/**
 * Policy-time benchmark: replicates a stack export (e.g. `npm run synth -- --stack prod --out
 * prod.json`) to about `--resources` resources with unique URNs, ids and names, runs the whole
 * pack on it with evaluate.ts, and prints the time per resource, so a rule change that makes the
 * pack super-linear shows up as a ratio against the previous run.
 *
 *   node bin/policies/bench.js --export prod.json [--resources 10000] [--config policies/config/prod.json]
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { evaluateResources, ExportedResource, loadPolicyConfig, readExport } from "./evaluate";

/**
 * `copies` copies of `resources`, each copy's URNs, ids and string references suffixed with
 * `-c<n>`, so references between resources of one copy still resolve to each other.
 */
export function replicate(resources: ExportedResource[], copies: number): ExportedResource[] {
    const out: ExportedResource[] = [];
    const ids = new Set(resources.map((r) => r.id).filter((x): x is string => !!x));
    const urns = new Set(resources.map((r) => r.urn));
    for (let c = 0; c < copies; c++) {
        const suffix = c === 0 ? "" : `-c${c}`;
        const rename = (v: unknown): unknown => {
            if (typeof v === "string") {
                return urns.has(v) || ids.has(v) ? v + suffix : v;
            }
            if (Array.isArray(v)) {
                return v.map(rename);
            }
            if (v !== null && typeof v === "object") {
                return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rename(x)]));
            }
            return v;
        };
        for (const r of resources) {
            if (c > 0 && r.type === "pulumi:pulumi:Stack") {
                continue;
            }
            out.push({ ...(rename(r) as ExportedResource), urn: r.urn + suffix });
        }
    }
    return out;
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            export: { type: "string" },
            resources: { type: "string", default: "10000" },
            config: { type: "string" },
            help: { type: "boolean", default: false },
        },
    });
    if (values.help || values.export === undefined) {
        console.log(
            "usage: node bin/policies/bench.js --export FILE [--resources N] [--config FILE]",
        );
        return values.help ? 0 : 2;
    }
    const base = readExport(JSON.parse(fs.readFileSync(values.export, "utf8")));
    const target = Number(values.resources);
    if (!Number.isInteger(target) || target < 1) {
        console.error(`--resources must be a positive integer (got ${values.resources})`);
        return 2;
    }
    const resources = replicate(base, Math.max(1, Math.round(target / base.length)));
    const config = loadPolicyConfig(values.config);
    const start = process.hrtime.bigint();
    const violations = await evaluateResources(resources, config);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    console.log(
        `${resources.length} resources, ${violations.length} findings, ${ms.toFixed(0)} ms, ${((ms * 1000) / resources.length).toFixed(1)} µs/resource`,
    );
    return 0;
}

if (require.main === module) {
    main().then(
        (code) => (process.exitCode = code),
        (e: unknown) => {
            console.error(e instanceof Error ? e.message : String(e));
            process.exitCode = 2;
        },
    );
}
