/**
 * `npm run synth`, `npm run policy` and `npm run docs` in-process for the specs: the tool's core
 * behind the same runTool as its script (scripts/<tool>.ts), with each line captured as the script
 * writes it, so stdout, stderr and the exit code read as a shell sees them. The mocha worker pays
 * the Pulumi SDK load once instead of once per run. One spec per tool still starts the real
 * process (test/cli.test.ts, "the synth, policy and docs scripts as a shell runs them").
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runTool } from "../lib/cli";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { DOCS_USAGE, runDocs } from "../scripts/docsCore";
import { POLICY_HELP, runPolicy } from "../scripts/policyCore";
import { runSynth, SYNTH_USAGE } from "../scripts/synthCore";

export interface ToolRun {
    readonly status: number;
    readonly stdout: string;
    readonly stderr: string;
}

type Core = (
    argv: readonly string[],
    io: { out: (line: string) => void; err: (line: string) => void },
) => number | Promise<number>;

async function inProcess(
    tool: string,
    usage: string,
    core: Core,
    args: readonly string[],
): Promise<ToolRun> {
    let stdout = "";
    let stderr = "";
    const io = {
        out: (line: string) => (stdout += `${line}\n`),
        err: (line: string) => (stderr += `${line}\n`),
    };
    // runTool sets process.exitCode for the script; the worker's own stays as it was.
    const saved = process.exitCode;
    try {
        const status = await runTool(tool, usage, () => core(args, io), { stderr: io.err });
        return { status, stdout, stderr };
    } finally {
        process.exitCode = saved;
    }
}

/** `npm run synth -- ARGS` in-process. */
export function synthCli(...args: string[]): Promise<ToolRun> {
    return inProcess("synth", SYNTH_USAGE, runSynth, args);
}

/** `npm run synth -- ARGS` in-process on the stack files and policy configs under `root`. */
export function synthCliIn(root: string, ...args: string[]): Promise<ToolRun> {
    return inProcess("synth", SYNTH_USAGE, (argv, io) => runSynth(argv, io, root), args);
}

/** `npm run policy -- ARGS` in-process. */
export function policyCli(...args: string[]): Promise<ToolRun> {
    return inProcess("policy", POLICY_HELP, runPolicy, args);
}

/** `npm run docs -- ARGS` in-process. */
export function docsCli(...args: string[]): Promise<ToolRun> {
    return inProcess("docs", DOCS_USAGE, runDocs, args);
}

/** `npm run docs -- ARGS` in-process on the docs under `root` (a copy the spec may change). */
export function docsCliIn(root: string, ...args: string[]): Promise<ToolRun> {
    return inProcess("docs", DOCS_USAGE, (argv, io) => runDocs(argv, io, root), args);
}

/**
 * A project folder of the spec's own (the checkout's Pulumi.yaml, no stack) for the stack files
 * and policy configs it makes: one written beside Pulumi.yaml would be listed by the specs that
 * run in the other mocha worker meanwhile. The caller removes it.
 */
export function scratchProject(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "tng-project-"));
    fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
    return root;
}
