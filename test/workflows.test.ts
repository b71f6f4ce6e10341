/**
 * The GitHub Actions workflows: they parse, run on the intended triggers, call only npm scripts
 * that exist, derive the stack list from the Pulumi.<stack>.yaml files (the list steps are run
 * here, on this checkout and on a fixture with a third stack), order their jobs (the base branch's
 * gate after the offline checks, preview after the gate, prod's approved plan after the other
 * stacks), reach AWS and Pulumi Cloud only through OIDC in a GitHub environment (never from a
 * pull_request job without one, never with a stored token), refuse deploys from any ref but main,
 * pin every action to a commit SHA with its version, and point the Pulumi action at a policy pack
 * and at the stack's policy config exactly when it exists. Also CODEOWNERS and Dependabot.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import { listStacks, PROJECT_ROOT } from "../offline/stackFiles";

interface Step {
    readonly id?: string;
    readonly name?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly if?: string;
    readonly with?: Record<string, unknown>;
    readonly env?: Record<string, unknown>;
}

interface Job {
    readonly needs?: string | string[];
    readonly if?: string;
    readonly environment?: string | { readonly name: string };
    readonly permissions?: Record<string, string>;
    readonly concurrency?: { readonly group: string; readonly "cancel-in-progress"?: boolean };
    readonly strategy?: {
        readonly "fail-fast"?: boolean;
        readonly matrix?: Record<string, unknown> | string;
    };
    readonly outputs?: Record<string, string>;
    readonly steps: Step[];
}

interface Workflow {
    readonly name: string;
    readonly on: Record<string, unknown>;
    readonly permissions?: Record<string, string>;
    readonly concurrency?: { readonly group: string; readonly "cancel-in-progress"?: boolean };
    readonly jobs: Record<string, Job>;
}

const WORKFLOW_DIR = path.join(PROJECT_ROOT, ".github", "workflows");
const FILES = ["pull-request.yml", "deploy.yml"];
const CONFIGURE_AWS = "aws-actions/configure-aws-credentials";
const PULUMI_ACTION = "pulumi/actions";
const PULUMI_AUTH = "pulumi/auth-actions";
/** The step every deploy job starts with. */
const REFUSE_NOT_MAIN = "Refuse any ref but main";

function readText(file: string): string {
    return fs.readFileSync(path.join(WORKFLOW_DIR, file), "utf8");
}

/** Parses a workflow file; YAML errors (duplicate keys, bad indentation) fail the parse. */
function readWorkflow(file: string): Workflow {
    const doc = parseDocument(readText(file), { uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new Error(`${file}: ${doc.errors.map((e) => e.message).join("; ")}`);
    }
    return doc.toJS() as Workflow;
}

function needsOf(job: Job): string[] {
    return job.needs === undefined ? [] : ([] as string[]).concat(job.needs);
}

function environmentOf(job: Job): string | undefined {
    return typeof job.environment === "string" ? job.environment : job.environment?.name;
}

/** The job's permissions, or the workflow's when the job sets none (GitHub's rule). */
function permissionsOf(workflow: Workflow, job: Job): Record<string, string> {
    return job.permissions ?? workflow.permissions ?? {};
}

/** The matrix every job that derives its stacks uses: the `stacks` job's JSON output. */
const DERIVED_MATRIX = "${{ fromJSON(needs.stacks.outputs.matrix) }}";

/** The outputs a step writes to $GITHUB_OUTPUT (`name=value` lines). */
type StepOutputs = Record<string, string>;

/**
 * Runs a workflow `run:` script as GitHub does on Linux (`bash --noprofile --norc -eo pipefail`)
 * in `cwd`, with `env` added; returns what it wrote to $GITHUB_OUTPUT. A failure fails the test.
 */
function runScript(script: string, cwd: string, env: Record<string, string> = {}): StepOutputs {
    const outputFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tng-gh-")), "output");
    fs.writeFileSync(outputFile, "");
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
        cwd,
        env: { ...process.env, ...env, GITHUB_OUTPUT: outputFile },
        encoding: "utf8",
    });
    assert.strictEqual(result.status, 0, `${script}\n${result.stderr}`);
    const outputs: StepOutputs = {};
    for (const line of fs.readFileSync(outputFile, "utf8").split("\n").filter(Boolean)) {
        const eq = line.indexOf("=");
        outputs[line.slice(0, eq)] = line.slice(eq + 1);
    }
    return outputs;
}

/** The outputs of a workflow's `stacks` job, its `list` step run in `cwd`. */
function listStacksJob(wf: Workflow, cwd: string): StepOutputs {
    const job = wf.jobs.stacks;
    const list = job.steps.find((s) => s.id === "list");
    assert.ok(list?.run, "the stacks job has no `list` step");
    const stepOutputs = runScript(list.run, cwd);
    // The job's outputs map to the step's: `${{ steps.list.outputs.X }}`.
    return Object.fromEntries(
        Object.entries(job.outputs ?? {}).map(([name, expr]) => {
            const m = /^\$\{\{ steps\.list\.outputs\.([\w-]+) \}\}$/.exec(expr);
            assert.ok(m, `stacks output ${name}: ${expr}`);
            return [name, stepOutputs[m[1]]];
        }),
    );
}

/** A folder holding the given files (paths relative to it) with `{}` as content. */
function fixture(files: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-stacks-"));
    for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), "{}\n");
    }
    return dir;
}

/** The repository's stacks as the workflows must list them: policyConfig only when it exists. */
function expectedEntries(stackNames: string[]): { stack: string; policyConfig: string }[] {
    return stackNames.map((stack) => {
        const config = `policies/config/${stack}.json`;
        return {
            stack,
            policyConfig: fs.existsSync(path.join(PROJECT_ROOT, config)) ? config : "",
        };
    });
}

/**
 * Every combination of a job's matrix: the derived matrix's `include` entries, or the product of
 * a literal matrix's list-valued keys; one empty entry without a matrix.
 */
function matrixCombinations(job: Job, outputs: StepOutputs): Record<string, string>[] {
    const matrix = job.strategy?.matrix;
    if (typeof matrix === "string") {
        assert.strictEqual(matrix, DERIVED_MATRIX);
        return (JSON.parse(outputs.matrix) as { include: Record<string, string>[] }).include;
    }
    let combos: Record<string, string>[] = [{}];
    for (const [key, values] of Object.entries(matrix ?? {})) {
        if (!Array.isArray(values)) {
            continue;
        }
        combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: String(v) })));
    }
    return combos;
}

/** Replaces `${{ matrix.KEY }}` and `${{ needs.stacks.outputs.KEY }}` with their values. */
function expandMatrix(
    value: string,
    combo: Record<string, string>,
    outputs: StepOutputs = {},
): string {
    return value.replace(
        /\$\{\{\s*(matrix|needs\.stacks\.outputs)\.([\w-]+)\s*\}\}/g,
        (whole, scope: string, key: string) => {
            const v = scope === "matrix" ? combo[key] : outputs[key];
            if (v === undefined) {
                throw new Error(`no value for ${whole} in ${value}`);
            }
            return v;
        },
    );
}

/**
 * The scripts a shell script asks npm to run: `npm run [--flags] X` → X, `npm test` → test.
 * `npm run` without a name yields "" (a listing, which no workflow should do).
 */
function npmScripts(script: string): string[] {
    const found: string[] = [];
    for (const command of script.split(/&&|\|\||[;|\n]/)) {
        const words = command.trim().split(/\s+/);
        const npm = words.indexOf("npm");
        if (npm < 0) {
            continue;
        }
        const verb = words[npm + 1];
        if (verb === "run" || verb === "run-script") {
            const name = words.slice(npm + 2).find((w) => !w.startsWith("-"));
            found.push(name ?? "");
        } else if (verb === "test" || verb === "t" || verb === "start" || verb === "stop") {
            found.push(verb === "t" ? "test" : verb);
        }
    }
    return found;
}

/** Every step of every job, with the job id and the workflow file. */
function allSteps(
    workflows: Record<string, Workflow>,
): { file: string; jobId: string; job: Job; step: Step }[] {
    return Object.entries(workflows).flatMap(([file, wf]) =>
        Object.entries(wf.jobs).flatMap(([jobId, job]) =>
            job.steps.map((step) => ({ file, jobId, job, step })),
        ),
    );
}

function usesAction(step: Step, action: string): boolean {
    return step.uses !== undefined && step.uses.split("@")[0] === action;
}

describe("GitHub workflows", () => {
    let workflows: Record<string, Workflow>;
    let scripts: Record<string, string>;
    let stacks: string[];
    let project: string;

    before(() => {
        workflows = Object.fromEntries(FILES.map((f) => [f, readWorkflow(f)]));
        scripts = (
            JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
                scripts: Record<string, string>;
            }
        ).scripts;
        stacks = listStacks();
        const pulumiYaml = parseDocument(
            fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8"),
        ).toJS() as { name: string };
        project = pulumiYaml.name;
    });

    it("are exactly pull-request.yml and deploy.yml, and both parse", () => {
        assert.deepStrictEqual(fs.readdirSync(WORKFLOW_DIR).sort(), [
            "deploy.yml",
            "pull-request.yml",
        ]);
        // deploy.yml gates the prod stack; every other stack is derived.
        assert.ok(stacks.includes("prod"), `stacks: ${stacks.join(", ")}`);
        assert.strictEqual(project, "tng");
        for (const file of FILES) {
            assert.ok(Object.keys(workflows[file].jobs).length > 0, `${file} has no jobs`);
        }
    });

    it("npmScripts reads the script names of a shell line", () => {
        assert.deepStrictEqual(npmScripts("npm ci"), []);
        assert.deepStrictEqual(npmScripts("npm test"), ["test"]);
        assert.deepStrictEqual(npmScripts("npm run synth -- --stack dev --out dev.json"), [
            "synth",
        ]);
        assert.deepStrictEqual(npmScripts("npm run build && npm run policy -- x.json"), [
            "build",
            "policy",
        ]);
        assert.deepStrictEqual(npmScripts("npm run --silent invalidate -- --paths '/*'"), [
            "invalidate",
        ]);
        assert.deepStrictEqual(npmScripts("npm run"), [""]);
        assert.deepStrictEqual(npmScripts("echo a\nnpm t; npm start"), ["test", "start"]);
    });

    describe("triggers", () => {
        it("pull-request.yml runs on pull requests only", () => {
            assert.deepStrictEqual(Object.keys(workflows["pull-request.yml"].on), ["pull_request"]);
        });

        it("deploy.yml runs on pushes to main and by hand (workflow_dispatch, no inputs)", () => {
            assert.deepStrictEqual(workflows["deploy.yml"].on, {
                push: { branches: ["main"] },
                workflow_dispatch: null,
            });
        });

        it("deploy.yml: prod deploys only by hand until PROD_DEPLOY_ON_PUSH is true (the cutover runbook)", () => {
            const wf = workflows["deploy.yml"];
            // up-prod needs preview-prod: skipped with it.
            assert.strictEqual(wf.jobs["up-prod"].if, undefined);
            assert.strictEqual(
                wf.jobs["preview-prod"].if,
                "github.event_name == 'workflow_dispatch' || vars.PROD_DEPLOY_ON_PUSH == 'true'",
            );
            // Every other stack deploys on every push, and the stack list always runs.
            assert.strictEqual(wf.jobs.up.if, undefined);
            assert.strictEqual(wf.jobs.stacks.if, undefined);
        });
    });

    it("every `npm run` (and `npm test`) in a run: line names a script of package.json", () => {
        const called = new Set<string>();
        for (const { file, jobId, step } of allSteps(workflows)) {
            for (const name of npmScripts(step.run ?? "")) {
                assert.ok(
                    Object.hasOwn(scripts, name),
                    `${file} ${jobId}: \`${step.run}\` calls npm script "${name}", which package.json does not define`,
                );
                called.add(name);
            }
        }
        assert.deepStrictEqual([...called].sort(), ["policy", "synth", "test"]);
    });

    describe("pull-request.yml", () => {
        let wf: Workflow;
        before(() => {
            wf = workflows["pull-request.yml"];
        });

        it("has the jobs stacks, offline, plan and preview; offline and plan need stacks, preview stacks and offline", () => {
            assert.deepStrictEqual(Object.keys(wf.jobs).sort(), [
                "offline",
                "plan",
                "preview",
                "stacks",
            ]);
            assert.deepStrictEqual(needsOf(wf.jobs.stacks), []);
            assert.deepStrictEqual(needsOf(wf.jobs.offline), ["stacks"]);
            assert.deepStrictEqual(needsOf(wf.jobs.plan), ["stacks", "offline"]);
            assert.deepStrictEqual(needsOf(wf.jobs.preview), ["stacks", "offline", "plan"]);
        });

        it("runs one pull request's checks at a time, cancelling the superseded run", () => {
            assert.deepStrictEqual(wf.concurrency, {
                group: "pull-request-${{ github.event.pull_request.number }}",
                "cancel-in-progress": true,
            });
        });

        it("stacks: lists every Pulumi.<stack>.yaml with its policy config when that exists", () => {
            assert.deepStrictEqual(listStacksJob(wf, PROJECT_ROOT), {
                matrix: JSON.stringify({ include: expectedEntries(stacks) }),
            });
            // A third stack without a policy config: listed, with an empty policyConfig.
            const dir = fixture([
                "Pulumi.yaml",
                "Pulumi.prod.yaml",
                "Pulumi.dev.yaml",
                "Pulumi.no-config.yml",
                "policies/config/dev.json",
                "policies/config/prod.json",
                "policies/config/not-a-stack.json",
            ]);
            assert.deepStrictEqual(JSON.parse(listStacksJob(wf, dir).matrix), {
                include: [
                    { stack: "dev", policyConfig: "policies/config/dev.json" },
                    { stack: "no-config", policyConfig: "" },
                    { stack: "prod", policyConfig: "policies/config/prod.json" },
                ],
            });
            fs.rmSync(dir, { recursive: true });
        });

        it("offline: installs, tests, then synthesizes and policy-checks each listed stack", () => {
            const steps = wf.jobs.offline.steps;
            const runs = steps.filter((s) => s.run !== undefined);
            assert.deepStrictEqual(
                runs.slice(0, 2).map((s) => s.run),
                ["npm ci", "npm test"],
            );
            assert.strictEqual(runs.length, 3);
            const loop = runs[2];
            assert.deepStrictEqual(loop.env, { MATRIX: "${{ needs.stacks.outputs.matrix }}" });
            // Run the loop with an `npm` that only records its arguments, on a matrix with a stack
            // that has no policy config: the policy check gets --config exactly when there is one.
            const dir = fixture([]);
            const bin = path.join(dir, "fake-bin");
            fs.mkdirSync(bin);
            fs.writeFileSync(
                path.join(bin, "npm"),
                '#!/bin/sh\nprintf "%s\\n" "npm $*" >> "$NPM_LOG"\n',
                { mode: 0o755 },
            );
            const log = path.join(dir, "npm.log");
            const matrix = {
                include: [
                    { stack: "dev", policyConfig: "policies/config/dev.json" },
                    { stack: "no-config", policyConfig: "" },
                ],
            };
            runScript(String(loop.run), dir, {
                MATRIX: JSON.stringify(matrix),
                NPM_LOG: log,
                PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
            });
            assert.deepStrictEqual(fs.readFileSync(log, "utf8").trim().split("\n"), [
                "npm run synth -- --stack dev --out synth/dev.json",
                "npm run policy -- synth/dev.json --config policies/config/dev.json",
                "npm run synth -- --stack no-config --out synth/no-config.json",
                "npm run policy -- synth/no-config.json",
            ]);
            assert.ok(fs.statSync(path.join(dir, "synth")).isDirectory());
            fs.rmSync(dir, { recursive: true });

            const node = steps.find((s) => usesAction(s, "actions/setup-node"));
            assert.deepStrictEqual(node?.with, {
                "node-version": "${{ matrix.node }}",
                cache: "npm",
            });
            assert.deepStrictEqual(wf.jobs.offline.strategy?.matrix, { node: [22, 24] });
            const upload = steps.find((s) => usesAction(s, "actions/upload-artifact"));
            assert.deepStrictEqual(upload?.with, {
                name: "synth-exports-node${{ matrix.node }}",
                path: "synth/",
                "if-no-files-found": "warn",
            });
            // No AWS in this job: no role, no OIDC token.
            assert.ok(!steps.some((s) => usesAction(s, CONFIGURE_AWS)));
            assert.notStrictEqual(permissionsOf(wf, wf.jobs.offline)["id-token"], "write");
        });

        it("preview: one job per listed stack, previews with the policy pack and comments on the PR", () => {
            const job = wf.jobs.preview;
            assert.strictEqual(job.strategy?.matrix, DERIVED_MATRIX);
            assert.deepStrictEqual(job.permissions, {
                "id-token": "write",
                contents: "read",
                "pull-requests": "write",
            });
            const pulumi = job.steps.filter((s) => usesAction(s, PULUMI_ACTION));
            assert.strictEqual(pulumi.length, 1);
            assert.deepStrictEqual(pulumi[0].with, {
                command: "preview",
                "stack-name": "${{ vars.PULUMI_ORG }}/tng/${{ matrix.stack }}",
                "comment-on-pr": true,
                "comment-on-summary": true,
                "suppress-outputs": true,
                policyPacks: "policies",
                policyPackConfigs: "${{ matrix.policyConfig }}",
            });
            // Each stack's preview runs in its own environment: preview-prod requires reviewers.
            assert.strictEqual(environmentOf(job), "preview-${{ matrix.stack }}");
            // Dependencies are installed before the Pulumi program runs.
            const install = job.steps.findIndex((s) => s.run === "npm ci");
            assert.ok(install >= 0 && install < job.steps.indexOf(pulumi[0]));
        });
    });

    describe("deploy.yml", () => {
        let wf: Workflow;
        before(() => {
            wf = workflows["deploy.yml"];
        });

        it("has the jobs stacks, up, preview-prod and up-prod; prod's preview after up, its up after the preview", () => {
            assert.deepStrictEqual(Object.keys(wf.jobs).sort(), [
                "preview-prod",
                "stacks",
                "up",
                "up-prod",
            ]);
            assert.deepStrictEqual(needsOf(wf.jobs.stacks), []);
            assert.deepStrictEqual(needsOf(wf.jobs.up), ["stacks"]);
            assert.deepStrictEqual(needsOf(wf.jobs["preview-prod"]), ["stacks", "up"]);
            assert.deepStrictEqual(needsOf(wf.jobs["up-prod"]), ["stacks", "preview-prod"]);
        });

        it("prod: the approvers approve a saved preview, and up applies exactly that plan", () => {
            const preview = wf.jobs["preview-prod"];
            assert.strictEqual(environmentOf(preview), "plan-prod");
            const pulumi = preview.steps.filter((s) => usesAction(s, PULUMI_ACTION));
            assert.strictEqual(pulumi.length, 1);
            assert.deepStrictEqual(pulumi[0].with, {
                command: "preview",
                "stack-name": "${{ vars.PULUMI_ORG }}/tng/prod",
                "comment-on-summary": true,
                "suppress-outputs": true,
                plan: "prod-plan.json",
                policyPacks: "policies",
                policyPackConfigs: "${{ needs.stacks.outputs.prod-policy-config }}",
            });
            const upload = preview.steps.find((s) => usesAction(s, "actions/upload-artifact"));
            assert.deepStrictEqual(upload?.with, {
                name: "prod-plan",
                path: "prod-plan.json",
                "if-no-files-found": "error",
            });
            const up = wf.jobs["up-prod"];
            const download = up.steps.findIndex((s) => usesAction(s, "actions/download-artifact"));
            assert.deepStrictEqual(up.steps[download].with, { name: "prod-plan" });
            const apply = up.steps.findIndex((s) => usesAction(s, PULUMI_ACTION));
            assert.ok(download >= 0 && download < apply);
            assert.strictEqual(up.steps[apply].with?.plan, "prod-plan.json");
        });

        it("every deploy job first refuses any ref but refs/heads/main (run here)", () => {
            for (const jobId of ["up", "preview-prod", "up-prod"]) {
                const first = wf.jobs[jobId].steps[0];
                assert.strictEqual(first.name, REFUSE_NOT_MAIN, jobId);
                assert.deepStrictEqual(first.env, { REF: "${{ github.ref }}" });
                const run = (ref: string) =>
                    spawnSync(
                        "bash",
                        ["--noprofile", "--norc", "-eo", "pipefail", "-c", String(first.run)],
                        {
                            env: { ...process.env, REF: ref },
                            encoding: "utf8",
                        },
                    );
                assert.strictEqual(run("refs/heads/main").status, 0);
                for (const ref of [
                    "refs/heads/feature",
                    "refs/heads/main-x",
                    "refs/tags/v1",
                    "refs/pull/1/merge",
                    "",
                ]) {
                    const r = run(ref);
                    assert.strictEqual(r.status, 1, `${jobId} ${ref}`);
                    assert.ok(
                        r.stdout.includes(`deploys run only from refs/heads/main, not ${ref}`),
                    );
                }
            }
        });

        it("stacks: lists every stack but prod for `up`, and prod's policy config for up-prod", () => {
            assert.deepStrictEqual(listStacksJob(wf, PROJECT_ROOT), {
                matrix: JSON.stringify({
                    include: expectedEntries(stacks.filter((s) => s !== "prod")),
                }),
                "prod-policy-config": expectedEntries(["prod"])[0].policyConfig,
            });
            const dir = fixture([
                "Pulumi.yaml",
                "Pulumi.prod.yaml",
                "Pulumi.dev.yaml",
                "Pulumi.no-config.yaml",
                "policies/config/dev.json",
            ]);
            assert.deepStrictEqual(listStacksJob(wf, dir), {
                matrix: JSON.stringify({
                    include: [
                        { stack: "dev", policyConfig: "policies/config/dev.json" },
                        { stack: "no-config", policyConfig: "" },
                    ],
                }),
                "prod-policy-config": "",
            });
            fs.rmSync(dir, { recursive: true });
        });

        it("runs each stack in its GitHub environment (prod's reviewers gate up-prod)", () => {
            assert.strictEqual(wf.jobs.up.strategy?.matrix, DERIVED_MATRIX);
            assert.strictEqual(wf.jobs.up.strategy?.["fail-fast"], false);
            assert.strictEqual(environmentOf(wf.jobs.up), "${{ matrix.stack }}");
            assert.strictEqual(environmentOf(wf.jobs["up-prod"]), "prod");
        });

        it("serializes deploys per stack and never cancels a running one", () => {
            assert.deepStrictEqual(wf.jobs.up.concurrency, {
                group: "deploy-${{ matrix.stack }}",
                "cancel-in-progress": false,
            });
            for (const jobId of ["preview-prod", "up-prod"]) {
                assert.deepStrictEqual(wf.jobs[jobId].concurrency, {
                    group: "deploy-prod",
                    "cancel-in-progress": false,
                });
            }
            assert.strictEqual(wf.concurrency, undefined);
        });

        it("each job runs `pulumi up` on its own stack with the policy pack and that stack's config", () => {
            const expected: Record<string, { stack: string; config: string }> = {
                up: { stack: "${{ matrix.stack }}", config: "${{ matrix.policyConfig }}" },
                "up-prod": {
                    stack: "prod",
                    config: "${{ needs.stacks.outputs.prod-policy-config }}",
                },
            };
            for (const [jobId, { stack, config }] of Object.entries(expected)) {
                const job = wf.jobs[jobId];
                assert.deepStrictEqual(job.permissions, {
                    "id-token": "write",
                    contents: "read",
                });
                const pulumi = job.steps.filter((s) => usesAction(s, PULUMI_ACTION));
                assert.strictEqual(pulumi.length, 1);
                assert.deepStrictEqual(pulumi[0].with, {
                    command: "up",
                    "stack-name": `\${{ vars.PULUMI_ORG }}/tng/${stack}`,
                    message: "deploy ${{ github.sha }}",
                    "comment-on-summary": true,
                    ...(jobId === "up-prod" ? { plan: "prod-plan.json" } : {}),
                    policyPacks: "policies",
                    policyPackConfigs: config,
                });
                const install = job.steps.findIndex((s) => s.run === "npm ci");
                assert.ok(install >= 0 && install < job.steps.indexOf(pulumi[0]));
            }
        });
    });

    describe("AWS access", () => {
        it("no AWS access key appears in any workflow file", () => {
            for (const file of FILES) {
                const text = readText(file).toLowerCase();
                for (const banned of [
                    "aws-access-key-id",
                    "aws-secret-access-key",
                    "aws_access_key_id",
                    "aws_secret_access_key",
                    "aws-session-token",
                ]) {
                    assert.ok(!text.includes(banned), `${file} mentions ${banned}`);
                }
            }
        });

        it("every job that assumes an AWS role has id-token: write and a role from a variable", () => {
            let assumed = 0;
            for (const { file, jobId, job, step } of allSteps(workflows)) {
                if (!usesAction(step, CONFIGURE_AWS)) {
                    continue;
                }
                assumed++;
                assert.strictEqual(
                    permissionsOf(workflows[file], job)["id-token"],
                    "write",
                    `${file} ${jobId} assumes a role without id-token: write`,
                );
                assert.strictEqual(step.with?.["role-to-assume"], "${{ vars.AWS_ROLE_ARN }}");
                assert.strictEqual(step.with?.["aws-region"], "ap-northeast-1");
            }
            // preview, up, preview-prod, up-prod
            assert.strictEqual(assumed, 4);
        });

        it("every job that runs Pulumi gets its Pulumi Cloud token and AWS role through OIDC first", () => {
            for (const { file, jobId, job, step } of allSteps(workflows)) {
                if (!usesAction(step, PULUMI_ACTION)) {
                    continue;
                }
                const at = job.steps.indexOf(step);
                const auth = job.steps.findIndex((s) => usesAction(s, PULUMI_AUTH));
                const aws = job.steps.findIndex((s) => usesAction(s, CONFIGURE_AWS));
                assert.ok(auth >= 0 && auth < at, `${file} ${jobId}: pulumi/auth-actions first`);
                assert.ok(
                    aws >= 0 && aws < at,
                    `${file} ${jobId}: configure AWS credentials first`,
                );
                // A team token of the environment's team, never a stored token.
                assert.deepStrictEqual(job.steps[auth].with, {
                    organization: "${{ vars.PULUMI_ORG }}",
                    "requested-token-type": "urn:pulumi:token-type:access_token:team",
                    scope: "team:${{ vars.PULUMI_TEAM }}",
                });
                assert.strictEqual(step.env, undefined, `${file} ${jobId}`);
            }
        });

        it("no workflow stores a Pulumi token or reads a secret; the pull-request workflow reads none at all", () => {
            for (const file of FILES) {
                assert.ok(!readText(file).includes("PULUMI_ACCESS_TOKEN"), file);
            }
            assert.ok(!/\bsecrets\./.test(readText("pull-request.yml")));
            assert.ok(!/\bsecrets\./.test(readText("deploy.yml")));
        });

        it("no pull_request job gets an OIDC token (AWS, Pulumi Cloud) outside a per-stack GitHub environment", () => {
            const wf = workflows["pull-request.yml"];
            let privileged = 0;
            for (const [jobId, job] of Object.entries(wf.jobs)) {
                const usesCloud = job.steps.some(
                    (s) => usesAction(s, CONFIGURE_AWS) || usesAction(s, PULUMI_AUTH),
                );
                const oidc = permissionsOf(wf, job)["id-token"] === "write";
                if (!usesCloud && !oidc) {
                    continue;
                }
                privileged++;
                // preview-prod is the environment that must require reviewers (docs/delivery.md).
                assert.strictEqual(environmentOf(job), "preview-${{ matrix.stack }}", jobId);
                assert.strictEqual(
                    job.if,
                    "github.event.pull_request.head.repo.full_name == github.repository",
                );
            }
            assert.strictEqual(privileged, 1);
        });

        it("the gate runs only the base branch's code: base checkout, this branch's exports and stack files as data", () => {
            const job = workflows["pull-request.yml"].jobs.plan;
            const checkouts = job.steps.filter((s) => usesAction(s, "actions/checkout"));
            assert.deepStrictEqual(
                checkouts.map((s) => s.with),
                [
                    {
                        ref: "${{ github.event.pull_request.base.sha }}",
                        "fetch-depth": 0,
                        "persist-credentials": false,
                    },
                ],
            );
            const download = job.steps.find((s) => usesAction(s, "actions/download-artifact"));
            assert.deepStrictEqual(download?.with, { name: "synth-exports-node22", path: "head" });
            const read = job.steps.find((s) => s.name === "Read this branch's stack files as data");
            assert.match(
                String(read?.run),
                /git show "\$HEAD_SHA:Pulumi\.\$stack\.yaml" > "head-stacks\/Pulumi\.\$stack\.yaml"/,
            );
            // Nothing of this branch is checked out, installed or executed.
            for (const step of job.steps) {
                assert.ok(!/\bgit (checkout|switch|worktree)\b/.test(step.run ?? ""), step.run);
            }
            assert.ok(!JSON.stringify(job).includes("pull_request.head.ref"));
            assert.strictEqual(job.permissions?.["id-token"], undefined);
        });

        it("only the workflow default contents: read applies to jobs without AWS", () => {
            for (const file of FILES) {
                assert.deepStrictEqual(workflows[file].permissions, { contents: "read" });
            }
        });
    });

    it("every `uses:` is pinned to a full commit SHA with its version as a comment", () => {
        let count = 0;
        for (const file of [...FILES]) {
            for (const line of readText(file).split("\n")) {
                const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
                if (!m) {
                    continue;
                }
                count++;
                assert.match(
                    m[1],
                    /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/,
                    `${file}: ${line}`,
                );
                assert.match(m[2], /^ # v\d+\.\d+\.\d+$/, `${file}: ${line}`);
            }
        }
        // Every parsed step is among the lines checked.
        assert.strictEqual(
            count,
            allSteps(workflows).filter(({ step }) => step.uses !== undefined).length,
        );
        // One SHA per action across the files: an update moves every use.
        const shas = new Map<string, Set<string>>();
        for (const { step } of allSteps(workflows)) {
            if (step.uses !== undefined) {
                const [action, sha] = step.uses.split("@");
                shas.set(action, (shas.get(action) ?? new Set()).add(sha));
            }
        }
        for (const [action, set] of shas) {
            assert.strictEqual(set.size, 1, `${action}: ${[...set].join(", ")}`);
        }
    });

    it("Dependabot updates the actions and the npm dependencies", () => {
        const doc = parseDocument(
            fs.readFileSync(path.join(PROJECT_ROOT, ".github", "dependabot.yml"), "utf8"),
        ).toJS() as {
            version: number;
            updates: { "package-ecosystem": string; directory: string }[];
        };
        assert.strictEqual(doc.version, 2);
        assert.deepStrictEqual(
            doc.updates.map((u) => [u["package-ecosystem"], u.directory]),
            [
                ["github-actions", "/"],
                ["npm", "/"],
            ],
        );
    });

    describe("CODEOWNERS", () => {
        const OWNER = "@ORG/platform-team";
        let rules: { pattern: string; owners: string[] }[];
        before(() => {
            rules = fs
                .readFileSync(path.join(PROJECT_ROOT, ".github", "CODEOWNERS"), "utf8")
                .split("\n")
                .map((l) => l.trim())
                .filter((l) => l !== "" && !l.startsWith("#"))
                .map((l) => {
                    const [pattern, ...owners] = l.split(/\s+/);
                    return { pattern, owners };
                });
        });

        /** GitHub's rule for the patterns used here: /dir/ owns everything under it, /file itself; last match wins. */
        function ownersOf(file: string): string[] {
            let owners: string[] = [];
            for (const r of rules) {
                assert.ok(r.pattern.startsWith("/"), `anchor ${r.pattern} at the root`);
                const p = r.pattern.slice(1);
                if (p.endsWith("/") ? file.startsWith(p) : file === p) {
                    owners = r.owners;
                }
            }
            return owners;
        }

        it("uses only the placeholder team the README tells to replace", () => {
            assert.ok(rules.length > 0);
            for (const r of rules) {
                assert.deepStrictEqual(r.owners, [OWNER], r.pattern);
            }
        });

        it("covers the gates: policies, workflows and their scripts, the tools, prod's stack file, bootstrap", () => {
            for (const file of [
                "policies/config/prod.json",
                "policies/config/dev.json",
                "policies/rules/invariants.ts",
                "policies/index.ts",
                ".github/workflows/pull-request.yml",
                ".github/workflows/deploy.yml",
                ".github/scripts/plan-all.sh",
                ".github/CODEOWNERS",
                ".github/dependabot.yml",
                "scripts/policy.ts",
                "scripts/synth.ts",
                "scripts/plan.ts",
                "offline/plan.ts",
                "stacks/settings.ts",
                "package.json",
                "Pulumi.prod.yaml",
                "bootstrap/index.ts",
                "docs/delivery.md",
            ]) {
                assert.deepStrictEqual(ownersOf(file), [OWNER], file);
            }
            // Everything else is the team's own review.
            assert.deepStrictEqual(ownersOf("components/app/railsService.ts"), []);
            assert.deepStrictEqual(ownersOf("Pulumi.dev.yaml"), []);
        });
    });

    it("the policy pack and every policy config the Pulumi action references exist", () => {
        let checked = 0;
        // Each workflow's `stacks` job runs once: its steps all read the same list.
        const listed = new Map<string, StepOutputs>();
        for (const { file, jobId, job, step } of allSteps(workflows)) {
            if (!usesAction(step, PULUMI_ACTION)) {
                continue;
            }
            if (!listed.has(file)) {
                listed.set(file, listStacksJob(workflows[file], PROJECT_ROOT));
            }
            const outputs = listed.get(file)!;
            for (const combo of matrixCombinations(job, outputs)) {
                const packs = expandMatrix(String(step.with?.policyPacks), combo).split("\n");
                const configs = expandMatrix(String(step.with?.policyPackConfigs), combo, outputs)
                    .split("\n")
                    .filter(Boolean);
                for (const pack of packs) {
                    assert.ok(
                        fs.existsSync(path.join(PROJECT_ROOT, pack, "PulumiPolicy.yaml")),
                        `${file} ${jobId}: ${pack}/PulumiPolicy.yaml is missing`,
                    );
                }
                const stackName = expandMatrix(String(step.with?.["stack-name"]), combo);
                const m = /^\$\{\{ vars\.PULUMI_ORG \}\}\/([^/]+)\/([^/]+)$/.exec(stackName);
                assert.ok(m, `${file} ${jobId}: stack-name ${stackName}`);
                assert.strictEqual(m[1], project);
                assert.ok(stacks.includes(m[2]), `${file} ${jobId}: no Pulumi.${m[2]}.yaml`);
                // The stack's own config when it has one; none (the pack's defaults) otherwise.
                const own = `policies/config/${m[2]}.json`;
                const ownExists = fs.existsSync(path.join(PROJECT_ROOT, own));
                assert.deepStrictEqual(configs, ownExists ? [own] : [], `${file} ${jobId}`);
                for (const config of configs) {
                    const full = path.join(PROJECT_ROOT, config);
                    assert.doesNotThrow(() => JSON.parse(fs.readFileSync(full, "utf8")), config);
                }
                checked++;
            }
        }
        // preview: every stack; deploy: up for every stack but prod, then preview-prod and up-prod.
        assert.strictEqual(checked, 2 * stacks.length + 1);
    });
});
