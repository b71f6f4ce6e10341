/**
 * The offline synth end to end: stack files → config (secrets never read), the CLI's exit codes
 * and messages, and the export JSON shape that `npm run policy` and `pulumi import` tooling read.
 * The CLI runs in-process (test/toolCli.ts); test/cli.test.ts starts the script itself once.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { listStacks, PROJECT_ROOT, readStackConfig } from "../offline/stackFiles";
import { synthesize } from "../offline/synth";
import { FAULTY_PROGRAM } from "./harness";
import { withSdkAsShipped } from "./setup";
import { scratchProject, synthCli, synthCliIn, ToolRun } from "./toolCli";

describe("stack files", () => {
    it("namespace keys, JSON-encode objects and replace every secure value by a placeholder", () => {
        const { config, secretKeys } = readStackConfig("prod");
        assert.strictEqual(config["aws:region"], "ap-northeast-1");
        assert.strictEqual(config["tng:domainName"], "tng.example.jp");
        assert.strictEqual(JSON.parse(config["tng:database"]).engineVersion, "13.20");
        assert.deepStrictEqual(JSON.parse(config["aws:defaultTags"]), {
            tags: { Project: "tng", Environment: "prod", ManagedBy: "pulumi" },
        });
        // prod's file holds no secret until one is set (a placeholder is not ciphertext).
        assert.deepStrictEqual(secretKeys, []);
        for (const key of secretKeys) {
            assert.strictEqual(config[key], "[secret]");
        }
        assert.ok(
            !JSON.stringify(config).includes("v1:"),
            "no ciphertext may leave the stack file reader",
        );
    });
});

describe("npm run synth", () => {
    let dir: string;
    // The stack files the specs make live in a project folder of their own (test/toolCli.ts).
    let scratch: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-synth-"));
        scratch = scratchProject();
    });
    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(scratch, { recursive: true, force: true });
    });
    /** Writes Pulumi.<name>.yaml in the scratch project. */
    const tempStack = (name: string, yaml: string): string => {
        fs.writeFileSync(path.join(scratch, `Pulumi.${name}.yaml`), yaml);
        return name;
    };

    // dev rendered in-process once: the first spec checks it, the last compares a later render with it.
    let devRun: Promise<{ r: ToolRun; out: string }> | undefined;
    const renderDev = () =>
        (devRun ??= (async () => {
            const out = path.join(dir, "dev.json");
            return { r: await synthCli("--stack", "dev", "--out", out), out };
        })());

    it("writes pulumi-stack-export JSON and prints counts and outputs", async () => {
        const { r, out } = await renderDev();
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stdout, /^tng dev: \d+ resources in \d+ components$/m);
        assert.match(r.stdout, /^ {2}aws:ec2\/vpc:Vpc +1$/m);
        assert.match(r.stdout, /^outputs:$/m);
        assert.match(r.stdout, /^ {2}vpcId: tng-dev-vpc-id$/m);
        const doc = JSON.parse(fs.readFileSync(out, "utf8"));
        assert.strictEqual(doc.version, 3);
        const resources = doc.deployment.resources as Record<string, unknown>[];
        assert.deepStrictEqual(resources[0].type, "pulumi:pulumi:Stack");
        assert.strictEqual(resources[0].urn, "urn:pulumi:dev::tng::pulumi:pulumi:Stack::tng-dev");
        for (const r of resources) {
            for (const field of ["urn", "type", "custom", "inputs"]) {
                assert.ok(field in r, `${String(r.urn)} lacks ${field}`);
            }
            // The engine registers default providers without a parent (pulumi/pulumi
            // pkg/resource/deploy/default_providers.go newRegisterDefaultProviderEvent: Parent "").
            const defaultProvider =
                typeof r.type === "string" &&
                r.type.startsWith("pulumi:providers:") &&
                String(r.urn).includes("::default");
            if (r.type !== "pulumi:pulumi:Stack" && !defaultProvider) {
                assert.ok(typeof r.parent === "string", `${String(r.urn)} has no parent`);
            }
        }
        const vpc = resources.find((r) => r.type === "aws:ec2/vpc:Vpc") as {
            inputs: Record<string, unknown>;
            urn: string;
        };
        assert.strictEqual(vpc.inputs.cidrBlock, "10.20.0.0/16");
        assert.strictEqual(
            vpc.urn,
            "urn:pulumi:dev::tng::tng:network:Network$aws:ec2/vpc:Vpc::tng-dev-vpc",
        );
    });

    it("renders prod's file as committed, warning loudly about each unset secret and placeholder with its command", async () => {
        const r = await synthCli("--stack", "prod");
        assert.strictEqual(r.status, 0, r.stderr);
        const set = (key: string, secret = false) =>
            `pulumi config set ${secret ? "--secret " : ""}${key.includes(".") ? "--path " : ""}tng:${key} <value> --stack prod`;
        const secrets = [
            "senderUsername",
            "senderPassword",
            "senderDomain",
            "facebookAppId",
            "facebookAppSecret",
            "twitterConsumerKey",
            "twitterConsumerSecret",
            "secretKeyBase",
        ];
        assert.deepStrictEqual(
            r.stdout.split("\n").filter((l) => l.startsWith("WARNING: ")),
            [
                ...secrets.map(
                    (k) =>
                        `WARNING: tng:${k} is not set: rendered with a placeholder; a real preview fails until you run ${set(k, true)}`,
                ),
                `WARNING: tng:domainName is a placeholder ("tng.example.jp"): a real preview fails until you run ${set("domainName")}`,
                `WARNING: tng:hostedZoneId is a placeholder ("Z0REPLACEWITHZONEID"): a real preview fails until you run ${set("hostedZoneId")}`,
                `WARNING: tng:alerts.emails[0] is a placeholder ("infra-alerts@example.jp"): a real preview fails until you run ${set("alerts.emails[0]")}`,
            ],
        );
        // Warnings first, then the summary.
        assert.match(r.stdout, /^WARNING: tng:senderUsername /);
    });

    it("a set secret is rendered as the placeholder, never read, and not warned about", async () => {
        const prod = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.prod.yaml"), "utf8");
        const stack = tempStack(
            `zz-secret-${process.pid}`,
            `${prod}  tng:secretKeyBase:\n    secure: v1:AAAAbm90LXJlYWwtY2lwaGVydGV4dA==\n`,
        );
        const { config, secretKeys } = readStackConfig(stack, scratch);
        assert.deepStrictEqual(secretKeys, ["tng:secretKeyBase"]);
        assert.strictEqual(config["tng:secretKeyBase"], "[secret]");
        const r = await synthCliIn(scratch, "--stack", stack);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(!r.stdout.includes("tng:secretKeyBase"), r.stdout);
        assert.ok(!r.stdout.includes("v1:"), "no ciphertext in the output");
    });

    it("names every bad key at once and exits 2 without a stack trace", async () => {
        const prod = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.prod.yaml"), "utf8");
        const bad = prod
            .replace("nodeCount: 2 ", "nodeCount: 0 ")
            .replace("instanceClass: db.t3.xlarge", "instanceClass: db.t3.giant")
            .replace("backupRetentionDays: 14 ", "backupRetentionDays: 36 ")
            .replace('engineVersion: "1.6.22" ', "engineVersion: 1.6.6 ")
            .replace("instanceType: search.small ", "instanceType: search.tiny ");
        const stack = tempStack(`zz-bad-${process.pid}`, bad);
        const r = await synthCliIn(scratch, "--stack", stack);
        assert.strictEqual(r.status, 2);
        assert.strictEqual(r.stdout, "");
        assert.strictEqual(
            r.stderr,
            [
                `Stack "${stack}" has 5 invalid settings:`,
                '  - database.instanceClass must be an RDS instance class such as db.t3.micro or db.r6g.large (got "db.t3.giant")',
                "  - database.backupRetentionDays must be an integer from 1 to 35 (got 36)",
                "  - cache.nodeCount must be an integer from 1 to 20 (got 0)",
                '  - cache.engineVersion must be a Memcached version 1.6.12 or later (needed for TLS) (got "1.6.6")',
                '  - search.instanceType must be one of search.small, search.medium, search.large, search.xlarge, search.2xlarge (got "search.tiny")',
                "",
            ].join("\n"),
        );
    });

    it("exits 2 with the list of stacks for an unknown stack, and with usage for bad arguments", async () => {
        const unknown = await synthCli("--stack", "no-such-stack");
        assert.strictEqual(unknown.status, 2);
        assert.ok(
            unknown.stderr.startsWith(
                `No stack file Pulumi.no-such-stack.yaml; stacks: ${listStacks().join(", ")}`,
            ),
            unknown.stderr,
        );
        const usage = await synthCli("--out");
        assert.strictEqual(usage.status, 2);
        assert.match(
            usage.stderr,
            /^synth: --out needs a value\nusage: npm run synth -- --stack <dev\|prod[|\w-]*> \[--out FILE\]/,
        );
        const none = await synthCli();
        assert.strictEqual(none.status, 2);
        assert.match(none.stderr, /^usage: npm run synth/);
    });
    it("declares resources without the SDK's leak-debugging stacks and source positions, and puts both back", () =>
        // The specs run with both off (test/setup.ts): this one starts from the SDK as shipped.
        withSdkAsShipped(async () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK module itself
            const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
                debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
            };
            const resource = pulumi.Resource as unknown as { callsites: () => unknown[] };
            const shipped = {
                callsites: resource.callsites,
                debuggable: debuggable.debuggablePromise,
            };
            let positions = 0;
            const limits = new Set<number>();
            const callsites = () => {
                positions++;
                return shipped.callsites.call(resource);
            };
            const debuggablePromise = <T>(p: Promise<T>, ctx: unknown) => {
                limits.add(Error.stackTraceLimit);
                return shipped.debuggable(p, ctx);
            };
            resource.callsites = callsites;
            debuggable.debuggablePromise = debuggablePromise;
            try {
                const result = await synthesize("dev");
                assert.ok(result.resources.length > 100, `${result.resources.length} resources`);
                assert.strictEqual(positions, 0, "a resource asked for its source position");
                assert.deepStrictEqual([...limits], [0], "the SDK's stacks kept their frames");
                assert.strictEqual(resource.callsites, callsites, "source positions not put back");
                assert.strictEqual(
                    debuggable.debuggablePromise,
                    debuggablePromise,
                    "leak-debugging stacks not put back",
                );
            } finally {
                resource.callsites = shipped.callsites;
                debuggable.debuggablePromise = shipped.debuggable;
            }
        }));

    it("renders dev the same after prod, a bad config and a bug rendered in the same process (nothing leaks)", async () => {
        const first = await renderDev();
        assert.strictEqual(first.r.status, 0, first.r.stderr);
        assert.strictEqual((await synthCli("--stack", "prod")).status, 0);
        const prod = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.prod.yaml"), "utf8");
        const bad = tempStack(
            `zz-leak-${process.pid}`,
            prod.replace("nodeCount: 2 ", "nodeCount: 0 "),
        );
        const badRun = await synthCliIn(scratch, "--stack", bad);
        assert.strictEqual(badRun.status, 2, badRun.stderr);
        assert.strictEqual(
            badRun.stderr,
            `Stack "${bad}" has 1 invalid setting:\n  - cache.nodeCount must be an integer from 1 to 20 (got 0)\n`,
        );
        // A bug thrown half-way through a program (test/fixtures/faultyProgram), its resources
        // partly registered.
        process.env.TNG_FIXTURE_FAULT = "component";
        try {
            await assert.rejects(synthesize("dev", { program: FAULTY_PROGRAM }), {
                message: /^Cannot read properties of undefined \(reading 'small'\)/,
            });
            // No second copy arrives as an unhandled rejection (test/setup.ts would fail the run).
            await new Promise((resolve) => setTimeout(resolve, 50));
        } finally {
            delete process.env.TNG_FIXTURE_FAULT;
        }
        const out = path.join(dir, "dev-again.json");
        const again = await synthCli("--stack", "dev", "--out", out);
        assert.strictEqual(again.status, 0, again.stderr);
        assert.strictEqual(
            again.stdout,
            first.r.stdout.replace(`wrote ${first.out}`, `wrote ${out}`),
        );
        assert.strictEqual(again.stderr, first.r.stderr);
        assert.strictEqual(fs.readFileSync(out, "utf8"), fs.readFileSync(first.out, "utf8"));
    });
});
