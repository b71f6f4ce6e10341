/**
 * The pull request's plan gate: .github/scripts/plan-all.sh runs `npm run plan` for every listed
 * stack against the base branch's exports, writes the report the job posts, and fails on exit 3
 * unless the approve-data-replacement label is on the pull request. Run here with an `npm` that
 * answers with a chosen exit code per stack.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { PROJECT_ROOT } from "../offline/stackFiles";

const SCRIPT = path.join(PROJECT_ROOT, ".github", "scripts", "plan-all.sh");

/** Runs the script with base exports for `withBase`, the fake npm exiting `codes[stack]`. */
function planAll(
    stacks: string[],
    withBase: string[],
    codes: Record<string, number>,
    approved: boolean,
): { status: number | null; report: string; calls: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-plan-all-"));
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.mkdirSync(path.join(dir, "base"));
    for (const s of withBase) {
        fs.writeFileSync(path.join(dir, "base", `${s}.json`), "{}");
    }
    // npm run -s plan -- --stack S --base F: log the call, print a plan line, exit with S's code.
    fs.writeFileSync(
        path.join(bin, "npm"),
        [
            "#!/bin/sh",
            'printf "%s\\n" "npm $*" >> "$NPM_LOG"',
            'stack=$6; echo "plan: 1 same ($stack)"',
            'eval "exit \\${CODE_$stack:-0}"',
        ].join("\n") + "\n",
        { mode: 0o755 },
    );
    const r = spawnSync("bash", [SCRIPT, "base", "plan.md"], {
        cwd: dir,
        encoding: "utf8",
        env: {
            ...process.env,
            PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
            MATRIX: JSON.stringify({ include: stacks.map((stack) => ({ stack })) }),
            APPROVED: String(approved),
            NPM_LOG: path.join(dir, "npm.log"),
            ...Object.fromEntries(Object.entries(codes).map(([s, c]) => [`CODE_${s}`, String(c)])),
        },
    });
    const log = path.join(dir, "npm.log");
    const result = {
        status: r.status,
        report: fs.readFileSync(path.join(dir, "plan.md"), "utf8"),
        calls: fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [],
    };
    fs.rmSync(dir, { recursive: true });
    return result;
}

describe("the pull request's offline plan gate (.github/scripts/plan-all.sh)", () => {
    it("plans every stack that has a base export, and passes when nothing dangerous changes", () => {
        const r = planAll(["dev", "prod", "staging"], ["dev", "prod"], {}, false);
        assert.strictEqual(r.status, 0);
        assert.deepStrictEqual(r.calls, [
            "npm run -s plan -- --stack dev --base base/dev.json",
            "npm run -s plan -- --stack prod --base base/prod.json",
        ]);
        assert.strictEqual(
            r.report,
            [
                "## Offline plan against the base branch",
                "",
                "### dev",
                "",
                "```",
                "plan: 1 same (dev)",
                "```",
                "",
                "### prod",
                "",
                "```",
                "plan: 1 same (prod)",
                "```",
                "",
                "### staging",
                "",
                "New stack (no export on the base branch): every resource is created.",
                "",
            ].join("\n"),
        );
    });

    it("fails on exit 3 (a data-holding resource replaced or deleted) without the label", () => {
        const r = planAll(["dev", "prod"], ["dev", "prod"], { prod: 3 }, false);
        assert.strictEqual(r.status, 1);
        assert.ok(
            r.report.endsWith(
                "**Blocked:** this change replaces or deletes data-holding resources. Add `aliases` if it is a rename; if the loss is intended, add the `approve-data-replacement` label.\n",
            ),
            r.report,
        );
    });

    it("passes exit 3 with the approve-data-replacement label, saying so", () => {
        const r = planAll(["prod"], ["prod"], { prod: 3 }, true);
        assert.strictEqual(r.status, 0);
        assert.ok(
            r.report.endsWith(
                "Replaces or deletes data-holding resources: approved by the `approve-data-replacement` label.\n",
            ),
        );
    });

    it("fails when a plan itself fails (exit 2), label or not", () => {
        for (const approved of [false, true]) {
            const r = planAll(["dev"], ["dev"], { dev: 2 }, approved);
            assert.strictEqual(r.status, 1);
            assert.ok(r.report.endsWith("**The plan failed** (exit 2).\n"));
        }
    });

    it("is wired in pull-request.yml: the label re-runs it, the report is posted", () => {
        const wf = parseYaml(
            fs.readFileSync(
                path.join(PROJECT_ROOT, ".github", "workflows", "pull-request.yml"),
                "utf8",
            ),
        );
        assert.deepStrictEqual(wf.on.pull_request.types, [
            "opened",
            "synchronize",
            "reopened",
            "labeled",
            "unlabeled",
        ]);
        const job = wf.jobs.plan;
        assert.deepStrictEqual(job.permissions, { contents: "read", "pull-requests": "write" });
        const plan = job.steps.find((s: { name?: string }) => s.name === "Plan every stack");
        assert.strictEqual(plan.run, "bash .github/scripts/plan-all.sh base plan.md");
        assert.deepStrictEqual(plan.env, {
            MATRIX: "${{ needs.stacks.outputs.matrix }}",
            APPROVED:
                "${{ contains(github.event.pull_request.labels.*.name, 'approve-data-replacement') }}",
        });
        const base = job.steps.find(
            (s: { name?: string }) => s.name === "Render the base branch's stacks",
        );
        assert.match(base.run, /git worktree add "\$RUNNER_TEMP\/base" "origin\/\$BASE_REF"/);
        assert.match(
            base.run,
            /npm run synth -- --stack "\$stack" --out "\$GITHUB_WORKSPACE\/base\/\$stack\.json"/,
        );
        const post = job.steps.find((s: { name?: string }) => s.name === "Post the plan");
        assert.strictEqual(post.if, "always()");
        assert.match(post.run, /gh pr comment "\$PR" --body-file plan\.md/);
    });
});
