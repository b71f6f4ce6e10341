/**
 * npm run plan -- --stack <name> (--base-ref REF | --base FILE [--head FILE]) [--json]
 *
 * Renders the stack from the working tree (offline, as `npm run synth` does) and predicts what
 * `pulumi up` would do against a base: `--base-ref REF` renders the same stack at a git branch,
 * tag or commit (in a temporary worktree that shares this checkout's node_modules, removed
 * afterwards), `--base FILE` reads an earlier `npm run synth -- --out` file or a real
 * `pulumi stack export`. `--head FILE` takes the new side from an export too instead of rendering
 * the working tree: the pull-request gate runs this from the base branch's checkout on the pull
 * request's export, so no code of the pull request runs. Prints same / create / update / replace /
 * delete per resource with the changed keys and their old and new values (rules in
 * offline/plan.ts). Exit 0 when no protected or data-holding resource is replaced or deleted, 3
 * when one would be, a protected one blocks the preview or a provider moves region or account
 * (each is named), 2 for usage errors, an unknown stack, bad config, an unreadable base (only
 * regular files are read), a base of another stack or project, or a REF that does not render.
 * The work is in scripts/planCore.ts.
 */
import { runEntry } from "../lib/cli";
import { PLAN_USAGE, runPlan } from "./planCore";

// runEntry: the process exits once a large plan on a slow pipe has drained whole.
void runEntry("plan", PLAN_USAGE, () =>
    runPlan(process.argv.slice(2), {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(`${text}\n`),
    }),
);
