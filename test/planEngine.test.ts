/**
 * `npm run plan` against the engine's and the provider's behaviour, one scenario per rule of
 * issue 20. Sources (cited per test):
 *  - engine: pulumi/pulumi pkg/resource/deploy/step_generator.go (getOldResource, the replace
 *    and delete-before-replace branch, providerChanged), step.go (deleteProtectedError),
 *    source_eval.go (inheritFromParent);
 *  - provider: terraform-provider-aws internal/service/<svc>/<resource>.go (ForceNew,
 *    schema.TypeSet, CustomizeDiff / ModifyPlan), as cited in offline/replaceRules.ts;
 *  - bridge: pulumi-terraform-bridge (an unknown input on a ForceNew property is a replacement).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    baseMismatch,
    formatPlan,
    planExitCode,
    planSteps,
    PlanResource,
    PlanStep,
    protectedDeleteMessage,
    protectedReplaceMessage,
    providerComputed,
    renderedResources,
} from "../offline/plan";
import { REPLACE_RULES, versionLess } from "../offline/replaceRules";
import { renderedStack, withSetting } from "./harness";
import { PROJECT_ROOT, synthesize, toExport } from "../offline/synth";
import { runPlanCli } from "./planCli";

const REGION = { providerRegion: "ap-northeast-1" };

/** A resource of type `type` named `name` in stack prod of project tng. */
function res(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    extra: Partial<PlanResource> = {},
): PlanResource {
    return { urn: `urn:pulumi:prod::tng::${type}::${name}`, type, custom: true, inputs, ...extra };
}

/** The single step of planning one resource from `base` inputs to `next` inputs. */
function one(base: PlanResource, next: PlanResource): PlanStep {
    return planSteps([base], [next], REGION)[0];
}

describe("plan: replace table entries (issue 20)", () => {
    it("a new domainName on the CloudSearch access policy is an update (Required, not ForceNew; Put = UpdateServiceAccessPolicies)", () => {
        const t = "aws:cloudsearch/domainServiceAccessPolicy:DomainServiceAccessPolicy";
        const s = one(
            res(t, "p", { domainName: "a", accessPolicy: "{}" }),
            res(t, "p", { domainName: "b", accessPolicy: "{}" }),
        );
        assert.deepStrictEqual([s.op, s.keys], ["update", ["domainName"]]);
    });

    it("a cache engine downgrade replaces the cluster, an upgrade updates it (elasticache/diff.go engineVersionIsDowngrade)", () => {
        const t = "aws:elasticache/cluster:Cluster";
        const down = one(
            res(t, "c", { engineVersion: "1.6.22" }),
            res(t, "c", { engineVersion: "1.6.6" }),
        );
        assert.deepStrictEqual([down.op, down.replaceKeys], ["replace", ["engineVersion"]]);
        const up = one(
            res(t, "c", { engineVersion: "1.6.6" }),
            res(t, "c", { engineVersion: "1.6.22" }),
        );
        assert.strictEqual(up.op, "update");
        assert.strictEqual(versionLess("1.6.6", "1.6.22"), true);
        assert.strictEqual(versionLess("1.10.0", "1.9.9"), false);
    });

    for (const t of [
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    ]) {
        it(`${t.split(":").pop()}: a new peer kind replaces, a new peer of the same kind updates (ModifyPlan)`, () => {
            const base = res(t, "r", { securityGroupId: "sg-1", cidrIpv4: "10.0.0.0/16" });
            const kind = one(
                base,
                res(t, "r", { securityGroupId: "sg-1", referencedSecurityGroupId: "sg-2" }),
            );
            assert.deepStrictEqual(
                [kind.op, kind.replaceKeys],
                ["replace", ["cidrIpv4", "referencedSecurityGroupId"]],
            );
            const same = one(
                base,
                res(t, "r", { securityGroupId: "sg-1", cidrIpv4: "10.1.0.0/16" }),
            );
            assert.deepStrictEqual([same.op, same.keys], ["update", ["cidrIpv4"]]);
        });
    }

    it("ecs service deploymentController.type is ForceNew; desiredCount is not", () => {
        const t = "aws:ecs/service:Service";
        const s = one(
            res(t, "s", { deploymentController: { type: "ECS" }, desiredCount: 2 }),
            res(t, "s", { deploymentController: { type: "CODE_DEPLOY" }, desiredCount: 2 }),
        );
        assert.deepStrictEqual([s.op, s.replaceKeys], ["replace", ["deploymentController"]]);
    });

    it("the serverless cache has rules, and prod in serverless mode registers no type without rules", async () => {
        assert.ok(REPLACE_RULES["aws:elasticache/serverlessCache:ServerlessCache"]);
        const render = await synthesize("prod", {
            config: withSetting("prod", "cache", (c) => {
                c.mode = "serverless";
                delete c.nodeType;
                delete c.nodeCount;
                delete c.engineVersion;
            }),
        });
        const types = new Set(render.resources.filter((r) => r.custom).map((r) => r.type));
        assert.ok(types.has("aws:elasticache/serverlessCache:ServerlessCache"));
        assert.deepStrictEqual(
            [...types].filter((t) => !REPLACE_RULES[t] && !t.startsWith("pulumi:providers:")),
            [],
        );
    });

    it("an event target's targetId is its auto-named physical name: set explicitly, a replace deletes first", () => {
        const t = "aws:cloudwatch/eventTarget:EventTarget";
        assert.strictEqual(REPLACE_RULES[t].physicalName, "targetId");
        const s = one(
            res(t, "e", { rule: "r1", targetId: "x" }),
            res(t, "e", { rule: "r2", targetId: "x" }),
        );
        assert.deepStrictEqual([s.op, s.deleteBeforeReplace], ["replace", true]);
    });

    it("a type without rules is listed as assumed update and counted", () => {
        const t = "aws:nosuchsvc/thing:Thing";
        const steps = planSteps([res(t, "x", { a: 1 })], [res(t, "x", { a: 2 })], REGION);
        assert.deepStrictEqual(
            steps.map((s) => [s.op, s.noRules]),
            [["update", true]],
        );
        assert.match(
            formatPlan(steps),
            /^no replace rules: assumed update: 1 \(aws:nosuchsvc\/thing:Thing; offline\/replaceRules\.ts\)$/m,
        );
    });

    it("every table entry names a provider or SDK source and carries no unverified mark", () => {
        const text = fs.readFileSync(path.join(PROJECT_ROOT, "offline", "replaceRules.ts"), "utf8");
        assert.doesNotMatch(text, /\/\/ unverified/);
        for (const [type, rule] of Object.entries(REPLACE_RULES)) {
            assert.match(rule.source, /\.go|\.js|\.ts/, type);
        }
    });
});

describe("plan: engine rules (issue 20)", () => {
    it("an explicit deleteBeforeReplace: false wins over the provider's delete-first (step_generator.go)", () => {
        const t = "aws:ecr/lifecyclePolicy:LifecyclePolicy"; // ResourceInfo.DeleteBeforeReplace
        const base = res(t, "l", { repository: "r", policy: "a" });
        assert.strictEqual(
            one(base, res(t, "l", { repository: "r", policy: "b" })).deleteBeforeReplace,
            true,
        );
        const s = one(
            base,
            res(t, "l", { repository: "r", policy: "b" }, { deleteBeforeReplace: false }),
        );
        assert.deepStrictEqual([s.op, s.deleteBeforeReplace], ["replace", false]);
        const auto = one(
            res("aws:kms/key:Key", "k", { keyUsage: "ENCRYPT_DECRYPT" }),
            res("aws:kms/key:Key", "k", { keyUsage: "SIGN_VERIFY" }),
        );
        assert.deepStrictEqual([auto.op, auto.deleteBeforeReplace], ["replace", false]);
    });

    it("set-typed inputs compare as sets (schema.TypeSet); a different member is still a change", () => {
        const t = "aws:rds/subnetGroup:SubnetGroup";
        assert.strictEqual(
            one(
                res(t, "g", { subnetIds: ["a", "b", "c"] }),
                res(t, "g", { subnetIds: ["c", "a", "b"] }),
            ).op,
            "same",
        );
        assert.strictEqual(
            one(res(t, "g", { subnetIds: ["a", "b"] }), res(t, "g", { subnetIds: ["a", "d"] })).op,
            "update",
        );
        // A list stays ordered: the cache's preferred AZs place the nodes.
        const c = "aws:elasticache/cluster:Cluster";
        assert.strictEqual(
            one(
                res(c, "c", { preferredAvailabilityZones: ["a", "c"] }),
                res(c, "c", { preferredAvailabilityZones: ["c", "a"] }),
            ).op,
            "update",
        );
    });

    it("reordering prod's availability zones changes only the cache's ordered AZ list", async () => {
        const base = toExport(await renderedStack("prod")).deployment.resources;
        const render = await synthesize("prod", {
            config: withSetting("prod", "network", (n) => {
                n.availabilityZones = [...(n.availabilityZones as string[])].reverse();
            }),
        });
        const steps = planSteps(base, renderedResources(render), REGION);
        assert.deepStrictEqual(
            steps
                .filter((s) => s.op !== "same")
                .map((s) => `${s.op} ${s.type} ${s.keys.join(",")}`),
            ["update aws:elasticache/cluster:Cluster preferredAvailabilityZones"],
        );
    });

    it("ignoreChanges keeps the old value (processIgnoreChanges), top-level and nested", () => {
        const t = "aws:ecs/service:Service";
        const s = one(
            res(t, "s", { desiredCount: 2, tags: { Name: "a", Team: "x" } }),
            res(
                t,
                "s",
                { desiredCount: 5, tags: { Name: "b", Team: "x" } },
                { ignoreChanges: ["desiredCount", "tags.Name"] },
            ),
        );
        assert.deepStrictEqual([s.op, s.keys], ["same", []]);
    });

    it("dropping an optional provider-computed input is no change; dropping a plain one is", () => {
        const t = "aws:rds/instance:Instance";
        assert.ok(providerComputed(t).has("availabilityZone"));
        assert.ok(!providerComputed(t).has("customIamInstanceProfile"));
        const az = one(
            res(t, "db", { availabilityZone: "ap-northeast-1a", instanceClass: "db.t3.micro" }),
            res(t, "db", { instanceClass: "db.t3.micro" }),
        );
        assert.strictEqual(az.op, "same");
        const snap = one(
            res(t, "db", { customIamInstanceProfile: "p", instanceClass: "db.t3.micro" }),
            res(t, "db", { instanceClass: "db.t3.micro" }),
        );
        assert.deepStrictEqual(
            [snap.op, snap.replaceKeys],
            ["replace", ["customIamInstanceProfile"]],
        );
    });

    it("cascade: a replaced resource's outputs are unknown; ForceNew readers are replaced, others updated, transitively", () => {
        const vpc = res("aws:ec2/vpc:Vpc", "v", { cidrBlock: "10.0.0.0/16" });
        const subnet = res(
            "aws:ec2/subnet:Subnet",
            "s",
            { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24" },
            { propertyDependencies: { vpcId: [vpc.urn] } },
        );
        const assoc = res(
            "aws:ec2/routeTableAssociation:RouteTableAssociation",
            "a",
            { subnetId: "subnet-1", routeTableId: "rtb-1" },
            { propertyDependencies: { subnetId: [subnet.urn] } },
        );
        const group = res(
            "aws:rds/subnetGroup:SubnetGroup",
            "g",
            { subnetIds: ["subnet-1"] },
            { propertyDependencies: { subnetIds: [subnet.urn] } },
        );
        const steps = planSteps(
            [vpc, subnet, assoc, group],
            [{ ...vpc, inputs: { cidrBlock: "10.1.0.0/16" } }, subnet, assoc, group],
            REGION,
        );
        assert.deepStrictEqual(
            steps.map((s) => [s.op, s.cascadeFrom, s.replaceKeys]),
            [
                ["replace", undefined, ["cidrBlock"]],
                ["replace", vpc.urn, ["vpcId"]],
                ["replace", subnet.urn, ["subnetId"]],
                ["update", subnet.urn, undefined],
            ],
        );
        assert.deepStrictEqual(steps[3].diff, {
            subnetIds: { old: ["subnet-1"], new: "[unknown]" },
        });
    });

    it("cascade on prod: a VPC CIDR change replaces the 46 resources built on it", async () => {
        const base = toExport(await renderedStack("prod")).deployment.resources;
        const render = await synthesize("prod", {
            config: withSetting("prod", "network", (n) => (n.cidrBlock = "10.31.0.0/16")),
        });
        const steps = planSteps(base, renderedResources(render), REGION);
        const replaced = steps.filter((s) => s.op === "replace");
        assert.strictEqual(replaced.length, 46);
        const vpc = replaced.find((s) => s.type === "aws:ec2/vpc:Vpc");
        assert.deepStrictEqual(vpc?.replaceKeys, ["cidrBlock"]);
        // Besides the VPC, only the subnets change a value of their own (their CIDRs); every
        // other replacement is a cascade.
        assert.deepStrictEqual(
            [...new Set(replaced.filter((s) => !s.cascadeFrom).map((s) => s.type))].sort(),
            ["aws:ec2/subnet:Subnet", "aws:ec2/vpc:Vpc"],
        );
        assert.ok(replaced.every((s) => typeof s.deleteBeforeReplace === "boolean"));
    });

    it("cascade: a replaced parameter group updates the cluster that names it", async () => {
        const base = toExport(await renderedStack("prod")).deployment.resources;
        const pg = base.find((r) => r.type === "aws:elasticache/parameterGroup:ParameterGroup");
        assert.ok(pg);
        pg.inputs = { ...pg.inputs, description: "an older description" };
        const steps = planSteps(base, renderedResources(await renderedStack("prod")), REGION);
        const changed = steps.filter((s) => s.op !== "same");
        assert.deepStrictEqual(
            changed.map((s) => [s.op, s.type, s.keys.join(","), s.cascadeFrom]),
            [
                ["replace", pg.type, "description", undefined],
                ["update", "aws:elasticache/cluster:Cluster", "parameterGroupName", pg.urn],
            ],
        );
    });

    it("values: each changed key shows old and new; secrets show as [secret]", () => {
        const t = "aws:secretsmanager/secretVersion:SecretVersion";
        const s = one(
            res(t, "v", { secretId: "a", secretString: "[secret]" }),
            res(t, "v", { secretId: "b" }),
        );
        assert.deepStrictEqual(s.diff, {
            secretId: { old: "a", new: "b" },
            secretString: { old: "[secret]", new: null },
        });
        assert.match(formatPlan([s]), /\n {8}secretId: "a" -> "b"\n/);
    });
});

describe("plan: providers (issue 20)", () => {
    const program = path.join(PROJECT_ROOT, "bin", "test", "fixtures", "engineProgram.js");
    const render = (config: Record<string, string>) =>
        synthesize("test", {
            program,
            config: { config: { "aws:region": "ap-northeast-1", ...config }, secretKeys: [] },
        });
    const DEFAULT = "urn:pulumi:test::tng::pulumi:providers:aws::default_7_48_0";
    const EDGE = "urn:pulumi:test::tng::pulumi:providers:aws::edge";
    let base: PlanResource[];
    before(async () => {
        base = toExport(await render({})).deployment.resources;
    });

    it("an unchanged program is all same, provider steps included", async () => {
        const steps = planSteps(base, renderedResources(await render({})), REGION);
        assert.deepStrictEqual(
            steps.filter((s) => s.type.startsWith("pulumi:providers:")).map((s) => [s.urn, s.op]),
            [
                [DEFAULT, "same"],
                [EDGE, "same"],
            ],
        );
        assert.ok(steps.every((s) => s.op === "same"));
    });

    it("an explicit provider's region change replaces it and what it manages: exit 3", async () => {
        const steps = planSteps(
            base,
            renderedResources(await render({ "fixture:edgeRegion": "us-west-2" })),
            REGION,
        );
        assert.deepStrictEqual(
            steps.filter((s) => s.op !== "same").map((s) => [s.op, s.urn, s.cascadeFrom]),
            [
                ["replace", EDGE, undefined],
                ["replace", "urn:pulumi:test::tng::aws:sns/topic:Topic::edge-topic", EDGE],
            ],
        );
        assert.strictEqual(planExitCode(steps), 3);
    });

    it("aws:region on the default provider replaces every resource it manages: exit 3", async () => {
        const steps = planSteps(
            base,
            renderedResources(await render({ "aws:region": "us-west-2" })),
            REGION,
        );
        const provider = steps.find((s) => s.urn === DEFAULT);
        assert.deepStrictEqual(
            [provider?.op, provider?.replaceKeys, provider?.dangerous],
            ["replace", ["region"], true],
        );
        const managed = base
            .filter((r) => r.provider?.startsWith(`${DEFAULT}::`))
            .map((r) => r.urn);
        assert.strictEqual(managed.length, 7);
        for (const urn of managed) {
            const s = steps.find((x) => x.urn === urn);
            assert.deepStrictEqual([s?.op, s?.cascadeFrom], ["replace", DEFAULT], urn);
        }
        assert.strictEqual(planExitCode(steps), 3);
    });

    it("an account change (allowedAccountIds, profile, assumeRole…) replaces the provider and what it manages", () => {
        const provider = (inputs: Record<string, unknown>): PlanResource => ({
            urn: "urn:pulumi:prod::tng::pulumi:providers:aws::acct",
            type: "pulumi:providers:aws",
            custom: true,
            id: "p-1",
            inputs: { region: "ap-northeast-1", version: "7.48.0", ...inputs },
        });
        const topic = res(
            "aws:sns/topic:Topic",
            "t",
            {},
            {
                provider: "urn:pulumi:prod::tng::pulumi:providers:aws::acct::p-1",
            },
        );
        const steps = planSteps(
            [provider({ allowedAccountIds: '["111111111111"]' }), topic],
            [provider({ allowedAccountIds: '["222222222222"]' }), topic],
            REGION,
        );
        assert.deepStrictEqual(
            steps.map((s) => [s.op, s.replaceKeys, s.cascadeFrom]),
            [
                ["replace", ["allowedAccountIds"], undefined],
                ["replace", [], "urn:pulumi:prod::tng::pulumi:providers:aws::acct"],
            ],
        );
        assert.strictEqual(planExitCode(steps), 3);
        // A new provider version alone is no replacement (version is not provider config).
        const bumped = planSteps(
            [provider({}), topic],
            [{ ...provider({}), inputs: { region: "ap-northeast-1", version: "7.49.0" } }, topic],
            REGION,
        );
        assert.deepStrictEqual(
            bumped.map((s) => s.op),
            ["same", "same"],
        );
    });

    it("ignoreChanges is honoured on the real program too", async () => {
        const steps = planSteps(
            base,
            renderedResources(await render({ "fixture:retention": "30" })),
            REGION,
        );
        assert.ok(steps.every((s) => s.op === "same"));
    });
});

describe("plan: protected resources and the base's stack (issue 20)", () => {
    const t = "aws:kms/key:Key";
    it("replacing a resource protected on both sides is blocked with the engine's message", () => {
        const s = one(
            res(t, "k", { keyUsage: "ENCRYPT_DECRYPT" }, { protect: true }),
            res(t, "k", { keyUsage: "SIGN_VERIFY" }, { protect: true }),
        );
        assert.deepStrictEqual([s.op, s.blocked, s.dangerous], ["replace", "protected", true]);
        assert.strictEqual(
            s.message,
            'unable to replace resource "urn:pulumi:prod::tng::aws:kms/key:Key::k"\n' +
                "as it is currently marked for protection. To unprotect the resource, remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`",
        );
        assert.strictEqual(s.message, protectedReplaceMessage(s.urn));
        assert.strictEqual(planExitCode([s]), 3);
        // Unprotecting in the same update lets the replacement through (new.Protect && old.Protect).
        const un = one(
            res(t, "k", { keyUsage: "ENCRYPT_DECRYPT" }, { protect: true }),
            res(t, "k", { keyUsage: "SIGN_VERIFY" }),
        );
        assert.strictEqual(un.blocked, undefined);
    });

    it("deleting a protected resource is blocked with step.go's deleteProtectedError", () => {
        const urn = "urn:pulumi:prod::tng::aws:sns/topic:Topic::t";
        const [s] = planSteps([res("aws:sns/topic:Topic", "t", {}, { protect: true })], [], REGION);
        assert.deepStrictEqual([s.op, s.blocked], ["delete", "protected"]);
        assert.strictEqual(
            s.message,
            `resource "${urn}" cannot be deleted\nbecause it is protected. To unprotect the resource, either remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\`, or use the command:\n\`pulumi state unprotect '${urn}'\``,
        );
        assert.strictEqual(s.message, protectedDeleteMessage(urn));
        assert.match(formatPlan([s]), /^blocked \(the preview fails on these\):$/m);
    });

    it("a base of another stack or project is refused naming both", () => {
        const base = [res(t, "k", {})];
        assert.strictEqual(baseMismatch(base, "prod", "tng", "b.json"), undefined);
        assert.strictEqual(
            baseMismatch(base, "dev", "tng", "b.json"),
            "base b.json is stack prod of project tng, not stack dev of project tng: export the base from the same stack (npm run synth -- --stack dev --out FILE, or pulumi stack export --stack dev)",
        );
        assert.match(
            baseMismatch(base, "prod", "other", "b.json") ?? "",
            /project tng, not stack prod of project other/,
        );
    });
});

describe("npm run plan CLI: base refs and other stacks (issue 20)", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-plan-engine-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    // In-process (test/plan.test.ts has the one spawned test, with the large output on a slow pipe).
    const run = runPlanCli;
    /** This plan's temporary worktrees (other checkouts of the repository come and go meanwhile). */
    const worktrees = () =>
        spawnSync("git", ["worktree", "list", "--porcelain"], {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
        })
            .stdout.split("\n")
            .filter((l) => l.includes("tng-plan-base-"));

    it("exits 2 naming both stacks for a base of another stack", async () => {
        const file = path.join(dir, "prod.json");
        fs.writeFileSync(file, JSON.stringify(toExport(await renderedStack("prod"))));
        const r = await run("--stack", "dev", "--base", file);
        assert.strictEqual(r.status, 2, r.stderr);
        assert.strictEqual(
            r.stderr,
            `plan: base ${file} is stack prod of project tng, not stack dev of project tng: export the base from the same stack (npm run synth -- --stack dev --out FILE, or pulumi stack export --stack dev)\n`,
        );
        assert.strictEqual(r.stdout, "");
    });

    it("--base-ref renders an older commit in a temporary worktree, plans, and removes the worktree", async function () {
        this.timeout(120000);
        const older = spawnSync("git", ["rev-parse", "--verify", "--quiet", "HEAD~5"], {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
        });
        const ref = older.status === 0 ? "HEAD~5" : "HEAD";
        const started = Date.now();
        const r = await run("--stack", "prod", "--base-ref", ref, "--json");
        const seconds = (Date.now() - started) / 1000;
        assert.ok(r.status === 0 || r.status === 3, `${r.status}: ${r.stderr}`);
        const steps = (JSON.parse(r.stdout) as { steps: PlanStep[] }).steps;
        assert.ok(steps.length > 200);
        assert.ok(steps.every((s) => typeof s.op === "string" && Array.isArray(s.keys)));
        assert.deepStrictEqual(worktrees(), []);
        assert.deepStrictEqual(
            fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("tng-plan-base-")),
            [],
        );
        assert.ok(seconds < 40, `--base-ref took ${seconds} s`);
    });

    it("--base-ref exits 2 naming a ref that does not exist", async () => {
        const r = await run("--stack", "dev", "--base-ref", "nosuchbranch-20");
        assert.strictEqual(r.status, 2);
        assert.match(
            r.stderr,
            /^plan: --base-ref nosuchbranch-20: not a branch, tag or commit of /,
        );
    });
});
