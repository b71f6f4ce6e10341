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
import { listStacks } from "../offline/stackFiles";
import type { SynthResult } from "../offline/synth";
import { readCli, UsageError } from "./cliArgs";
import { policyConfigFor } from "./policyConfig";

interface Args {
    stack: string;
    out?: string;
}

const USAGE = [
    `usage: npm run synth -- --stack <${listStacks().join("|")}> [--out FILE]`,
    "  --stack NAME   the stack to render (Pulumi.<NAME>.yaml)",
    "  --out FILE     also write the `pulumi stack export` JSON to FILE",
    "  --help         this text",
    "exit codes: 0 rendered (no mandatory violation), 1 a mandatory policy violation, 2 usage, stack file or config error",
].join("\n");

function parseSynthArgs(argv: string[]): Args | "help" {
    const cli = readCli(argv, { stack: { type: "string" }, out: { type: "string" } });
    if (cli.help) {
        return "help";
    }
    const stack = cli.values.stack as string | undefined;
    if (!stack) {
        throw new UsageError(""); // nothing to render: the usage says what to give
    }
    return { stack, out: cli.values.out as string | undefined };
}

/** Why `file` cannot be written, checked before the synth; undefined when it can. */
export function outProblem(file: string): string | undefined {
    const dir = path.dirname(path.resolve(file));
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        return `--out ${file}: the folder ${dir} does not exist`;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
        return `--out ${file} is a folder; give a file name`;
    }
    try {
        fs.accessSync(fs.existsSync(file) ? file : dir, fs.constants.W_OK);
    } catch {
        return `--out ${file}: not writable`;
    }
    return undefined;
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
        // Loud and first: what this render stood in for, which a real preview refuses.
        ...result.configWarnings.map((w) => `WARNING: ${w}`),
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
        const parsed = parseSynthArgs(process.argv.slice(2));
        if (parsed === "help") {
            console.log(USAGE);
            return 0;
        }
        args = parsed;
    } catch (e) {
        if (e instanceof UsageError) {
            console.error(e.message ? `${e.message}\n${USAGE}` : USAGE);
            return 2;
        }
        throw e;
    }
    if (!listStacks().includes(args.stack)) {
        console.error(
            `No stack file Pulumi.${args.stack}.yaml; stacks: ${listStacks().join(", ")}\n${USAGE}`,
        );
        return 2;
    }
    // A bad --out fails now, not after the whole synth.
    const outError = args.out === undefined ? undefined : outProblem(args.out);
    if (outError !== undefined) {
        console.error(outError);
        return 2;
    }
    // Loaded only now: the Pulumi SDK is most of the start-up time, and usage errors need none of it.
    /* eslint-disable @typescript-eslint/no-require-imports */
    require("../offline/deferClosureSerializer");
    const { synthesize, toExport } =
        require("../offline/synth") as typeof import("../offline/synth");
    let result: SynthResult;
    try {
        result = await synthesize(args.stack);
    } catch (e) {
        // Stack file, settings and component argument problems print as messages (exit 2); a bug
        // prints its stack at the .ts lines, naming the component it was thrown in (exit 1).
        const { errorReport, isConfigProblem } =
            require("../offline/errorReport") as typeof import("../offline/errorReport");
        console.error(isConfigProblem(e) ? errorReport(e) : `synth failed: ${errorReport(e)}`);
        return isConfigProblem(e) ? 2 : 1;
    }
    console.log(summarize(result));
    const exported = toExport(result);
    if (args.out) {
        fs.writeFileSync(args.out, JSON.stringify(exported, null, 2) + "\n");
        console.log(`wrote ${args.out}`);
    }
    // The policy pack on what was rendered, with the stack's policy config, as a preview would.
    const policy = require("../policies/evaluate") as typeof import("../policies/evaluate");
    const config = policyConfigFor(args.stack);
    console.log(config.description);
    const violations = await policy.evaluateResources(
        policy.readExport(exported),
        policy.loadPolicyConfig(config.file),
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
