/**
 * npm run synth -- --stack <name> [--out FILE]
 *
 * Renders a stack offline (Pulumi mocks, no cloud account), prints resource counts by type and
 * the stack outputs, optionally writes `pulumi stack export`-shaped JSON, then runs the policy
 * pack on it with policies/config/<stack>.json. Exit 2 on bad config (listing every problem),
 * 1 on a mandatory policy violation, 0 otherwise.
 */
import * as fs from "fs";
import * as path from "path";
import { listStacks, PROJECT_ROOT } from "../offline/stackFiles";
import type { SynthResult } from "../offline/synth";

interface Args {
    stack: string;
    out?: string;
}

const USAGE = `usage: npm run synth -- --stack <${listStacks().join("|")}> [--out FILE]`;

function parseArgs(argv: string[]): Args {
    let stack: string | undefined;
    let out: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) {
                throw new Error(`${a} needs a value\n${USAGE}`);
            }
            return v;
        };
        if (a === "--stack") {
            stack = value();
        } else if (a === "--out") {
            out = value();
        } else {
            throw new Error(`unknown argument ${a}\n${USAGE}`);
        }
    }
    if (!stack) {
        throw new Error(USAGE);
    }
    return { stack, out };
}

/** Whether `e` is a pulumi.RunError (a configuration problem, printed without a stack trace). */
function pulumiRunError(e: Error): boolean {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see main()
    return (require("@pulumi/pulumi") as typeof import("@pulumi/pulumi")).RunError.isInstance(e);
}

/** A short, stable summary: counts by type, then outputs. */
export function summarize(result: SynthResult): string {
    const custom = result.resources.filter((r) => r.custom);
    const counts = new Map<string, number>();
    for (const r of custom) {
        counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    }
    const width = Math.max(...[...counts.keys()].map((t) => t.length));
    const lines = [
        `${result.project} ${result.stack}: ${custom.length} resources in ${result.resources.length - custom.length} components`,
    ];
    for (const [type, n] of [...counts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        lines.push(`  ${type.padEnd(width)}  ${n}`);
    }
    lines.push("outputs:");
    for (const [k, v] of Object.entries(result.outputs)) {
        lines.push(`  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
    }
    for (const w of result.warnings) {
        lines.push(`warning: ${w}`);
    }
    return lines.join("\n");
}

async function main(): Promise<number> {
    let args: Args;
    try {
        args = parseArgs(process.argv.slice(2));
    } catch (e) {
        console.error((e as Error).message);
        return 2;
    }
    if (!listStacks().includes(args.stack)) {
        console.error(
            `No stack file Pulumi.${args.stack}.yaml; stacks: ${listStacks().join(", ")}\n${USAGE}`,
        );
        return 2;
    }
    // Loaded only now: the Pulumi SDK is most of the start-up time, and usage errors need none of it.
    /* eslint-disable @typescript-eslint/no-require-imports */
    require("../offline/deferClosureSerializer");
    const { synthesize, toExport } =
        require("../offline/synth") as typeof import("../offline/synth");
    const { SettingsError } = require("../stacks/settings") as typeof import("../stacks/settings");
    let result: SynthResult;
    try {
        result = await synthesize(args.stack);
    } catch (e) {
        // Settings problems, and argument problems a component found, print as messages.
        if (e instanceof SettingsError || (e instanceof Error && pulumiRunError(e))) {
            console.error(e.message);
            return 2;
        }
        throw e;
    }
    console.log(summarize(result));
    const exported = toExport(result);
    if (args.out) {
        fs.writeFileSync(args.out, JSON.stringify(exported, null, 2) + "\n");
        console.log(`wrote ${args.out}`);
    }
    // The policy pack on what was rendered, with the stack's policy config, as a preview would.
    const policy = require("../policies/evaluate") as typeof import("../policies/evaluate");
    const configFile = path.join(PROJECT_ROOT, "policies", "config", `${args.stack}.json`);
    const violations = await policy.evaluateResources(
        policy.readExport(exported),
        policy.loadPolicyConfig(fs.existsSync(configFile) ? configFile : undefined),
    );
    console.log(policy.formatReport(violations));
    /* eslint-enable @typescript-eslint/no-require-imports */
    return violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        console.error(e instanceof Error ? `synth failed: ${e.message}` : e);
        process.exit(1);
    },
);
