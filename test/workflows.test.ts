/**
 * The GitHub Actions workflows: they parse, run on the intended triggers, call only npm scripts
 * that exist, order their jobs (preview after the offline checks, prod after dev behind the `prod`
 * environment), reach AWS only through an OIDC role, pin every action and point the Pulumi action
 * at a policy pack and policy configs that exist.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { listStacks, PROJECT_ROOT } from "../offline/stackFiles";

interface Step {
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
    readonly strategy?: { readonly matrix?: Record<string, unknown> };
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

/** Every combination of a job's matrix (list-valued keys only); one empty entry without a matrix. */
function matrixCombinations(job: Job): Record<string, string>[] {
    let combos: Record<string, string>[] = [{}];
    for (const [key, values] of Object.entries(job.strategy?.matrix ?? {})) {
        if (!Array.isArray(values)) {
            continue;
        }
        combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: String(v) })));
    }
    return combos;
}

/** Replaces `${{ matrix.KEY }}` with the combination's value. */
function expandMatrix(value: string, combo: Record<string, string>): string {
    return value.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (whole, key: string) => {
        const v = combo[key];
        if (v === undefined) {
            throw new Error(`no matrix value for ${whole} in ${value}`);
        }
        return v;
    });
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
        assert.deepStrictEqual(stacks, ["dev", "prod"]);
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

        it("deploy.yml runs on pushes to main only", () => {
            assert.deepStrictEqual(workflows["deploy.yml"].on, { push: { branches: ["main"] } });
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

        it("has the jobs offline and preview; preview needs offline", () => {
            assert.deepStrictEqual(Object.keys(wf.jobs).sort(), ["offline", "preview"]);
            assert.deepStrictEqual(needsOf(wf.jobs.offline), []);
            assert.deepStrictEqual(needsOf(wf.jobs.preview), ["offline"]);
        });

        it("runs one pull request's checks at a time, cancelling the superseded run", () => {
            assert.deepStrictEqual(wf.concurrency, {
                group: "pull-request-${{ github.event.pull_request.number }}",
                "cancel-in-progress": true,
            });
        });

        it("offline: installs, tests, synthesizes and policy-checks every stack, uploads the exports", () => {
            const steps = wf.jobs.offline.steps;
            const runs = steps.filter((s) => s.run !== undefined).map((s) => s.run);
            assert.deepStrictEqual(runs, [
                "npm ci",
                "npm test",
                ...stacks.map((s) => `npm run synth -- --stack ${s} --out ${s}.json`),
                ...stacks.map(
                    (s) => `npm run policy -- ${s}.json --config policies/config/${s}.json`,
                ),
            ]);
            const node = steps.find((s) => usesAction(s, "actions/setup-node"));
            assert.deepStrictEqual(node?.with, {
                "node-version": "${{ matrix.node }}",
                cache: "npm",
            });
            assert.deepStrictEqual(wf.jobs.offline.strategy?.matrix, { node: [22, 24] });
            const upload = steps.find((s) => usesAction(s, "actions/upload-artifact"));
            assert.deepStrictEqual(
                String(upload?.with?.path).trim().split("\n"),
                stacks.map((s) => `${s}.json`),
            );
            // No AWS in this job: no role, no OIDC token.
            assert.ok(!steps.some((s) => usesAction(s, CONFIGURE_AWS)));
            assert.notStrictEqual(permissionsOf(wf, wf.jobs.offline)["id-token"], "write");
        });

        it("every policy config the offline job passes exists", () => {
            for (const step of wf.jobs.offline.steps) {
                const m = /--config\s+(\S+)/.exec(step.run ?? "");
                if (m) {
                    assert.ok(fs.existsSync(path.join(PROJECT_ROOT, m[1])), `${m[1]} is missing`);
                }
            }
        });

        it("preview: one job per stack, previews with the policy pack and comments on the PR", () => {
            const job = wf.jobs.preview;
            assert.deepStrictEqual(job.strategy?.matrix, { stack: stacks });
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
                policyPacks: "policies",
                policyPackConfigs: "policies/config/${{ matrix.stack }}.json",
            });
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

        it("has the jobs up-dev and up-prod; up-prod needs up-dev", () => {
            assert.deepStrictEqual(Object.keys(wf.jobs).sort(), ["up-dev", "up-prod"]);
            assert.deepStrictEqual(needsOf(wf.jobs["up-dev"]), []);
            assert.deepStrictEqual(needsOf(wf.jobs["up-prod"]), ["up-dev"]);
        });

        it("runs each job in its GitHub environment (prod's reviewers gate up-prod)", () => {
            assert.strictEqual(environmentOf(wf.jobs["up-dev"]), "dev");
            assert.strictEqual(environmentOf(wf.jobs["up-prod"]), "prod");
        });

        it("serializes deploys per stack and never cancels a running one", () => {
            for (const stack of ["dev", "prod"]) {
                assert.deepStrictEqual(wf.jobs[`up-${stack}`].concurrency, {
                    group: `deploy-${stack}`,
                    "cancel-in-progress": false,
                });
            }
            assert.strictEqual(wf.concurrency, undefined);
        });

        it("each job runs `pulumi up` on its own stack with the policy pack and that stack's config", () => {
            for (const stack of ["dev", "prod"]) {
                const job = wf.jobs[`up-${stack}`];
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
                    policyPacks: "policies",
                    policyPackConfigs: `policies/config/${stack}.json`,
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
            // preview, up-dev, up-prod
            assert.strictEqual(assumed, 3);
        });

        it("every job that runs Pulumi assumes the AWS role first and has the Pulumi token", () => {
            for (const { file, jobId, job, step } of allSteps(workflows)) {
                if (!usesAction(step, PULUMI_ACTION)) {
                    continue;
                }
                const aws = job.steps.findIndex((s) => usesAction(s, CONFIGURE_AWS));
                assert.ok(
                    aws >= 0 && aws < job.steps.indexOf(step),
                    `${file} ${jobId}: configure AWS credentials before pulumi/actions`,
                );
                assert.deepStrictEqual(step.env, {
                    PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
                });
            }
        });

        it("only the workflow default contents: read applies to jobs without AWS", () => {
            for (const file of FILES) {
                assert.deepStrictEqual(workflows[file].permissions, { contents: "read" });
            }
        });
    });

    it("every `uses:` is pinned to a version tag or a commit SHA", () => {
        const pinned = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/;
        let count = 0;
        for (const { file, jobId, step } of allSteps(workflows)) {
            if (step.uses !== undefined) {
                count++;
                assert.match(step.uses, pinned, `${file} ${jobId}: ${step.uses} is not pinned`);
            }
        }
        assert.ok(count > 0);
    });

    it("the policy pack and every policy config the Pulumi action references exist", () => {
        let checked = 0;
        for (const { file, jobId, job, step } of allSteps(workflows)) {
            if (!usesAction(step, PULUMI_ACTION)) {
                continue;
            }
            for (const combo of matrixCombinations(job)) {
                const packs = expandMatrix(String(step.with?.policyPacks), combo).split("\n");
                const configs = expandMatrix(String(step.with?.policyPackConfigs), combo).split(
                    "\n",
                );
                assert.strictEqual(packs.length, configs.length, `${file} ${jobId}`);
                for (const pack of packs) {
                    assert.ok(
                        fs.existsSync(path.join(PROJECT_ROOT, pack, "PulumiPolicy.yaml")),
                        `${file} ${jobId}: ${pack}/PulumiPolicy.yaml is missing`,
                    );
                }
                for (const config of configs) {
                    const full = path.join(PROJECT_ROOT, config);
                    assert.ok(fs.existsSync(full), `${file} ${jobId}: ${config} is missing`);
                    assert.doesNotThrow(() => JSON.parse(fs.readFileSync(full, "utf8")), config);
                }
                const stackName = expandMatrix(String(step.with?.["stack-name"]), combo);
                const m = /^\$\{\{ vars\.PULUMI_ORG \}\}\/([^/]+)\/([^/]+)$/.exec(stackName);
                assert.ok(m, `${file} ${jobId}: stack-name ${stackName}`);
                assert.strictEqual(m[1], project);
                assert.ok(stacks.includes(m[2]), `${file} ${jobId}: no Pulumi.${m[2]}.yaml`);
                checked++;
            }
        }
        // preview × 2 stacks, up-dev, up-prod
        assert.strictEqual(checked, 4);
    });
});
