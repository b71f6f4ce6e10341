/**
 * The tools' command lines: node:util parseArgs behind one helper (lib/cli.ts), `--help`
 * everywhere (exit 0), `--flag=value`, and exit 2 with the usage and no stack trace for an
 * unknown flag, a missing value or a bad file. Plus what synth and policy say about their input:
 * YAML errors with file, line and column, the policy config they used, resources they could not
 * check, and an export without resources. synth, policy and docs run in-process (test/toolCli.ts);
 * one spec per tool starts its script as a shell does.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseCliLoadArgs } from "../offline/cliLoad";
import { unreadableInputs, revealPlaintextSecrets } from "../offline/exportInputs";
import { WIRE_SIGNATURES } from "../sdk/internals";
import { PROJECT_ROOT, readStackConfig, StackFileError } from "../offline/stackFiles";
import { readCli, UsageError } from "../lib/cli";
import { policyConfigFor, stackOfExport } from "../scripts/policyConfig";
import { DOCS_USAGE } from "../scripts/docsCore";
import {
    docsCli,
    docsCliIn,
    policyCli,
    scratchProject,
    synthCli,
    synthCliIn,
    ToolRun,
} from "./toolCli";

const BIN = path.join(PROJECT_ROOT, "bin");

function run(
    script: string,
    ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [path.join(BIN, script), ...args], {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** JSON.parse's own message for `text`. */
function jsonError(text: string): string {
    try {
        JSON.parse(text);
    } catch (e) {
        return (e as Error).message;
    }
    return "";
}

/** No stack trace: no "    at " frame lines and no "Error:" prefix from an uncaught throw. */
function assertNoStackTrace(text: string): void {
    assert.ok(!/^\s+at /m.test(text), text);
    assert.ok(!/^\w*Error: /m.test(text), text);
}

const SECRET = (ciphertext: string) => ({
    [WIRE_SIGNATURES.key]: WIRE_SIGNATURES.secret,
    ciphertext,
});

describe("readCli (node:util parseArgs for every tool)", () => {
    const options = { stack: { type: "string" }, wait: { type: "boolean" } } as const;

    it("takes --flag value and --flag=value alike, and -h / --help anywhere", () => {
        assert.deepStrictEqual(readCli(["--stack", "dev", "--wait"], options).values, {
            stack: "dev",
            wait: true,
        });
        assert.deepStrictEqual(readCli(["--stack=dev"], options).values, { stack: "dev" });
        assert.strictEqual(readCli(["--stack=dev", "--help"], options).help, true);
        assert.strictEqual(readCli(["-h"], options).help, true);
        // --help wins over a mistake next to it.
        assert.strictEqual(readCli(["--bogus", "--help"], options).help, true);
    });

    it("words each mistake as one UsageError", () => {
        const cases: [string[], string][] = [
            [["--bogus"], "unknown option --bogus"],
            [["-q"], "unknown option -q"],
            [["--stack"], "--stack needs a value"],
            [["--stack="], "--stack needs a value"],
            [["--stack", "--wait"], "--stack needs a value"],
            [["--wait=yes"], "--wait takes no value"],
            [["extra"], 'unexpected argument "extra"'],
        ];
        for (const [argv, message] of cases) {
            assert.throws(
                () => readCli(argv, options),
                (e: unknown) => {
                    assert.ok(e instanceof UsageError, argv.join(" "));
                    assert.strictEqual(e.message, message);
                    return true;
                },
            );
        }
    });

    it("keeps positionals when asked, and refuses a repeat when the tool says so", () => {
        assert.deepStrictEqual(
            readCli(["a.json", "--stack", "x"], options, { positionals: true }).positionals,
            ["a.json"],
        );
        assert.strictEqual(readCli(["--stack", "a", "--stack", "b"], options).values.stack, "b");
        assert.throws(
            () =>
                readCli(["--stack", "a", "--stack", "b"], options, {
                    messages: { twice: (f) => `${f} twice` },
                }),
            { message: "--stack twice" },
        );
    });
});

describe("cliLoad arguments (the bench's CLI host replay)", () => {
    it("takes program --stack NAME (also --stack=NAME) or policy, and --help", () => {
        assert.deepStrictEqual(parseCliLoadArgs(["program", "--stack", "prod"]), {
            what: "program",
            stack: "prod",
        });
        assert.deepStrictEqual(parseCliLoadArgs(["program", "--stack=dev"]), {
            what: "program",
            stack: "dev",
        });
        assert.deepStrictEqual(parseCliLoadArgs(["policy"]), { what: "policy" });
        assert.strictEqual(parseCliLoadArgs(["--help"]), "help");
        for (const bad of [[], ["program"], ["policy", "--stack", "x"], ["program", "--x"]]) {
            assert.strictEqual(parseCliLoadArgs(bad), undefined, bad.join(" "));
        }
    });
});

describe("stack files with a YAML syntax error", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-yaml-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: tng\nruntime: nodejs\n");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("name the file, line and column", () => {
        fs.writeFileSync(
            path.join(dir, "Pulumi.bad.yaml"),
            "config:\n  tng:network:\n    cidrBlock: [10.0.0.0/16\n  tng:x: 1\n",
        );
        assert.throws(
            () => readStackConfig("bad", dir),
            (e: unknown) => {
                assert.ok(e instanceof StackFileError);
                assert.strictEqual(
                    e.message,
                    "Pulumi.bad.yaml:4:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
                );
                return true;
            },
        );
    });

    it("in Pulumi.yaml too", () => {
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: tng\nruntime: {nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.ok.yaml"), "config: {}\n");
        assert.throws(() => readStackConfig("ok", dir), {
            name: "StackFileError",
            message: /^Pulumi\.yaml:3:1: invalid YAML: /,
        });
    });
});

describe("npm run synth: arguments and what it says", () => {
    // The stack files and policy configs the specs make live in a project folder of their own
    // (test/toolCli.ts), never listed by the specs running in the other worker.
    let scratch: string;
    const created: string[] = [];
    before(() => {
        scratch = scratchProject();
    });
    after(() => {
        fs.rmSync(scratch, { recursive: true, force: true });
        for (const f of created) {
            fs.rmSync(f, { force: true });
        }
    });

    it("--help prints the usage and exits 0", async () => {
        const r = await synthCli("--help");
        assert.strictEqual(r.status, 0);
        assert.match(
            r.stdout,
            /^usage: npm run synth -- --stack <dev\|prod[|\w-]*> \[--out FILE\]\n/,
        );
        assert.match(r.stdout, /^ {2}--help +this text$/m);
    });

    it("an unknown flag exits 2 with the usage and no stack trace", async () => {
        const r = await synthCli("--stack", "dev", "--bogus");
        assert.strictEqual(r.status, 2);
        assert.match(r.stderr, /^synth: unknown option --bogus\nusage: npm run synth/);
        assert.strictEqual(r.stdout, "");
        assertNoStackTrace(r.stderr);
    });

    it("checks --out before rendering (--flag=value form)", async () => {
        const r = await synthCli("--stack=dev", "--out=/nonexistent-tng/dev.json");
        assert.strictEqual(r.status, 2);
        assert.strictEqual(
            r.stderr,
            "--out /nonexistent-tng/dev.json: the folder /nonexistent-tng does not exist\n",
        );
        assert.strictEqual(r.stdout, "", "nothing rendered");
        const folder = await synthCli("--stack=dev", `--out=${os.tmpdir()}`);
        assert.strictEqual(folder.status, 2);
        assert.strictEqual(folder.stderr, `--out ${os.tmpdir()} is a folder; give a file name\n`);
    });

    it("a YAML syntax error in the stack file exits 2 naming file, line and column", async () => {
        const file = path.join(scratch, `Pulumi.zz-yaml-${process.pid}.yaml`);
        fs.writeFileSync(file, "config:\n  tng:domainName: [a\n  tng:x: 1\n");
        const r = await synthCliIn(scratch, "--stack", `zz-yaml-${process.pid}`);
        assert.strictEqual(r.status, 2);
        assert.match(
            r.stderr,
            new RegExp(`^Pulumi\\.zz-yaml-${process.pid}\\.yaml:3:3: invalid YAML: `),
        );
        assert.strictEqual(r.stderr.split("\n").length, 2, "one line");
        assertNoStackTrace(r.stderr);
    });

    it("a broken policy config exits 2 before rendering and writes nothing to --out", async () => {
        // A stack of its own (a copy of dev's file) whose policy config is not a policy config.
        const stack = `zz-policy-${process.pid}`;
        const stackFile = path.join(scratch, `Pulumi.${stack}.yaml`);
        const configFile = path.join(scratch, "policies", "config", `${stack}.json`);
        const out = path.join(os.tmpdir(), `tng-synth-${process.pid}.json`);
        created.push(out);
        fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.dev.yaml"), stackFile);
        fs.mkdirSync(path.dirname(configFile), { recursive: true });
        for (const [text, problem] of [
            ["{", `policy config ${configFile} is not valid JSON: ${jsonError("{")}`],
            [
                '{"no-such-policy": "mandatory"}',
                `policy config ${configFile}: unknown policy "no-such-policy"`,
            ],
        ]) {
            fs.writeFileSync(configFile, text);
            const r = await synthCliIn(scratch, "--stack", stack, "--out", out);
            assert.strictEqual(r.status, 2, r.stderr);
            assert.strictEqual(r.stderr, `synth: ${problem}\n`);
            assert.strictEqual(r.stdout, "", "nothing rendered");
            assert.strictEqual(fs.existsSync(out), false, "nothing written");
            assertNoStackTrace(r.stderr);
        }
        fs.rmSync(configFile, { force: true });
    });

    it("says which policy config it used", async () => {
        const r = await synthCli("--stack", "dev");
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stdout, /^policy config: policies\/config\/dev\.json \(stack dev\)$/m);
    });
});

describe("policy config choice", () => {
    it("is policies/config/<stack>.json, or says that the defaults apply", () => {
        assert.deepStrictEqual(policyConfigFor("prod"), {
            file: path.join(PROJECT_ROOT, "policies", "config", "prod.json"),
            description: "policy config: policies/config/prod.json (stack prod)",
        });
        assert.deepStrictEqual(policyConfigFor("nosuchstack"), {
            description:
                "policy config: none for stack nosuchstack (no policies/config/nosuchstack.json): every policy runs at its default enforcement level with its default parameters",
        });
    });

    it("finds the stack of an export from its URNs", () => {
        assert.strictEqual(
            stackOfExport([
                { urn: "urn:pulumi:prod::tng::pulumi:pulumi:Stack::tng-prod" },
                { urn: "urn:pulumi:prod::tng::aws:s3/bucket:Bucket::b" },
            ]),
            "prod",
        );
        assert.strictEqual(stackOfExport([]), undefined);
        assert.strictEqual(
            stackOfExport([
                { urn: "urn:pulumi:a::tng::x:y:Z::n" },
                { urn: "urn:pulumi:b::tng::x:y:Z::n" },
            ]),
            undefined,
        );
    });
});

describe("unreadable inputs of an export", () => {
    const res = (type: string, inputs: unknown, custom = true) => ({
        urn: `urn:pulumi:prod::tng::${type}::r`,
        type,
        custom,
        inputs,
    });

    it("reports missing inputs, ciphertext anywhere, and a secret where a JSON document belongs", () => {
        assert.deepStrictEqual(
            unreadableInputs([
                res("aws:ec2/vpc:Vpc", undefined),
                res("aws:ec2/vpc:Vpc", "x"),
                res("aws:ecs/taskDefinition:TaskDefinition", {
                    containerDefinitions: SECRET("v1:abc"),
                }),
                res("aws:ecs/taskDefinition:TaskDefinition", { containerDefinitions: "[secret]" }),
                res("aws:rds/instance:Instance", { tags: { a: SECRET("v1:t") }, port: 5432 }),
            ]).map((u) => u.key),
            ["inputs", "inputs", "containerDefinitions", "containerDefinitions", "tags.a"],
        );
    });

    it("leaves alone secret payloads, plaintext secrets, components and Pulumi's own resources", () => {
        assert.deepStrictEqual(
            unreadableInputs([
                res("aws:secretsmanager/secretVersion:SecretVersion", {
                    secretString: SECRET("v1:abc"),
                }),
                res("aws:secretsmanager/secretVersion:SecretVersion", { secretString: "[secret]" }),
                res("aws:iam/role:Role", {
                    assumeRolePolicy: { ...SECRET(""), ciphertext: undefined, plaintext: '"{}"' },
                }),
                res("tng:app:RailsService", undefined, false),
                res("pulumi:pulumi:Stack", undefined, false),
                res("pulumi:providers:aws", undefined),
            ]),
            [],
        );
    });

    it("shows plaintext secrets (--show-secrets exports) as their values", () => {
        assert.deepStrictEqual(
            revealPlaintextSecrets({
                a: { [WIRE_SIGNATURES.key]: WIRE_SIGNATURES.secret, plaintext: '"[{\\"x\\":1}]"' },
                b: [1, { [WIRE_SIGNATURES.key]: WIRE_SIGNATURES.secret, plaintext: "5432" }],
            }),
            { a: '[{"x":1}]', b: [1, 5432] },
        );
    });
});

describe("npm run policy: arguments and unreadable input", () => {
    let dir: string;
    let synthOut: string;
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-policy-"));
        synthOut = path.join(dir, "dev.json");
        const r = await synthCli("--stack", "dev", "--out", synthOut);
        assert.strictEqual(r.status, 0, r.stderr);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("--help exits 0; an unknown flag, a missing FILE or an extra argument exit 2 with the usage", async () => {
        const help = await policyCli("--help");
        assert.strictEqual(help.status, 0);
        assert.match(
            help.stdout,
            /^usage: npm run policy -- FILE \[--config POLICY_CONFIG\.json\] \| --coverage\n/,
        );
        const usage = "usage: npm run policy -- FILE [--config POLICY_CONFIG.json] | --coverage";
        for (const [args, expected] of [
            [[synthOut, "--bogus"], `policy: unknown option --bogus\n${usage}`],
            [[], `policy: missing FILE\n${usage}`],
            [[synthOut, "b.json"], `policy: unexpected argument "b.json"\n${usage}`],
            [[synthOut, "--config"], `policy: --config needs a value\n${usage}`],
            [["--coverage", synthOut], `policy: --coverage takes no FILE or --config\n${usage}`],
            [[path.join(dir, "none.json")], `policy: ${path.join(dir, "none.json")}: no such file`],
            [[dir], `policy: ${dir} is a folder; give a regular file`],
        ] as [string[], string][]) {
            const r = await policyCli(...args);
            assert.strictEqual(r.status, 2, args.join(" "));
            assert.strictEqual(r.stderr, `${expected}\n`);
            assertNoStackTrace(r.stderr);
        }
    });

    it("--coverage prints the decided share of the inventory and exits 0 when every type is decided", async () => {
        const r = await policyCli("--coverage");
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(
            r.stdout,
            /^coverage: (\d+) of \1 inventoried AWS types have a decision \(policies\/decisions\)\n/,
        );
        assert.ok(!r.stdout.includes("undecided"), r.stdout);
    });

    it("uses the export's stack config unless --config=FILE says otherwise, and says which", async () => {
        const own = await policyCli(synthOut);
        assert.strictEqual(own.status, 0, own.stderr);
        assert.strictEqual(
            own.stdout.split("\n")[0],
            "policy config: policies/config/dev.json (stack dev)",
        );
        const prod = await policyCli(`--config=policies/config/prod.json`, synthOut);
        assert.strictEqual(
            prod.status,
            1,
            "prod's config makes dev's single-AZ database mandatory",
        );
        assert.strictEqual(prod.stdout.split("\n")[0], "policy config: policies/config/prod.json");
    });

    it("a secret hides only its own value: missing inputs and rules that read the secret are could not check, exit 2", async () => {
        const doc = JSON.parse(fs.readFileSync(synthOut, "utf8"));
        const resources = doc.deployment.resources as {
            urn: string;
            type: string;
            inputs?: Record<string, unknown>;
        }[];
        const web = resources.find((r) => r.urn.endsWith("::tng-dev-rails-web"))!;
        web.inputs!.containerDefinitions = SECRET("v1:AAAA");
        const vpc = resources.find((r) => r.type === "aws:ec2/vpc:Vpc")!;
        delete vpc.inputs;
        const file = path.join(dir, "encrypted.json");
        fs.writeFileSync(file, JSON.stringify(doc));
        const r = await policyCli(file);
        assert.strictEqual(r.status, 2, r.stdout + r.stderr);
        assert.deepStrictEqual(r.stderr.trimEnd().split("\n"), [
            `could not check: ${vpc.urn} (inputs)`,
            "policy: 2 resources could not be checked: export with --show-secrets (pulumi stack export --show-secrets --file FILE), or check the synth output",
        ]);
        const webLines = r.stdout.split("\n").filter((l) => l.includes(`${web.urn}:`));
        assert.ok(webLines.length > 0, "the rules that read containerDefinitions say so");
        for (const line of webLines) {
            assert.match(
                line,
                /^could-not-check [a-z0-9-]+ \S+: could not check containerDefinitions: value unknown\/secret$/,
            );
        }
    });

    it("a secure stack exported without --show-secrets exits 0; a secret auth token hides no finding", async () => {
        const doc = JSON.parse(fs.readFileSync(synthOut, "utf8"));
        // What `pulumi stack export` (no --show-secrets) writes where the synth writes "[secret]".
        const encrypt = (v: unknown): unknown =>
            v === "[secret]"
                ? SECRET("v1:AAAA")
                : Array.isArray(v)
                  ? v.map(encrypt)
                  : v !== null && typeof v === "object"
                    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encrypt(x)]))
                    : v;
        const resources = doc.deployment.resources as Record<string, unknown>[];
        for (const r of resources) {
            if (r.inputs !== undefined) {
                r.inputs = encrypt(r.inputs);
            }
        }
        const secure = path.join(dir, "no-show-secrets.json");
        fs.writeFileSync(secure, JSON.stringify(doc));
        const ok = await policyCli(secure);
        assert.strictEqual(ok.status, 0, ok.stdout + ok.stderr);
        assert.ok(!ok.stdout.includes("could-not-check"), ok.stdout);
        // A replication group with a secret authToken and at-rest encryption omitted.
        const urn = "urn:pulumi:dev::tng::aws:elasticache/replicationGroup:ReplicationGroup::rg";
        resources.push({
            urn,
            custom: true,
            type: "aws:elasticache/replicationGroup:ReplicationGroup",
            inputs: {
                description: "redis",
                engine: "redis",
                transitEncryptionEnabled: true,
                authToken: SECRET("v1:BBBB"),
            },
            outputs: {},
        });
        const insecure = path.join(dir, "secret-token.json");
        fs.writeFileSync(insecure, JSON.stringify(doc));
        const bad = await policyCli(insecure);
        assert.strictEqual(bad.status, 1, bad.stdout + bad.stderr);
        assert.ok(
            bad.stdout.includes(
                `mandatory elasticache-replication-group-encryption ${urn}: ElastiCache replication group must set atRestEncryptionEnabled to true.`,
            ),
            bad.stdout,
        );
        assert.ok(!bad.stdout.includes(`could-not-check`), bad.stdout);
    });

    it("exits 2 when a policy met an unknown value (a preview-time export), listing it", async () => {
        const doc = JSON.parse(fs.readFileSync(synthOut, "utf8"));
        const resources = doc.deployment.resources as {
            urn: string;
            type: string;
            inputs?: Record<string, unknown>;
        }[];
        // A bucket policy on a bucket outside the stack, whose document is not known yet.
        const outside = {
            urn: "urn:pulumi:dev::tng::aws:s3/bucketPolicy:BucketPolicy::outside",
            custom: true,
            type: "aws:s3/bucketPolicy:BucketPolicy",
            inputs: {
                bucket: "someone-elses-bucket",
                policy: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
            },
            outputs: {},
        };
        resources.push(outside);
        const file = path.join(dir, "unknown.json");
        fs.writeFileSync(file, JSON.stringify(doc));
        const r = await policyCli(file);
        assert.strictEqual(r.status, 2, r.stdout + r.stderr);
        assert.match(
            r.stdout,
            new RegExp(
                `^could-not-check [a-z0-9-]+ ${outside.urn.replace(/[$]/g, "\\$")}: could not check policy: value unknown/secret$`,
                "m",
            ),
        );
        assert.strictEqual(
            r.stderr,
            "policy: 1 resource could not be checked: export with --show-secrets (pulumi stack export --show-secrets --file FILE), or check the synth output\n",
        );
    });

    it("warns about an export without resources", async () => {
        const file = path.join(dir, "empty.json");
        fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { resources: [] } }));
        const r = await policyCli(file);
        assert.strictEqual(r.status, 0);
        assert.strictEqual(
            r.stderr,
            `policy: warning: ${file} has no resources: nothing to check\n`,
        );
        assert.match(
            r.stdout,
            /^policy config: none \(the export holds no single stack; give --config\)/,
        );
    });
});

describe("npm run docs", () => {
    it("--check rewrites nothing and says each README and docs/operations.md is up to date", async () => {
        const files = ["README.md", "README.ja.md", "docs/operations.md"];
        const before = files.map((f) => fs.readFileSync(path.join(PROJECT_ROOT, f), "utf8"));
        const r = await docsCli("--check");
        assert.strictEqual(r.status, 0, r.stdout);
        assert.strictEqual(
            r.stdout,
            [
                "README.md: config reference up to date",
                "README.ja.md: config reference up to date",
                "README.md: policy pack summary up to date",
                "README.ja.md: policy pack summary up to date",
                "docs/operations.md: alarm tables up to date",
                "",
            ].join("\n"),
        );
        assert.deepStrictEqual(
            files.map((f) => fs.readFileSync(path.join(PROJECT_ROOT, f), "utf8")),
            before,
        );
    });

    it("--check exits 1 naming a stale or unmarked part and writes nothing; without it rewrites what it can", async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "tng-docs-"));
        try {
            const begin = "<!-- pack-summary:begin (npm run docs) -->";
            const end = "<!-- pack-summary:end -->";
            const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
            const stale = `${readme.slice(0, readme.indexOf(begin) + begin.length)}\n- Policies: 1\n${readme.slice(readme.indexOf(end))}`;
            assert.notStrictEqual(stale, readme);
            fs.writeFileSync(path.join(root, "README.md"), stale);
            const ja = fs.readFileSync(path.join(PROJECT_ROOT, "README.ja.md"), "utf8");
            const unmarked = ja.replace(begin, "").replace(end, "");
            fs.writeFileSync(path.join(root, "README.ja.md"), unmarked);
            const markers = `README.ja.md: the README needs the markers ${begin} and ${end}`;
            const check = await docsCliIn(root, "--check");
            assert.strictEqual(check.status, 1);
            assert.strictEqual(check.stderr, "");
            assert.strictEqual(
                check.stdout,
                [
                    "README.md: config reference up to date",
                    "README.ja.md: config reference up to date",
                    "README.md: policy pack summary out of date (run npm run docs)",
                    markers,
                    "docs/operations.md: not found, skipped",
                    "",
                ].join("\n"),
            );
            assert.strictEqual(fs.readFileSync(path.join(root, "README.md"), "utf8"), stale);
            assert.deepStrictEqual(fs.readdirSync(root).sort(), ["README.ja.md", "README.md"]);
            const write = await docsCliIn(root);
            assert.strictEqual(write.status, 1, "the unmarked README still fails");
            assert.strictEqual(
                write.stdout.split("\n")[2],
                "README.md: rewrote the policy pack summary",
            );
            assert.strictEqual(write.stdout.split("\n")[3], markers);
            assert.strictEqual(fs.readFileSync(path.join(root, "README.md"), "utf8"), readme);
            assert.strictEqual(fs.readFileSync(path.join(root, "README.ja.md"), "utf8"), unmarked);
            assert.deepStrictEqual(fs.readdirSync(root).sort(), ["README.ja.md", "README.md"]);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("--help exits 0; an unknown flag or an argument exits 2 with the usage", async () => {
        assert.strictEqual((await docsCli("--help")).status, 0);
        for (const args of [["--bogus"], ["README.md"]]) {
            const r = await docsCli(...args);
            assert.strictEqual(r.status, 2);
            assert.match(r.stderr, /^docs: .+\nusage: npm run docs/);
            assertNoStackTrace(r.stderr);
        }
    });
});

describe("the synth, policy and docs scripts as a shell runs them", function () {
    // The one process per tool: scripts/<tool>.ts -> runTool -> exit code, stdout drained. Every
    // other spec runs the same core in-process (test/toolCli.ts); the real run here must print
    // and write what the in-process run does, byte for byte.
    this.timeout(60000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-entries-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    // dev rendered in-process once: the synth spec compares with it, the policy spec checks it.
    let inProcessDev: Promise<{ run: ToolRun; out: string }> | undefined;
    const renderDev = () =>
        (inProcessDev ??= (async () => {
            const out = path.join(dir, "in-process.json");
            return { run: await synthCli("--stack", "dev", "--out", out), out };
        })());

    it("loading synth, policy, docs and rules-doc loads no Pulumi SDK: --help and usage mistakes stay cheap", () => {
        // Each script's imports, then its --help (rules-doc has no core: its help is checked).
        const cores = ["synthCore", "policyCore", "docsCore"].map((c) =>
            JSON.stringify(path.join(BIN, "scripts", `${c}.js`)),
        );
        const script = [
            ...cores.map((c) => `require(${c});`),
            `process.argv = [process.argv[0], "rulesDoc", "--help"];`,
            `require(${JSON.stringify(path.join(BIN, "scripts", "rulesDoc.js"))});`,
            'process.on("exit", () => console.error(Object.keys(require.cache).filter((k) => k.includes("@pulumi")).join("\\n")));',
        ].join("\n");
        const r = spawnSync(process.execPath, ["-e", script], {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
        });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stdout, /^usage: npm run rules-doc/);
        assert.strictEqual(r.stderr.trim(), "", "SDK modules loaded");
    });

    it("synth: --help exits 0, a usage mistake 2, and a render prints and writes what the in-process run does", async () => {
        const help = run("scripts/synth.js", "--help");
        assert.strictEqual(help.status, 0, help.stderr);
        assert.match(
            help.stdout,
            /^usage: npm run synth -- --stack <dev\|prod[|\w-]*> \[--out FILE\]\n/,
        );
        assert.strictEqual(help.stderr, "");
        const bad = run("scripts/synth.js", "--stack", "dev", "--bogus");
        assert.strictEqual(bad.status, 2);
        assert.match(bad.stderr, /^synth: unknown option --bogus\nusage: npm run synth/);
        assert.strictEqual(bad.stdout, "");
        assertNoStackTrace(bad.stderr);
        const shellOut = path.join(dir, "shell.json");
        const shell = run("scripts/synth.js", "--stack", "dev", "--out", shellOut);
        assert.strictEqual(shell.status, 0, shell.stderr);
        const { run: own, out: ownOut } = await renderDev();
        assert.strictEqual(own.status, 0, own.stderr);
        assert.match(shell.stdout, /^tng dev: \d+ resources in \d+ components$/m);
        assert.ok(shell.stdout.endsWith(`\nwrote ${shellOut}\n`), shell.stdout);
        assert.strictEqual(
            shell.stdout,
            own.stdout.replace(`wrote ${ownOut}`, `wrote ${shellOut}`),
        );
        assert.strictEqual(shell.stderr, own.stderr);
        assert.strictEqual(fs.readFileSync(shellOut, "utf8"), fs.readFileSync(ownOut, "utf8"));
    });

    it("policy: --help exits 0, a usage mistake 2, and a check prints what the in-process run does", async () => {
        const usage = "usage: npm run policy -- FILE [--config POLICY_CONFIG.json] | --coverage";
        const help = run("scripts/policy.js", "--help");
        assert.strictEqual(help.status, 0, help.stderr);
        assert.ok(help.stdout.startsWith(`${usage}\n`), help.stdout);
        assert.strictEqual(help.stderr, "");
        const bad = run("scripts/policy.js", "--bogus");
        assert.strictEqual(bad.status, 2);
        assert.strictEqual(bad.stderr, `policy: unknown option --bogus\n${usage}\n`);
        assert.strictEqual(bad.stdout, "");
        const { run: render, out: file } = await renderDev();
        assert.strictEqual(render.status, 0, render.stderr);
        const shell = run("scripts/policy.js", "--config=policies/config/prod.json", file);
        const own = await policyCli("--config=policies/config/prod.json", file);
        assert.strictEqual(
            shell.status,
            1,
            "prod's config makes dev's single-AZ database mandatory",
        );
        assert.strictEqual(own.status, shell.status);
        assert.match(shell.stdout, /^policy: [1-9]\d* mandatory, \d+ advisory violations$/m);
        assert.strictEqual(shell.stdout, own.stdout);
        assert.strictEqual(shell.stderr, own.stderr);
    });

    it("docs: --help exits 0, a usage mistake 2, and --check prints what the in-process run does", async () => {
        const help = run("scripts/docs.js", "--help");
        assert.strictEqual(help.status, 0, help.stderr);
        assert.strictEqual(help.stdout, `${DOCS_USAGE}\n`);
        const bad = run("scripts/docs.js", "--bogus");
        assert.strictEqual(bad.status, 2);
        assert.strictEqual(
            bad.stderr,
            "docs: unknown option --bogus\nusage: npm run docs [-- --check]\n",
        );
        assert.strictEqual(bad.stdout, "");
        const shell = run("scripts/docs.js", "--check");
        const own = await docsCli("--check");
        assert.strictEqual(shell.status, 0, shell.stdout + shell.stderr);
        assert.strictEqual(own.status, 0);
        assert.strictEqual(shell.stdout.split("\n").length, 6, shell.stdout);
        assert.strictEqual(shell.stdout, own.stdout);
        assert.strictEqual(shell.stderr, "");
        assert.strictEqual(own.stderr, "");
    });
});

describe("the other tools' usage errors", () => {
    for (const [script, help] of [
        ["scripts/invalidate.js", /^usage: npm run invalidate/],
        ["scripts/loadtest.js", /^usage: npm run loadtest -- --url URL/],
        ["scripts/bench.js", /^usage: npm run bench/],
        ["scripts/spectimes.js", /^usage: npm run spec-times\n/],
    ] as const) {
        it(`${script}: --help exits 0, an unknown flag exits 2 without a stack trace`, () => {
            const ok = run(script, "--help");
            assert.strictEqual(ok.status, 0, ok.stderr);
            assert.match(ok.stdout, help);
            const bad = run(script, "--bogus");
            assert.strictEqual(bad.status, 2);
            assert.match(bad.stderr, /--bogus/);
            assertNoStackTrace(bad.stderr);
        });
    }

    it("scripts/run.mjs and scripts/build.mjs: --help, and exit 2 for an unknown tool or flag", () => {
        const node = (file: string, ...args: string[]) =>
            spawnSync(process.execPath, [path.join(PROJECT_ROOT, "scripts", file), ...args], {
                cwd: PROJECT_ROOT,
                encoding: "utf8",
            });
        assert.strictEqual(node("run.mjs", "--help").status, 0);
        const unknown = node("run.mjs", "nope");
        assert.strictEqual(unknown.status, 2);
        // Every lower-case tool in scripts/ is listed (plan, parity, ... included as they come).
        const tools = fs
            .readdirSync(path.join(PROJECT_ROOT, "scripts"))
            .filter((f) => /^[a-z]+\.ts$/.test(f))
            .map((f) => f.slice(0, -3))
            .sort();
        assert.ok(tools.includes("synth") && tools.includes("plan"), tools.join());
        assert.ok(
            unknown.stderr.startsWith(`unknown tool nope (tools: ${tools.join(", ")})\n`),
            unknown.stderr,
        );
        assert.strictEqual(node("build.mjs", "--help").status, 0);
        const bad = node("build.mjs", "--bogus");
        assert.strictEqual(bad.status, 2);
        assert.match(bad.stderr, /^build: Unknown option '--bogus'/);
    });
});
