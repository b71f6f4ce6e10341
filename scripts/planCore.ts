/**
 * The testable part of `npm run plan` (scripts/plan.ts starts it): the arguments, the base (an
 * export file, or the stack rendered at a git ref in a temporary worktree), the render or the
 * `--head` export, and the text or JSON plan with its cost. Output goes through `io`, so the
 * tests run it in-process; the exit code is returned (0, 3 dangerous, 2 usage or input error).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXIT, helpText, readCli, ToolIo, usageMessage, UsageError } from "../lib/cli";
import { InputFileError } from "../lib/files";
import { listStacks, PROJECT_ROOT, readProjectName, StackFileError } from "../offline/stackFiles";
import type { PlanResource, PlanStep } from "../offline/plan";

export const PLAN_USAGE = helpText({
    usage: `npm run plan -- --stack <${listStacks().join("|")}> (--base-ref REF | --base FILE [--head FILE]) [--json]`,
    options: [
        ["--stack NAME", "the stack to render (Pulumi.<NAME>.yaml)"],
        [
            "--base-ref REF",
            "the base is the same stack rendered at REF (a branch, tag or commit), e.g. --base-ref main or --base-ref HEAD~1",
        ],
        [
            "--base FILE",
            "the base is an export: npm run synth -- --stack NAME --out FILE, or pulumi stack export",
        ],
        [
            "--head FILE",
            "with --base: the new side is this export instead of a render of the working tree",
        ],
        [
            "--json",
            'print {"steps": [{"urn", "type", "op", "keys", "diff", "monthlyDelta", ...}], "summary": {...}, "cost": {"totalBefore", "totalAfter", "totalDelta"}}',
        ],
    ],
    exits: [
        [EXIT.ok, "no protected or data-holding resource replaced or deleted"],
        [
            EXIT.destructive,
            "one would be, a protected resource blocks the preview, or a provider changes region or account",
        ],
        [EXIT.usage, "usage, stack file, config or base error"],
    ],
});

export interface PlanIo extends ToolIo {
    /**
     * Renders the working tree's stack file (default: synthesize it). The specs pass one shared
     * render of each committed stack file, rendered once per test process; the script renders.
     */
    readonly render?: (stack: string) => Promise<import("../offline/synth").SynthResult>;
}

interface Args {
    stack: string;
    base?: string;
    baseRef?: string;
    head?: string;
    json: boolean;
}

/** A base, stack or config problem: printed as `plan: <message>`, exit 2 (no usage line). */
class PlanInputError extends Error {}

/** Parses argv; "help" for --help; throws a {@link UsageError}. */
export function parsePlanArgs(argv: readonly string[]): Args | "help" {
    const cli = readCli(argv, {
        stack: { type: "string" },
        base: { type: "string" },
        "base-ref": { type: "string" },
        head: { type: "string" },
        json: { type: "boolean" },
    });
    if (cli.help) {
        return "help";
    }
    const v = cli.values as Partial<Record<"stack" | "base" | "base-ref" | "head", string>>;
    const baseRef = v["base-ref"];
    if (!v.stack || (!v.base && !baseRef)) {
        throw new UsageError("--stack and --base-ref or --base are required");
    }
    if (v.base && baseRef) {
        throw new UsageError("give --base-ref or --base, not both");
    }
    if (v.head !== undefined && !v.base) {
        throw new UsageError("--head needs --base (two exports)");
    }
    return { stack: v.stack, base: v.base, baseRef, head: v.head, json: cli.values.json === true };
}

function git(
    args: string[],
    cwd = PROJECT_ROOT,
): { status: number | null; out: string; err: string } {
    const r = spawnSync("git", args, { cwd, encoding: "utf8" });
    return { status: r.status, out: (r.stdout ?? "").trim(), err: (r.stderr ?? "").trim() };
}

/**
 * Renders `stack` at git revision `ref` and returns the export file's path (in `dir`): a detached
 * worktree of `ref` under the system temp folder, this checkout's node_modules linked in, then
 * that revision's own `scripts/run.mjs synth --out`. The worktree is removed by `cleanup`.
 */
function renderRef(ref: string, stack: string, dir: string, cleanup: (() => void)[]): string {
    const commit = git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    if (commit.status !== 0 || !commit.out) {
        throw new PlanInputError(
            `--base-ref ${ref}: not a branch, tag or commit of ${PROJECT_ROOT} (git rev-parse: ${commit.err || "unknown revision"})`,
        );
    }
    const has = git(["cat-file", "-e", `${commit.out}:Pulumi.${stack}.yaml`]);
    if (has.status !== 0) {
        throw new PlanInputError(
            `--base-ref ${ref}: Pulumi.${stack}.yaml does not exist at ${commit.out.slice(0, 12)}; plan a new stack against an empty base instead`,
        );
    }
    const tree = path.join(dir, "tree");
    const add = git(["worktree", "add", "--detach", "--quiet", tree, commit.out]);
    cleanup.push(() => {
        git(["worktree", "remove", "--force", tree]);
        git(["worktree", "prune"]);
    });
    if (add.status !== 0) {
        throw new Error(`git worktree add ${tree} ${commit.out}: ${add.err}`);
    }
    for (const modules of ["node_modules", path.join("policies", "node_modules")]) {
        const source = path.join(PROJECT_ROOT, modules);
        if (fs.existsSync(source) && fs.existsSync(path.dirname(path.join(tree, modules)))) {
            fs.symlinkSync(source, path.join(tree, modules), "dir");
        }
    }
    const out = path.join(dir, `${stack}.json`);
    const r = spawnSync(
        process.execPath,
        [path.join(tree, "scripts", "run.mjs"), "synth", "--stack", stack, "--out", out],
        { cwd: tree, encoding: "utf8", env: { ...process.env } },
    );
    // Exit 1 is a mandatory policy violation at REF: the export was written all the same.
    if ((r.status !== 0 && r.status !== 1) || !fs.existsSync(out)) {
        const why = (r.stderr || r.stdout || "").trim().split("\n").slice(-5).join("\n");
        throw new PlanInputError(
            `--base-ref ${ref}: rendering ${stack} at ${commit.out.slice(0, 12)} failed (exit ${r.status}):\n${why}`,
        );
    }
    return out;
}

/**
 * `npm run plan` with `argv`: prints through `io` and returns the exit code. A usage mistake
 * prints `plan: <message>` and the usage line, a base, stack or config problem `plan: <message>`
 * (both exit 2); anything unexpected is thrown (the script's runTool prints it, exit 1).
 */
export async function runPlan(argv: readonly string[], io: PlanIo): Promise<number> {
    try {
        const parsed = parsePlanArgs(argv);
        if (parsed === "help") {
            io.out(`${PLAN_USAGE}\n`);
            return EXIT.ok;
        }
        if (!listStacks().includes(parsed.stack)) {
            throw new UsageError(
                `no stack file Pulumi.${parsed.stack}.yaml; stacks: ${listStacks().join(", ")}`,
            );
        }
        return await plan(parsed, io);
    } catch (e) {
        if (e instanceof UsageError) {
            io.err(usageMessage("plan", e.message, PLAN_USAGE));
            return EXIT.usage;
        }
        if (e instanceof PlanInputError || e instanceof InputFileError) {
            io.err(`plan: ${e.message}`);
            return EXIT.usage;
        }
        throw e;
    }
}

async function plan(args: Args, io: PlanIo): Promise<number> {
    const cleanup: (() => void)[] = [];
    let dir: string | undefined;
    const clean = () => {
        for (const f of cleanup.splice(0).reverse()) {
            f();
        }
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
            dir = undefined;
        }
    };
    const onSignal = (signal: NodeJS.Signals) => {
        clean();
        process.kill(process.pid, signal);
    };
    try {
        // Loaded only now: the Pulumi SDK is most of the start-up time, and usage errors need none of it.
        /* eslint-disable @typescript-eslint/no-require-imports */
        const plan = require("../offline/plan") as typeof import("../offline/plan");
        let base: PlanResource[];
        let label: string;
        if (args.baseRef !== undefined) {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-plan-base-"));
            process.once("SIGINT", onSignal);
            process.once("SIGTERM", onSignal);
            const file = renderRef(args.baseRef, args.stack, dir, cleanup);
            base = plan.readBase(file, `--base-ref ${args.baseRef}`);
            label = `--base-ref ${args.baseRef}`;
        } else {
            base = plan.readBase(args.base as string);
            label = args.base as string;
        }
        const mismatch = plan.baseMismatch(base, args.stack, readProjectName(PROJECT_ROOT), label);
        if (mismatch) {
            throw new PlanInputError(mismatch);
        }
        require("../offline/deferClosureSerializer");
        const { synthesize, readStackConfig } =
            require("../offline/synth") as typeof import("../offline/synth");
        const { SettingsError } =
            require("../stacks/settings") as typeof import("../stacks/settings");
        const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
        const { planCost, costCell, formatPlanCost, monthlyDeltaOf } =
            require("../cost/planCost") as typeof import("../cost/planCost");
        const { readUsageFile, usageFileOf, UsageFileError } =
            require("../cost/usage") as typeof import("../cost/usage");
        /* eslint-enable @typescript-eslint/no-require-imports */
        let steps: PlanStep[];
        let cost: import("../cost/planCost").PlanCost;
        try {
            const config = readStackConfig(args.stack);
            const usage = readUsageFile(usageFileOf(args.stack));
            let rendered: PlanResource[];
            if (args.head !== undefined) {
                rendered = plan.readBase(args.head, `--head ${args.head}`);
                const headMismatch = plan.baseMismatch(
                    rendered,
                    args.stack,
                    readProjectName(PROJECT_ROOT),
                    args.head,
                );
                if (headMismatch) {
                    throw new PlanInputError(headMismatch);
                }
            } else {
                rendered = plan.renderedResources(
                    await (io.render ? io.render(args.stack) : synthesize(args.stack, { config })),
                );
            }
            steps = plan.planSteps(base, rendered, {
                providerRegion: config.config["aws:region"],
            });
            // Both sides priced with this checkout's usage file and price table: only the
            // resources' inputs make the difference.
            cost = planCost(base, rendered, usage, { date: new Date().toISOString().slice(0, 10) });
        } catch (e) {
            if (
                e instanceof UsageFileError ||
                e instanceof StackFileError ||
                e instanceof SettingsError ||
                (e instanceof Error && pulumi.RunError.isInstance(e))
            ) {
                throw new PlanInputError(e.message);
            }
            throw e;
        }
        const changed = (s: PlanStep) => s.op !== "same";
        const text = args.json
            ? JSON.stringify(
                  {
                      steps: steps.map((s) =>
                          changed(s)
                              ? { ...s, monthlyDelta: monthlyDeltaOf(cost, s.urn) ?? null }
                              : s,
                      ),
                      summary: plan.planSummary(steps),
                      cost: {
                          currency: cost.currency,
                          totalBefore: cost.totalBefore,
                          totalAfter: cost.totalAfter,
                          totalDelta: cost.totalDelta,
                      },
                  },
                  null,
                  2,
              )
            : `${plan.formatPlan(steps, (s) => (changed(s) ? costCell(cost, s.urn) : ""))}\n${formatPlanCost(cost)}`;
        io.out(`${text}\n`);
        return plan.planExitCode(steps);
    } finally {
        clean();
        process.removeListener("SIGINT", onSignal);
        process.removeListener("SIGTERM", onSignal);
    }
}
