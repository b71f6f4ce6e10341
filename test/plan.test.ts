/**
 * `npm run plan`: the offline prediction of `pulumi up` against a base export, on the real stacks
 * with config variations (the issue's done-when checks), on a small program that moves a
 * component (aliases), on the value rules, and the CLI's exit codes. Also the committed baseline
 * of both stacks' data-holding resources.
 */
import * as assert from "assert";
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    dataInventory,
    DataIdentity,
    planExitCode,
    planSteps,
    PlanResource,
    readBase,
    PlanStep,
    renderedResources,
} from "../offline/plan";
import { costCell, formatPlanCost, planCost } from "../cost/planCost";
import { readUsageFile, usageFileOf } from "../cost/usage";
import { REPLACE_RULES } from "../offline/replaceRules";
import { PROJECT_ROOT, StackConfig, synthesize, toExport } from "../offline/synth";
import { renderedStack, withSetting } from "./harness";
import { runPlanCli } from "./planCli";

const PLAN = path.join(PROJECT_ROOT, "bin", "scripts", "plan.js");

/** Plans a render of `stack` with `config` (default: the stack file's, rendered once) against `base`. */
async function planAgainst(
    base: PlanResource[],
    stack: string,
    config?: StackConfig,
): Promise<PlanStep[]> {
    const render = config ? await synthesize(stack, { config }) : await renderedStack(stack);
    return planSteps(base, renderedResources(render), { providerRegion: "ap-northeast-1" });
}

/** The non-same steps as `op urn keys`. */
function changes(steps: PlanStep[]): string[] {
    return steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn} ${s.keys.join(",")}`);
}

describe("npm run plan on the stacks", () => {
    const base: Record<string, PlanResource[]> = {};
    before(async () => {
        for (const stack of ["dev", "prod"]) {
            base[stack] = toExport(await renderedStack(stack)).deployment.resources;
        }
    });

    for (const stack of ["dev", "prod"]) {
        it(`${stack}: an unchanged base is all same and exits 0`, async () => {
            const steps = await planAgainst(base[stack], stack);
            assert.strictEqual(steps.length, base[stack].length);
            assert.deepStrictEqual(changes(steps), []);
            assert.strictEqual(planExitCode(steps), 0);
        });
    }

    it("raising service.maxTasks updates the scaling target in place", async () => {
        const steps = await planAgainst(
            base.prod,
            "prod",
            withSetting("prod", "service", (s) => (s.maxTasks = 12)),
        );
        assert.deepStrictEqual(changes(steps), [
            "update urn:pulumi:prod::tng::tng:app:RailsService$aws:appautoscaling/target:Target::tng-prod-rails-scaling maxCapacity",
        ]);
        assert.strictEqual(planExitCode(steps), 0);
    });

    it("changing database.instanceClass updates the instance in place", async () => {
        const steps = await planAgainst(
            base.prod,
            "prod",
            withSetting("prod", "database", (s) => (s.instanceClass = "db.r6g.large")),
        );
        assert.deepStrictEqual(changes(steps), [
            "update urn:pulumi:prod::tng::tng:data:Database$aws:rds/instance:Instance::tng-prod-db-instance instanceClass",
        ]);
        assert.strictEqual(planExitCode(steps), 0);
    });

    it("changing cache.nodeType replaces the Memcached cluster, as the provider does", async () => {
        const steps = await planAgainst(
            base.prod,
            "prod",
            withSetting("prod", "cache", (s) => (s.nodeType = "cache.r6g.large")),
        );
        const cluster = steps.filter((s) => s.op !== "same");
        // The node type is part of the cluster id, so the endpoint moves: the alarms' dimension
        // and the dashboard's cache graphs follow in place, and the task definitions get new
        // revisions with the new endpoint.
        assert.deepStrictEqual(changes(steps), [
            "replace urn:pulumi:prod::tng::tng:data:CacheCluster$aws:elasticache/cluster:Cluster::tng-prod-cache-cluster clusterId,nodeType",
            "update urn:pulumi:prod::tng::tng:ops:Alarms$aws:cloudwatch/metricAlarm:MetricAlarm::tng-prod-alarms-cache-cpu dimensions",
            "update urn:pulumi:prod::tng::tng:ops:Alarms$aws:cloudwatch/metricAlarm:MetricAlarm::tng-prod-alarms-cache-evictions dimensions",
            "replace urn:pulumi:prod::tng::tng:app:RailsService$aws:ecs/taskDefinition:TaskDefinition::tng-prod-rails-web containerDefinitions",
            "replace urn:pulumi:prod::tng::tng:app:RailsService$aws:ecs/taskDefinition:TaskDefinition::tng-prod-rails-migrate containerDefinitions",
            "replace urn:pulumi:prod::tng::tng:app:RailsService$aws:ecs/taskDefinition:TaskDefinition::tng-prod-rails-reindex containerDefinitions",
            // Cascade: the web task definition is replaced, so its ARN is unknown in the preview and
            // the service's taskDefinition input changes (in place).
            "update urn:pulumi:prod::tng::tng:app:RailsService$aws:ecs/service:Service::tng-prod-rails-service taskDefinition",
            "update urn:pulumi:prod::tng::tng:ops:Dashboard$aws:cloudwatch/dashboard:Dashboard::tng-prod-dashboard-dashboard dashboardBody",
        ]);
        assert.deepStrictEqual(cluster[0].replaceKeys, ["clusterId", "nodeType"]);
        // The bridge alone would delete first (clusterId set explicitly: pulumi-terraform-bridge
        // pkg/tfbridge/schema.go nameRequiresDeleteBeforeReplace), but the component sets
        // deleteBeforeReplace: false and the engine honours it (step_generator.go: "The user can
        // override the provider's decision"): the new cluster is created first.
        assert.strictEqual(cluster[0].deleteBeforeReplace, false);
        const service = steps.find((s) => s.type === "aws:ecs/service:Service");
        assert.deepStrictEqual(
            [service?.cascadeFrom, service?.diff?.taskDefinition?.new],
            [
                "urn:pulumi:prod::tng::tng:app:RailsService$aws:ecs/taskDefinition:TaskDefinition::tng-prod-rails-web",
                "[unknown]",
            ],
        );
        // A cache holds no data the issue counts: not dangerous.
        assert.strictEqual(planExitCode(steps), 0);
    });

    it("adopting another CloudSearch domain in prod replaces the protected domain: exit 3", async () => {
        const steps = await planAgainst(
            base.prod,
            "prod",
            withSetting("prod", "search", (s) => (s.existingDomainName = "tng-prod-2")),
        );
        const dangerous = steps.filter((s) => s.dangerous);
        assert.deepStrictEqual(
            dangerous.map((s) => [s.op, s.urn, s.replaceKeys, s.protect, s.dataHolding]),
            [
                [
                    "replace",
                    "urn:pulumi:prod::tng::tng:data:SearchDomain$aws:cloudsearch/domain:Domain::tng-prod-search-domain",
                    ["name"],
                    true,
                    true,
                ],
            ],
        );
        assert.strictEqual(planExitCode(steps), 3);
    });
});

describe("npm run plan: moves and aliases", () => {
    const program = path.join(PROJECT_ROOT, "bin", "test", "fixtures", "renameProgram.js");
    const render = (variant: string) =>
        synthesize("test", {
            program,
            config: { config: { "fixture:variant": variant }, secretKeys: [] },
        });
    const OLD_BUCKET =
        "urn:pulumi:test::tng::tng:data:Store$aws:s3/bucket:Bucket::fixture-store-bucket";
    const OLD_KEY = "urn:pulumi:test::tng::tng:data:Store$aws:kms/key:Key::fixture-store-key";
    const NEW_BUCKET =
        "urn:pulumi:test::tng::tng:data:Vault$tng:data:Store$aws:s3/bucket:Bucket::fixture-store-bucket";
    const NEW_KEY =
        "urn:pulumi:test::tng::tng:data:Vault$tng:data:Store$aws:kms/key:Key::fixture-store-key";
    let base: PlanResource[];
    before(async () => {
        base = toExport(await render("root")).deployment.resources;
    });

    it("wrapping a component without aliases deletes and creates its data: moves, exit 3", async () => {
        const steps = planSteps(base, renderedResources(await render("wrapped")));
        const byUrn = new Map(steps.map((s) => [s.urn, s]));
        assert.strictEqual(byUrn.get(OLD_BUCKET)?.op, "delete");
        assert.strictEqual(byUrn.get(OLD_BUCKET)?.movedTo, NEW_BUCKET);
        assert.strictEqual(byUrn.get(OLD_KEY)?.op, "delete");
        assert.strictEqual(byUrn.get(OLD_KEY)?.movedTo, NEW_KEY);
        assert.strictEqual(byUrn.get(NEW_BUCKET)?.op, "create");
        assert.strictEqual(byUrn.get(NEW_BUCKET)?.movedFrom, OLD_BUCKET);
        assert.deepStrictEqual(
            steps
                .filter((s) => s.dangerous)
                .map((s) => s.urn)
                .sort(),
            [OLD_BUCKET, OLD_KEY].sort(),
        );
        assert.strictEqual(planExitCode(steps), 3);
    });

    it("with aliases the moved resources are the same and the plan exits 0", async () => {
        const steps = planSteps(base, renderedResources(await render("aliased")));
        const byUrn = new Map(steps.map((s) => [s.urn, s]));
        assert.deepStrictEqual(
            [NEW_BUCKET, NEW_KEY].map((u) => [byUrn.get(u)?.op, byUrn.get(u)?.aliasOf]),
            [
                ["same", OLD_BUCKET],
                ["same", OLD_KEY],
            ],
        );
        assert.deepStrictEqual(
            steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn}`),
            ["create urn:pulumi:test::tng::tng:data:Vault::fixture"],
        );
        assert.strictEqual(planExitCode(steps), 0);
    });
});

describe("plan value rules", () => {
    const res = (
        inputs: Record<string, unknown>,
        extra: Partial<PlanResource> = {},
    ): PlanResource => ({
        urn: "urn:pulumi:prod::tng::aws:kms/key:Key::k",
        type: "aws:kms/key:Key",
        custom: true,
        inputs,
        ...extra,
    });
    const one = (base: PlanResource, next: PlanResource) =>
        planSteps([base], [next], { providerRegion: "ap-northeast-1" })[0];
    const CIPHER = {
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        ciphertext: "v1:abc",
    };

    it("a secret against a secret is same and reported as not compared", () => {
        const s = one(res({ policy: CIPHER }), res({ policy: "[secret]" }));
        assert.deepStrictEqual([s.op, s.keys, s.notCompared], ["same", [], ["policy"]]);
    });

    it("an unknown is not a change by itself", () => {
        const s = one(
            res({ description: "a" }),
            res({ description: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }),
        );
        assert.strictEqual(s.op, "same");
    });

    it("provider defaults listed in __defaults are not removals; other base-only keys are", () => {
        const s = one(
            res({
                __defaults: ["bypassPolicyLockoutSafetyCheck"],
                bypassPolicyLockoutSafetyCheck: false,
                deletionWindowInDays: 30,
            }),
            res({}),
        );
        assert.deepStrictEqual([s.op, s.keys], ["update", ["deletionWindowInDays"]]);
        // description is Optional + Computed on aws_kms_key (an output that is always set in
        // @pulumi/aws kms/key.d.ts): left out of the code, the provider keeps the old value.
        const kept = one(res({ description: "x" }), res({}));
        assert.deepStrictEqual([kept.op, kept.keys], ["same", []]);
    });

    it("region unset equals the provider's region; another region replaces", () => {
        assert.strictEqual(one(res({ region: "ap-northeast-1" }), res({})).op, "same");
        const s = one(res({ region: "ap-northeast-1" }), res({ region: "us-east-1" }));
        assert.deepStrictEqual([s.op, s.replaceKeys, s.dangerous], ["replace", ["region"], true]);
    });

    it("a delete of a protected resource is dangerous whatever its type", () => {
        const steps = planSteps(
            [
                res(
                    {},
                    {
                        urn: "urn:pulumi:prod::tng::aws:sns/topic:Topic::t",
                        type: "aws:sns/topic:Topic",
                        protect: true,
                    },
                ),
            ],
            [],
        );
        assert.deepStrictEqual(
            steps.map((s) => [s.op, s.dangerous]),
            [["delete", true]],
        );
    });
});

describe("replace rules", () => {
    it("cover every custom resource type both stacks register, each with a source", async () => {
        for (const stack of ["dev", "prod"]) {
            const { resources } = await renderedStack(stack);
            for (const type of new Set(resources.filter((r) => r.custom).map((r) => r.type))) {
                assert.ok(
                    REPLACE_RULES[type],
                    `no replace rule for ${type} (offline/replaceRules.ts)`,
                );
                assert.match(REPLACE_RULES[type].source, /\S/);
            }
        }
    });
});

describe("data baseline (test/fixtures/data-baseline.json)", () => {
    const baseline = JSON.parse(
        fs.readFileSync(path.join(PROJECT_ROOT, "test", "fixtures", "data-baseline.json"), "utf8"),
    ) as Record<string, DataIdentity[]>;

    for (const stack of ["dev", "prod"]) {
        it(`${stack}: every data-holding resource keeps its URN (or aliases it) and physical name`, async () => {
            const rendered = renderedResources(await renderedStack(stack));
            const now = dataInventory(rendered);
            for (const entry of baseline[stack]) {
                const r = rendered.find(
                    (x) => x.urn === entry.urn || (x.aliases ?? []).includes(entry.urn),
                );
                assert.ok(r, `${entry.urn} is gone: add it to the new resource's aliases`);
                const found = now.find((x) => x.urn === r.urn);
                assert.deepStrictEqual(
                    { type: found?.type, physicalName: found?.physicalName },
                    { type: entry.type, physicalName: entry.physicalName },
                    `${entry.urn} changed type or physical name`,
                );
            }
            const known = new Set(baseline[stack].map((e) => e.urn));
            const added = now.filter(
                (x) =>
                    !known.has(x.urn) &&
                    !(rendered.find((r) => r.urn === x.urn)?.aliases ?? []).some((a) =>
                        known.has(a),
                    ),
            );
            assert.deepStrictEqual(
                added,
                [],
                "new data-holding resources: add them to the baseline",
            );
            assert.strictEqual(now.length, baseline[stack].length);
        });
    }
});

const PLAN_USAGE_LINE =
    /usage: npm run plan -- --stack <dev\|prod[|\w-]*> \(--base-ref REF \| --base FILE \[--head FILE\]\) \[--json\]/;

describe("npm run plan CLI", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-plan-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const run = runPlanCli;

    it("exits 2 with the usage for a bad flag or missing arguments", async () => {
        const bad = await run("--stack", "dev", "--bogus");
        assert.strictEqual(bad.status, 2);
        assert.match(bad.stderr, /^plan: unknown option --bogus\nusage: /);
        assert.match(bad.stderr, PLAN_USAGE_LINE);
        assert.strictEqual(bad.stderr.split("\n").length, 3, "the message and the usage line");
        const missing = await run("--stack=dev");
        assert.strictEqual(missing.status, 2);
        assert.match(
            missing.stderr,
            /^plan: --stack and --base-ref or --base are required\nusage: npm run plan/,
        );
        const both = await run("--stack=dev", "--base", "x.json", "--base-ref", "HEAD");
        assert.strictEqual(both.status, 2);
        assert.match(both.stderr, /^plan: give --base-ref or --base, not both\nusage:/);
        const value = await run("--stack", "--base", "x.json");
        assert.strictEqual(value.status, 2);
        assert.match(value.stderr, /^plan: --stack needs a value\nusage:/);
        const unknown = await run("--stack", "nosuchstack", "--base", "x.json");
        assert.strictEqual(unknown.status, 2);
        assert.match(
            unknown.stderr,
            /^plan: no stack file Pulumi\.nosuchstack\.yaml; stacks: dev, prod[\w, -]*\nusage:/,
        );
        const help = await run("--help");
        assert.strictEqual(help.status, 0);
        assert.match(help.stdout, /^usage: npm run plan/);
        assert.match(help.stdout, /^ {2}--help +this text$/m);
        assert.match(
            help.stdout,
            /\nexit codes: 0 no protected or data-holding resource replaced or deleted, 3 one would be, .*, 2 usage, stack file, config or base error\n$/,
        );
        assert.strictEqual(help.stderr, "");
    });

    it("exits 2 naming an unreadable, non-JSON or non-v3 base, a folder or a FIFO", async () => {
        const missing = path.join(dir, "missing.json");
        const r1 = await run("--stack", "dev", "--base", missing);
        assert.strictEqual(r1.status, 2);
        assert.strictEqual(r1.stderr, `plan: base ${missing}: no such file\n`);
        const text = path.join(dir, "text.json");
        fs.writeFileSync(text, "not json");
        const r2 = await run("--stack", "dev", "--base", text);
        assert.strictEqual(r2.status, 2);
        assert.ok(r2.stderr.startsWith(`plan: base ${text} is not valid JSON:`), r2.stderr);
        const v1 = path.join(dir, "v1.json");
        fs.writeFileSync(v1, JSON.stringify({ version: 1, deployment: {} }));
        const r3 = await run("--stack", "dev", "--base", v1);
        assert.strictEqual(r3.status, 2);
        assert.ok(
            r3.stderr.startsWith(`plan: base ${v1} is not a version 3 stack export`),
            r3.stderr,
        );
        const folder = await run("--stack", "dev", "--base", dir);
        assert.strictEqual(folder.status, 2);
        assert.strictEqual(folder.stderr, `plan: base ${dir} is a folder; give a regular file\n`);
        const fifo = path.join(dir, "base.fifo");
        execFileSync("mkfifo", [fifo]);
        const started = Date.now();
        const r4 = await run("--stack", "dev", "--base", fifo);
        assert.strictEqual(r4.status, 2);
        assert.strictEqual(
            r4.stderr,
            `plan: base ${fifo} is a FIFO (named pipe); give a regular file\n`,
        );
        assert.strictEqual(r4.stdout, "");
        assert.ok(Date.now() - started < 5000, "refused at once, not blocked on the FIFO");
        const empty = path.join(dir, "empty.json");
        fs.writeFileSync(empty, JSON.stringify({ version: 3, deployment: { resources: [] } }));
        const head = await run("--stack", "dev", "--base", empty, "--head", fifo);
        assert.strictEqual(head.status, 2);
        assert.strictEqual(
            head.stderr,
            `plan: --head ${fifo} is a FIFO (named pipe); give a regular file\n`,
        );
        assert.strictEqual(head.stdout, "");
    });

    it("reads a base's keys as data: a __proto__ key neither crashes nor pollutes", async () => {
        const doc = toExport(await renderedStack("dev"));
        const text = JSON.stringify(doc).replace(
            /"inputs":\{"/,
            '"inputs":{"__proto__":{"polluted":true},"',
        );
        assert.notStrictEqual(text, JSON.stringify(doc));
        const file = path.join(dir, "proto.json");
        fs.writeFileSync(file, text);
        const base = readBase(file);
        assert.strictEqual(base.length, doc.deployment.resources.length);
        const withKey = base.filter((r) => r.inputs && Object.hasOwn(r.inputs, "__proto__"));
        assert.strictEqual(withKey.length, 1);
        assert.strictEqual(Object.getPrototypeOf(withKey[0].inputs), null);
        assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
        // Keys starting with __ are Pulumi's (__defaults), never compared: all same.
        const steps = planSteps(base, renderedResources(await renderedStack("dev")), {
            providerRegion: "ap-northeast-1",
        });
        assert.deepStrictEqual(changes(steps), []);
        assert.strictEqual(planExitCode(steps), 0);
    });

    it("prints JSON steps and exits 0 against its own synth; exit 3 naming a deleted bucket", async () => {
        const doc = toExport(await renderedStack("dev"));
        const same = path.join(dir, "dev.json");
        fs.writeFileSync(same, JSON.stringify(doc));
        const r = await run("--stack", "dev", "--base", same, "--json");
        assert.strictEqual(r.status, 0, r.stderr);
        const steps = (JSON.parse(r.stdout) as { steps: PlanStep[] }).steps;
        assert.strictEqual(steps.length, doc.deployment.resources.length);
        assert.ok(steps.every((s) => s.op === "same" && Array.isArray(s.keys) && s.type !== ""));

        const extra = {
            urn: "urn:pulumi:dev::tng::aws:s3/bucket:Bucket::old-bucket",
            type: "aws:s3/bucket:Bucket",
            custom: true,
            inputs: {},
        };
        const withOld = path.join(dir, "dev-old.json");
        fs.writeFileSync(
            withOld,
            JSON.stringify({
                ...doc,
                deployment: { ...doc.deployment, resources: [...doc.deployment.resources, extra] },
            }),
        );
        const human = await run("--stack", "dev", "--base", withOld);
        assert.strictEqual(human.status, 3, human.stderr);
        // The cost column and section are the cost module's (test/cost/planCost.test.ts checks its
        // figures): here, that the CLI prices both sides with the stack's usage file.
        const cost = planCost(
            [...doc.deployment.resources, extra] as never,
            doc.deployment.resources as never,
            readUsageFile(usageFileOf("dev")),
            { date: new Date().toISOString().slice(0, 10) },
        );
        assert.ok(cost.totalDelta < 0, "deleting a bucket lowers the bill");
        assert.strictEqual(
            human.stdout,
            [
                `plan: ${doc.deployment.resources.length} same, 0 create, 0 update, 0 replace, 1 delete`,
                "dangerous (replace or delete of protected or data-holding resources):",
                `  delete  ${extra.urn}  (${costCell(cost, extra.urn)}; holds data)`,
                formatPlanCost(cost),
                "",
            ].join("\n"),
        );
        const json = JSON.parse(
            (await run("--stack", "dev", "--base", withOld, "--json")).stdout,
        ) as {
            steps: (PlanStep & { monthlyDelta?: number | null })[];
            cost: Record<string, number | string>;
        };
        assert.deepStrictEqual(
            json.steps.filter((s) => s.op !== "same").map((s) => [s.urn, s.monthlyDelta]),
            [[extra.urn, cost.totalDelta]],
        );
        assert.ok(json.steps.filter((s) => s.op === "same").every((s) => !("monthlyDelta" in s)));
        assert.deepStrictEqual(json.cost, {
            currency: "USD",
            totalBefore: cost.totalBefore,
            totalAfter: cost.totalAfter,
            totalDelta: cost.totalDelta,
        });

        // --head: the new side from an export too (the pull-request gate, which renders nothing
        // of the pull request): the same steps as against the render.
        const headed = await run("--stack", "dev", "--base", withOld, "--head", same);
        assert.strictEqual(headed.status, 3, headed.stderr);
        assert.strictEqual(headed.stdout, human.stdout);
        const noBase = await run("--stack", "dev", "--base-ref", "HEAD", "--head", same);
        assert.strictEqual(noBase.status, 2);
        assert.match(noBase.stderr, /^plan: --head needs --base \(two exports\)\nusage: /);
        const otherStack = await run("--stack", "prod", "--base", same, "--head", same);
        assert.strictEqual(otherStack.status, 2);
        assert.strictEqual(
            otherStack.stderr,
            `plan: base ${same} is stack dev of project tng, not stack prod of project tng: export the base from the same stack (npm run synth -- --stack prod --out FILE, or pulumi stack export --stack prod)\n`,
        );
    });
});

describe("npm run plan as a process (the one spawned test: arguments, exit codes, a slow pipe)", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-plan-process-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    /**
     * The compiled script. With `behind` ms, the reader falls behind: it reads nothing until the
     * script has written its first bytes (the paused stream buffers them) and `behind` ms more, so
     * the pipe is full while the script finishes, however long its render takes.
     */
    const spawnPlan = async (args: string[], behind?: number) => {
        const child = spawn(process.execPath, [PLAN, ...args], {
            cwd: PROJECT_ROOT,
            stdio: ["ignore", "pipe", "pipe"],
        });
        // Both listened for at once. A short output fits in the pipe, so the child can exit (and
        // close) while the reader is still behind, and Node resumes a child's stdout that has no
        // 'data' listener when the child exits (child_process flushStdio): its data would be lost.
        const chunks: Buffer[] = [];
        child.stdout.on("data", (c: Buffer) => chunks.push(c));
        child.stdout.pause();
        const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
        let stderr = "";
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
        let exited = false;
        child.once("exit", () => (exited = true));
        if (behind !== undefined) {
            while (child.stdout.readableLength === 0 && !exited) {
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
            await new Promise((resolve) => setTimeout(resolve, behind));
        }
        child.stdout.resume();
        const status = await closed;
        return { status, stdout: Buffer.concat(chunks).toString("utf8"), stderr };
    };

    it("--help 0; a bad flag or a FIFO base 2 at once, one message; a JSON plan above 64 KiB arrives whole through a slow pipe with its exit code", async function () {
        this.timeout(120000);
        const help = await spawnPlan(["--help"]);
        assert.strictEqual(help.status, 0, help.stderr);
        assert.match(help.stdout, /^usage: npm run plan -- --stack /);
        const bad = await spawnPlan(["--stack", "dev", "--bogus"]);
        assert.strictEqual(bad.status, 2);
        assert.match(bad.stderr, /^plan: unknown option --bogus\nusage: npm run plan -- [^\n]+\n$/);
        assert.strictEqual(bad.stdout, "");
        const fifo = path.join(dir, "base.fifo");
        execFileSync("mkfifo", [fifo]);
        const started = Date.now();
        const blocked = await spawnPlan(["--stack", "dev", "--base", fifo]);
        assert.strictEqual(blocked.status, 2);
        assert.strictEqual(
            blocked.stderr,
            `plan: base ${fifo} is a FIFO (named pipe); give a regular file\n`,
        );
        assert.ok(Date.now() - started < 30000, "refused, not blocked on the FIFO");

        const doc = toExport(await renderedStack("prod"));
        // Every custom resource of the base has one more input: each step shows its old value.
        for (const r of doc.deployment.resources) {
            if (r.custom && !r.type.startsWith("pulumi:providers:")) {
                r.inputs = { ...r.inputs, tags: { Padding: "x".repeat(400) } };
            }
        }
        const file = path.join(dir, "padded.json");
        fs.writeFileSync(file, JSON.stringify(doc));
        const r = await spawnPlan(["--stack", "prod", "--base", file, "--json"], 200);
        assert.ok(r.stdout.length > 64 * 1024, `only ${r.stdout.length} bytes`);
        const parsed = JSON.parse(r.stdout) as {
            steps: PlanStep[];
            summary: Record<string, number>;
        };
        assert.strictEqual(parsed.steps.length, doc.deployment.resources.length);
        assert.ok(r.status === 0 || r.status === 3, String(r.status));
        assert.strictEqual(parsed.summary.exitCode, r.status);
        assert.strictEqual(
            parsed.summary.update,
            parsed.steps.filter((s) => s.op === "update").length,
        );
        assert.ok(parsed.summary.update > 0);
    });
});
