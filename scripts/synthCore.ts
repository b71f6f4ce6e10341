/**
 * The testable part of `npm run synth` (scripts/synth.ts starts it): the arguments, the render
 * under mocks, the summary, the policy pack on the render and the `--out` export. Output goes
 * through `io`, one line per call, so the tests run it in-process; the exit code is returned
 * (0 rendered, 1 a mandatory violation or a bug in the program, 2 usage, stack file, config or
 * policy config error with nothing written).
 */
import * as fs from "fs";
import * as path from "path";
import { EXIT, helpText, readCli, ToolIo, usageMessage, UsageError } from "../lib/cli";
import { writeFileAtomic } from "../lib/files";
import { listStacks, PROJECT_ROOT } from "../offline/stackFiles";
import type { SynthResult } from "../offline/synth";
import { policyConfigFor, readPolicyConfig } from "./policyConfig";

export const SYNTH_USAGE = helpText({
    usage: `npm run synth -- --stack <${listStacks().join("|")}> [--out FILE]`,
    options: [
        ["--stack NAME", "the stack to render (Pulumi.<NAME>.yaml)"],
        ["--out FILE", "also write the `pulumi stack export` JSON to FILE"],
    ],
    exits: [
        [EXIT.ok, "rendered (no mandatory violation)"],
        [EXIT.found, "a mandatory policy violation, or a bug in the program"],
        [EXIT.usage, "usage, stack file, config or policy config error (nothing written)"],
    ],
});

/** Its output (lib/cli.ts ToolIo): the entry adds each line's newline. */
export type SynthIo = ToolIo;

interface Args {
    stack: string;
    out?: string;
}

function parseSynthArgs(argv: readonly string[]): Args | "help" {
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

/**
 * `npm run synth` with `argv`: prints through `io` and returns the exit code. A usage mistake
 * prints `synth: <message>` and the usage line (exit 2); anything unexpected is thrown (the
 * script's runTool prints it, exit 1). The stack files and policy configs are those under
 * `root` (the checkout by default; the specs give a folder of their own, so a stack file they
 * make is never listed by another test running beside them).
 */
export async function runSynth(
    argv: readonly string[],
    io: SynthIo,
    root = PROJECT_ROOT,
): Promise<number> {
    let args: Args | "help";
    try {
        args = parseSynthArgs(argv);
    } catch (e) {
        if (e instanceof UsageError) {
            io.err(usageMessage("synth", e.message, SYNTH_USAGE));
            return EXIT.usage;
        }
        throw e;
    }
    if (args === "help") {
        io.out(SYNTH_USAGE);
        return EXIT.ok;
    }
    if (!listStacks(root).includes(args.stack)) {
        io.err(
            `No stack file Pulumi.${args.stack}.yaml; stacks: ${listStacks(root).join(", ")}\n${SYNTH_USAGE}`,
        );
        return EXIT.usage;
    }
    // A bad --out fails now, not after the whole synth.
    const outError = args.out === undefined ? undefined : outProblem(args.out);
    if (outError !== undefined) {
        io.err(outError);
        return EXIT.usage;
    }
    return synth(args, io, root);
}

async function synth(args: Args, io: SynthIo, root: string): Promise<number> {
    // Loaded only now: the Pulumi SDK is most of the start-up time, and usage errors need none of it.
    /* eslint-disable @typescript-eslint/no-require-imports */
    require("../offline/deferClosureSerializer");
    const policy = require("../policies/evaluate") as typeof import("../policies/evaluate");
    // The policy config is read before the render: a broken one is a config error (exit 2), not a
    // violation (exit 1), and nothing is written.
    const config = policyConfigFor(args.stack, root);
    let policyConfig: ReturnType<typeof policy.loadPolicyConfig>;
    try {
        policyConfig = readPolicyConfig(config.file, policy);
    } catch (e) {
        io.err(`synth: ${(e as Error).message}`);
        return EXIT.usage;
    }
    const { synthesize, toExport } =
        require("../offline/synth") as typeof import("../offline/synth");
    const { errorReport, isConfigProblem } =
        require("../offline/errorReport") as typeof import("../offline/errorReport");
    /* eslint-enable @typescript-eslint/no-require-imports */
    let result: SynthResult;
    try {
        result = await synthesize(args.stack, { root });
    } catch (e) {
        // Stack file, settings and component argument problems print as messages (exit 2); a bug
        // prints its stack at the .ts lines, naming the component it was thrown in (exit 1).
        if (isConfigProblem(e)) {
            io.err(errorReport(e));
            return EXIT.usage;
        }
        io.err(`synth failed: ${errorReport(e)}`);
        return EXIT.found;
    }
    io.out(summarize(result));
    const exported = toExport(result);
    // The policy pack on what was rendered, with the stack's policy config, as a preview would.
    io.out(config.description);
    const violations = await policy.evaluateResources(policy.readExport(exported), policyConfig);
    io.out(policy.formatReport(violations));
    if (args.out) {
        writeFileAtomic(args.out, JSON.stringify(exported, null, 2) + "\n");
        io.out(`wrote ${args.out}`);
    }
    return violations.some((v) => v.enforcementLevel === "mandatory") ? EXIT.found : EXIT.ok;
}
