/**
 * npm run plan -- --stack <name> (--base-ref REF | --base FILE [--head FILE]) [--json]
 *
 * Renders the stack from the working tree (offline, as `npm run synth` does) and predicts what
 * `pulumi up` would do against a base: `--base-ref REF` renders the same stack at a git branch,
 * tag or commit (in a temporary worktree that shares this checkout's node_modules, removed
 * afterwards), `--base FILE` reads an earlier `npm run synth -- --out` file or a real
 * `pulumi stack export`. `--head FILE` takes the new side from an export too instead of rendering
 * the working tree: the pull-request gate runs this from the base branch's checkout on the pull
 * request's export, so no code of the pull request runs. Prints same / create / update / replace / delete per resource with the
 * changed keys and their old and new values (rules in offline/plan.ts). Exit 0 when no protected or
 * data-holding resource is replaced or deleted, 3 when one would be, a protected one blocks the
 * preview or a provider moves region or account (each is named), 2 for usage errors, an unknown
 * stack, bad config, an unreadable base, a base of another stack or project, or a REF that does
 * not render.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { listStacks, PROJECT_ROOT, readProjectName } from "../offline/stackFiles";
import type { PlanResource, PlanStep } from "../offline/plan";

const USAGE = `usage: npm run plan -- --stack <${listStacks().join("|")}> (--base-ref REF | --base FILE [--head FILE]) [--json]

  --stack NAME     the stack to render (Pulumi.<NAME>.yaml)
  --base-ref REF   the base is the same stack rendered at REF (a branch, tag or commit),
                   e.g. --base-ref main or --base-ref HEAD~1
  --base FILE      the base is an export: npm run synth -- --stack NAME --out FILE, or pulumi stack export
  --head FILE      with --base: the new side is this export instead of a render of the working tree
  --json           print {"steps": [{"urn", "type", "op", "keys", "diff", "monthlyDelta", ...}],
                   "summary": {...}, "cost": {"totalBefore", "totalAfter", "totalDelta"}}
  --help           this text

Exit: 0 no protected or data-holding resource replaced or deleted; 3 one would be, a protected
resource blocks the preview, or a provider changes region or account; 2 usage, config or base error.`;

interface Args {
    stack: string;
    base?: string;
    baseRef?: string;
    head?: string;
    json: boolean;
}

/** A usage or base problem: printed as is, exit 2. */
class PlanInputError extends Error {}

/** Parses argv; `undefined` after printing help, throws with the usage on errors. */
function readArgs(argv: string[]): Args | undefined {
    let values: {
        stack?: string;
        base?: string;
        "base-ref"?: string;
        head?: string;
        json?: boolean;
        help?: boolean;
    };
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                base: { type: "string" },
                "base-ref": { type: "string" },
                head: { type: "string" },
                json: { type: "boolean", default: false },
                help: { type: "boolean", default: false },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (e) {
        throw new PlanInputError(`${(e as Error).message}\n${USAGE}`);
    }
    if (values.help) {
        process.stdout.write(`${USAGE}\n`);
        return undefined;
    }
    const baseRef = values["base-ref"];
    if (!values.stack || (!values.base && !baseRef)) {
        throw new PlanInputError(`--stack and --base-ref or --base are required\n${USAGE}`);
    }
    if (values.base && baseRef) {
        throw new PlanInputError(`give --base-ref or --base, not both\n${USAGE}`);
    }
    if (values.head !== undefined && !values.base) {
        throw new PlanInputError(`--head needs --base (two exports)\n${USAGE}`);
    }
    return {
        stack: values.stack,
        base: values.base,
        baseRef,
        head: values.head,
        json: values.json === true,
    };
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

/** Writes `text` to stdout and resolves once it is flushed (a pipe may be asynchronous). */
function write(text: string): Promise<void> {
    return new Promise((resolve) => {
        process.stdout.write(text, () => resolve());
    });
}

async function main(): Promise<number> {
    let args: Args | undefined;
    try {
        args = readArgs(process.argv.slice(2));
    } catch (e) {
        console.error((e as Error).message);
        return 2;
    }
    if (args === undefined) {
        return 0;
    }
    if (!listStacks().includes(args.stack)) {
        console.error(
            `No stack file Pulumi.${args.stack}.yaml; stacks: ${listStacks().join(", ")}\n${USAGE}`,
        );
        return 2;
    }
    const cleanup: (() => void)[] = [];
    let dir: string | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
        for (const f of cleanup.reverse()) {
            f();
        }
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
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
            base = plan.readBase(file);
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
        const config = readStackConfig(args.stack);
        let steps: PlanStep[];
        let cost: import("../cost/planCost").PlanCost;
        try {
            const usage = readUsageFile(usageFileOf(args.stack));
            let rendered: PlanResource[];
            if (args.head !== undefined) {
                rendered = plan.readBase(args.head);
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
                rendered = plan.renderedResources(await synthesize(args.stack, { config }));
            }
            steps = plan.planSteps(base, rendered, {
                providerRegion: config.config["aws:region"],
            });
            // Both sides priced with this checkout's usage file and price table: only the
            // resources' inputs make the difference.
            cost = planCost(base, rendered, usage, { date: new Date().toISOString().slice(0, 10) });
        } catch (e) {
            if (e instanceof UsageFileError) {
                throw new PlanInputError(e.message);
            }
            if (
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
        await write(`${text}\n`);
        return plan.planExitCode(steps);
    } catch (e) {
        if (
            e instanceof PlanInputError ||
            (e instanceof Error && /^(cannot read base|base )/.test(e.message))
        ) {
            console.error(e.message);
            return 2;
        }
        throw e;
    } finally {
        for (const f of cleanup.reverse()) {
            f();
        }
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        process.removeListener("SIGINT", onSignal);
        process.removeListener("SIGTERM", onSignal);
    }
}

// process.exitCode, not process.exit(): exit() can cut stdout short where a pipe is asynchronous.
main().then(
    (code) => {
        process.exitCode = code;
    },
    (e: unknown) => {
        console.error(e instanceof Error ? `plan failed: ${e.message}` : e);
        process.exitCode = 1;
    },
);
