/**
 * The pull request's gate: .github/scripts/plan-all.sh runs, from the base branch's checkout, for
 * every listed stack: the config-key check of this branch's stack file, the base branch's policy
 * pack on this branch's export, and the plan of that export against the base branch's render; it
 * writes the report the job posts and fails on a refused key, a mandatory violation, a failed plan,
 * or a plan exit 3 unless the approve-data-replacement label is on the pull request. Run here with
 * an `npm` and a `node` that answer with a chosen exit code per stack and command.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { parse as parseYaml } from "yaml";
import { PROJECT_ROOT } from "../offline/stackFiles";

const SCRIPT = path.join(PROJECT_ROOT, ".github", "scripts", "plan-all.sh");

/** Exit codes of the fake commands: keys, policy, plan; per stack. */
interface Codes {
    keys?: Record<string, number>;
    policy?: Record<string, number>;
    plan?: Record<string, number>;
}

/** Runs the script with base exports for `withBase`, head exports for `withHead` (default: all). */
function planAll(
    stacks: string[],
    withBase: string[],
    codes: Codes,
    approved: boolean,
    withHead: string[] = stacks,
): { status: number | null; report: string; calls: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-plan-all-"));
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    for (const d of ["base", "head", "head-stacks"]) {
        fs.mkdirSync(path.join(dir, d));
    }
    for (const s of withBase) {
        fs.writeFileSync(path.join(dir, "base", `${s}.json`), "{}");
    }
    for (const s of withHead) {
        fs.writeFileSync(path.join(dir, "head", `${s}.json`), "{}");
    }
    // npm run -s policy -- head/S.json: log, print, exit with POLICY_S.
    // npm run -s plan -- --stack S --base ... --head ...: log, print, exit with PLAN_S.
    fs.writeFileSync(
        path.join(bin, "npm"),
        [
            "#!/bin/sh",
            'printf "%s\\n" "npm $*" >> "$NPM_LOG"',
            'case "$3" in',
            '  policy) stack=$(basename "$5" .json); echo "policy: 0 mandatory ($stack)"; eval "exit \\${POLICY_$stack:-0}" ;;',
            '  plan) stack=$6; echo "plan: 1 same ($stack)"; eval "exit \\${PLAN_$stack:-0}" ;;',
            "esac",
            "exit 99",
        ].join("\n") + "\n",
        { mode: 0o755 },
    );
    // node .github/scripts/check-stack-keys.mjs DIR S
    fs.writeFileSync(
        path.join(bin, "node"),
        [
            "#!/bin/sh",
            'printf "%s\\n" "node $*" >> "$NPM_LOG"',
            'case "$1" in',
            '  *check-stack-keys.mjs) stack=$3; echo "keys ok ($stack)"; eval "exit \\${KEYS_$stack:-0}" ;;',
            "esac",
            "exit 99",
        ].join("\n") + "\n",
        { mode: 0o755 },
    );
    const env: Record<string, string> = {};
    for (const [kind, prefix] of [
        ["keys", "KEYS"],
        ["policy", "POLICY"],
        ["plan", "PLAN"],
    ] as const) {
        for (const [stack, code] of Object.entries(codes[kind] ?? {})) {
            env[`${prefix}_${stack}`] = String(code);
        }
    }
    const r = spawnSync("bash", [SCRIPT, "base", "head", "head-stacks", "plan.md"], {
        cwd: dir,
        encoding: "utf8",
        env: {
            ...process.env,
            PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
            MATRIX: JSON.stringify({ include: stacks.map((stack) => ({ stack })) }),
            APPROVED: String(approved),
            NPM_LOG: path.join(dir, "npm.log"),
            ...env,
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

const calls = (stack: string, plan = true) => [
    `node .github/scripts/check-stack-keys.mjs head-stacks ${stack}`,
    `npm run -s policy -- head/${stack}.json`,
    ...(plan
        ? [
              `npm run -s plan -- --stack ${stack} --base base/${stack}.json --head head/${stack}.json`,
          ]
        : []),
];

describe("the pull request's gate (.github/scripts/plan-all.sh)", () => {
    it("checks keys and policy of every stack, plans every stack with a base export, and passes when nothing is wrong", () => {
        const r = planAll(["dev", "prod", "nosuchstack"], ["dev", "prod"], {}, false);
        assert.strictEqual(r.status, 0);
        assert.deepStrictEqual(r.calls, [
            ...calls("dev"),
            ...calls("prod"),
            ...calls("nosuchstack", false),
        ]);
        assert.strictEqual(
            r.report,
            [
                "## Gate: the base branch's checks on this branch",
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
                "### nosuchstack",
                "",
                "New stack (no export on the base branch): every resource is created.",
                "",
            ].join("\n"),
        );
    });

    it("fails when the stack file sets a refused config key, showing the check's output", () => {
        const r = planAll(["prod"], ["prod"], { keys: { prod: 1 } }, true);
        assert.strictEqual(r.status, 1);
        assert.ok(
            r.report.includes(
                "```\nkeys ok (prod)\n```\n**Blocked:** the stack file sets a refused config key (exit 1).\n",
            ),
            r.report,
        );
    });

    it("fails when the base branch's pack refuses this branch's export, label or not", () => {
        for (const approved of [false, true]) {
            const r = planAll(["prod"], ["prod"], { policy: { prod: 1 } }, approved);
            assert.strictEqual(r.status, 1);
            assert.ok(
                r.report.includes(
                    "```\npolicy: 0 mandatory (prod)\n```\n**Blocked:** the base branch's policy pack and config refuse this render (exit 1).\n",
                ),
                r.report,
            );
        }
    });

    it("fails when this branch has no export of a stack (its synth failed)", () => {
        const r = planAll(["dev", "prod"], ["dev", "prod"], {}, false, ["dev"]);
        assert.strictEqual(r.status, 1);
        assert.deepStrictEqual(r.calls, [
            ...calls("dev"),
            "node .github/scripts/check-stack-keys.mjs head-stacks prod",
        ]);
        assert.ok(
            r.report.endsWith(
                "**Blocked:** no export of this branch for the stack (its synth failed).\n",
            ),
        );
    });

    it("fails on exit 3 (a data-holding resource replaced or deleted) without the label", () => {
        const r = planAll(["dev", "prod"], ["dev", "prod"], { plan: { prod: 3 } }, false);
        assert.strictEqual(r.status, 1);
        assert.ok(
            r.report.endsWith(
                "**Blocked:** this change replaces or deletes data-holding resources. Add `aliases` if it is a rename; if the loss is intended, add the `approve-data-replacement` label.\n",
            ),
            r.report,
        );
    });

    it("passes exit 3 with the approve-data-replacement label, saying so", () => {
        const r = planAll(["prod"], ["prod"], { plan: { prod: 3 } }, true);
        assert.strictEqual(r.status, 0);
        assert.ok(
            r.report.endsWith(
                "Replaces or deletes data-holding resources: approved by the `approve-data-replacement` label.\n",
            ),
        );
    });

    it("fails when a plan itself fails (exit 2), label or not", () => {
        for (const approved of [false, true]) {
            const r = planAll(["dev"], ["dev"], { plan: { dev: 2 } }, approved);
            assert.strictEqual(r.status, 1);
            assert.ok(r.report.endsWith("**The plan failed** (exit 2).\n"));
        }
    });

    it("is wired in pull-request.yml from the base checkout: the label re-runs it, the report is posted", () => {
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
        const gate = job.steps.find((s: { name?: string }) => s.name === "Gate every stack");
        assert.strictEqual(
            gate.run,
            "bash .github/scripts/plan-all.sh base head head-stacks plan.md",
        );
        assert.deepStrictEqual(gate.env, {
            MATRIX: "${{ needs.stacks.outputs.matrix }}",
            APPROVED:
                "${{ contains(github.event.pull_request.labels.*.name, 'approve-data-replacement') }}",
        });
        const base = job.steps.find(
            (s: { name?: string }) => s.name === "Render the base branch's stacks",
        );
        assert.match(base.run, /npm run synth -- --stack "\$stack" --out "base\/\$stack\.json"/);
        const post = job.steps.find((s: { name?: string }) => s.name === "Post the plan");
        assert.strictEqual(post.if, "always()");
        assert.match(post.run, /gh pr comment "\$PR" --body-file plan\.md/);
    });
});

describe("the gate's base-side tools (.github/scripts/*.mjs), run on this checkout", () => {
    const tool = (name: string) => path.join(PROJECT_ROOT, ".github", "scripts", name);
    const run = (args: string[]) =>
        spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, encoding: "utf8" });
    type Out = (line: string) => void;
    /** The check in-process (stackKeys.mjs): its output and exit code as the script prints them. */
    const check = async (...argv: string[]) => {
        const { checkStackKeys } = (await import(pathToFileURL(tool("stackKeys.mjs")).href)) as {
            checkStackKeys: (argv: string[], io: Record<"out" | "err", Out>) => number;
        };
        let stdout = "";
        let stderr = "";
        const status = checkStackKeys(argv, {
            out: (line: string) => (stdout += `${line}\n`),
            err: (line: string) => (stderr += `${line}\n`),
        });
        return { status, stdout, stderr };
    };
    const REFUSED = [
        'Pulumi.prod.yaml: aws:insecure is not an allowed provider setting; the stack file may set only aws:region, aws:defaultTags, aws:allowedAccountIds (README, "Stack settings")',
        'Pulumi.prod.yaml: foo:bar: the config namespace "foo" is not read by this program; only tng:, aws:, pulumi: keys are allowed (remove it with pulumi config rm foo:bar)',
    ];

    it("check-stack-keys: passes the stack files, refuses a foreign or undocumented key by name", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-keys-"));
        fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.copyFileSync(
            path.join(PROJECT_ROOT, "Pulumi.prod.yaml"),
            path.join(dir, "Pulumi.prod.yaml"),
        );
        const ok = await check(dir, "prod");
        assert.deepStrictEqual([ok.status, ok.stdout], [0, ""], ok.stderr);
        fs.appendFileSync(
            path.join(dir, "Pulumi.prod.yaml"),
            "  aws:insecure: true\n  foo:bar: x\n",
        );
        const bad = await check(dir, "prod");
        assert.strictEqual(bad.status, 1);
        assert.deepStrictEqual(bad.stdout.trim().split("\n"), REFUSED);
        assert.strictEqual((await check(dir, "nosuchstack")).status, 2);
        assert.strictEqual((await check()).status, 2);
        // The one process-level run: the entry builds bin/, prints the refusals on stdout, exits 1.
        const spawned = run([tool("check-stack-keys.mjs"), dir, "prod"]);
        assert.strictEqual(spawned.status, 1, spawned.stderr);
        assert.deepStrictEqual(spawned.stdout.trim().split("\n"), REFUSED);
        fs.rmSync(dir, { recursive: true });
    });
});
