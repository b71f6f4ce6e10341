/**
 * Replays how the Pulumi CLI's Node.js hosts load this project, with the mocks in place of the
 * engine, and reports when the engine would have seen the program's first resource.
 *
 * - Program (`pulumi preview`/`up`): the language host starts `@pulumi/pulumi/cmd/run`, which
 *   loads instrumentation and source-map-support, then `run()` registers ts-node with the
 *   project's tsconfig.json when PULUMI_NODEJS_TYPESCRIPT is true (Pulumi.yaml
 *   `runtime.options.typescript`, default true; it type-checks unless tsconfig sets `noCheck`)
 *   and requires the entry point (Pulumi.yaml `main`, else package.json `main`).
 * - Policy pack (`--policy-pack policies`): `cmd/run-policy-pack` always registers ts-node with
 *   `typeCheck: true`, then requires the pack folder (its package.json `main`); the pack is ready
 *   when it constructs its PolicyPack.
 *
 * This module calls those same `run()` functions from the installed SDK; only the engine's gRPC
 * monitor (mocks) and the analyzer's server start (a stand-in PolicyPack) are replaced.
 * `npm run bench` runs it as `node bin/offline/cliLoad.js program|policy --stack NAME` and reads
 * the JSON it prints: milliseconds since process start.
 */
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import { parseArgs } from "util";
import { parse as parseYaml } from "yaml";
import { loadPolicyPackHost, loadProgramHost } from "../sdk/internals";
import { PROJECT_ROOT, readProjectName, readStackConfig } from "./stackFiles";

/** What the bench reads: times in ms since the process started. */
export interface CliLoadTiming {
    /** Program: the first resource of the program (after the root Stack) reached the monitor. Pack: PolicyPack constructed. */
    readonly readyMs: number;
    /** The whole run, to the last registration settled (the program; equals readyMs for the pack). */
    readonly doneMs: number;
    readonly resources: number;
}

/** What the language host reads from Pulumi.yaml: `runtime.options.typescript` and `main`. */
export function hostSettings(programDir: string): { typescript: boolean; main: string } {
    const file = path.join(programDir, "Pulumi.yaml");
    const doc = (fs.existsSync(file) ? parseYaml(fs.readFileSync(file, "utf8")) : {}) as {
        runtime?: string | { options?: { typescript?: boolean } };
        main?: string;
    };
    const options = typeof doc.runtime === "object" ? doc.runtime.options : undefined;
    return { typescript: options?.typescript ?? true, main: doc.main ?? "." };
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the host, as the hosts load them */
export async function runProgramAsCli(
    stack: string,
    programDir = PROJECT_ROOT,
): Promise<CliLoadTiming> {
    const run = loadProgramHost();
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const { installMocks, settle } = require("./mocks") as typeof import("./mocks");

    const host = hostSettings(programDir);
    process.env.PULUMI_NODEJS_TYPESCRIPT = String(host.typescript);
    // The synth's stand-ins for unset secrets and placeholder values (offline/synth.ts).
    const { standIns } = require("./synth") as typeof import("./synth");
    const { renderingOffline } =
        require("../stacks/settings") as typeof import("../stacks/settings");
    const { config, secretKeys } = standIns(readStackConfig(stack), readProjectName(), stack);
    const recorder = await installMocks(readProjectName(), stack);
    pulumi.runtime.setAllConfig(config, secretKeys);
    renderingOffline(true);
    const reported = new Set<Error>();
    const cwd = process.cwd();
    process.chdir(programDir); // the host runs the program from its folder (tsconfig.json there)
    try {
        // run() wraps the program in the root Stack resource itself, as under the CLI.
        await run(
            { _: [host.main] },
            () => undefined,
            (err) => reported.add(err),
            (err) => reported.has(err),
        );
        await settle();
    } finally {
        process.chdir(cwd);
        renderingOffline(false);
    }
    if (reported.size > 0) {
        throw [...reported][0];
    }
    const doneMs = performance.now();
    return {
        readyMs: recorder.firstProgramResourceAt ?? doneMs,
        doneMs,
        resources: recorder.resources.length,
    };
}

export async function runPolicyPackAsCli(packDir: string): Promise<CliLoadTiming> {
    // The pack is ready when its PolicyPack starts serving: record that instead of starting the server.
    let readyMs: number | undefined;
    let policies = 0;
    const run = loadPolicyPackHost((_name, _version, _level, args) => {
        readyMs = performance.now();
        policies = args.policies.length;
    });
    const cwd = process.cwd();
    process.chdir(packDir);
    try {
        await run({
            argv: { _: ["."] },
            programStarted: () => undefined,
            reportLoggedError: () => undefined,
            typeScript: true,
        });
    } finally {
        process.chdir(cwd);
    }
    if (readyMs === undefined) {
        throw new Error(`${packDir} did not construct a PolicyPack`);
    }
    return { readyMs, doneMs: readyMs, resources: policies };
}
/* eslint-enable @typescript-eslint/no-require-imports */

const USAGE =
    "usage: node bin/offline/cliLoad.js program --stack NAME [--dir PROGRAM_DIR] | policy";

/** The command line: `program --stack NAME` or `policy`; undefined when it is neither. */
export function parseCliLoadArgs(
    argv: string[],
): { what: "program"; stack: string; dir?: string } | { what: "policy" } | "help" | undefined {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                dir: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
            allowPositionals: true,
            strict: true,
        });
    } catch {
        return undefined;
    }
    const { values, positionals } = parsed;
    if (values.help) {
        return "help";
    }
    if (positionals.length !== 1) {
        return undefined;
    }
    if (positionals[0] === "program" && values.stack) {
        return values.dir === undefined
            ? { what: "program", stack: values.stack }
            : { what: "program", stack: values.stack, dir: path.resolve(values.dir) };
    }
    if (positionals[0] === "policy" && values.stack === undefined && values.dir === undefined) {
        return { what: "policy" };
    }
    return undefined;
}

if (require.main === module) {
    const args = parseCliLoadArgs(process.argv.slice(2));
    if (args === "help") {
        console.log(USAGE);
        process.exit(0);
    }
    const job =
        args?.what === "program"
            ? runProgramAsCli(args.stack, args.dir)
            : args?.what === "policy"
              ? runPolicyPackAsCli(path.join(PROJECT_ROOT, "policies"))
              : undefined;
    if (!job) {
        console.error(USAGE);
        process.exit(2);
    }
    job.then(
        (timing) => {
            process.stdout.write(JSON.stringify(timing) + "\n");
            process.exit(0);
        },
        (err: unknown) => {
            // A config problem as its message; a bug with its .ts stack and component's name.
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- only on failure
            const { errorReport } = require("./errorReport") as typeof import("./errorReport");
            process.stderr.write(`${errorReport(err)}\n`, () => process.exit(1));
        },
    );
}
