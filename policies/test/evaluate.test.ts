/**
 * Offline evaluation: readExport, evaluateResources (levels, parameters, unknowns, skipping),
 * formatReport, loadPolicyConfig, and the `npm run policy` CLI end to end (in-process,
 * test/toolCli.ts; test/cli.test.ts starts the script itself once).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "../../sdk/aws";
import {
    definiteViolations,
    evaluateResources,
    ExportedResource,
    formatReport,
    loadPolicyConfig,
    readExport,
    uncheckedFindings,
    Violation,
} from "../evaluate";
import { policyCli } from "../../test/toolCli";
import { exported, PROJECT_ROOT, UNKNOWN_STRING } from "./util";

const doc = (...statements: object[]) =>
    JSON.stringify({ Version: "2012-10-17", Statement: statements });
const KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/k";

const unencryptedDb = exported(aws.rds.Instance, "db", {
    instanceClass: "db.t4g.micro",
    storageEncrypted: false,
});
const sshSg = exported(aws.ec2.SecurityGroup, "bastion-sg", {
    ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
});
const fullAccess = exported(aws.iam.RolePolicyAttachment, "logs-full", {
    role: "app",
    policyArn: "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
});

/** A stack whose resources pass every mandatory policy: a key and a protected trail. */
function cleanStack(): ExportedResource[] {
    return [
        exported(
            aws.kms.Key,
            "key",
            { enableKeyRotation: true },
            { protect: true, retainOnDelete: true },
        ),
        exported(aws.cloudtrail.Trail, "trail", {
            s3BucketName: "trail-bucket-id",
            kmsKeyId: KEY,
            enableLogFileValidation: true,
            isMultiRegionTrail: true,
        }),
        exported(aws.s3.Bucket, "trail-bucket", {}, { protect: true }),
        // The prod invariants (policies/config/prod.json): the detectors and the audit floor.
        exported(aws.guardduty.Detector, "guardduty", { enable: true }),
        exported(aws.securityhub.Account, "hub", {}),
        exported(aws.securityhub.StandardsSubscription, "fsbp", {
            standardsArn:
                "arn:aws:securityhub:ap-northeast-1::standards/aws-foundational-security-best-practices/v/1.0.0",
        }),
        exported(aws.s3.BucketObjectLockConfiguration, "trail-lock", {
            bucket: "trail-bucket-id",
            rule: { defaultRetention: { mode: "GOVERNANCE", days: 365 } },
        }),
        exported(aws.s3.BucketPublicAccessBlock, "trail-pab", {
            bucket: "trail-bucket-id",
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }),
        exported(aws.s3.BucketPolicy, "trail-policy", {
            bucket: "trail-bucket-id",
            policy: doc({
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: "*",
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
        }),
        exported(aws.s3.BucketServerSideEncryptionConfiguration, "trail-sse", {
            bucket: "trail-bucket-id",
            rules: [
                {
                    applyServerSideEncryptionByDefault: {
                        sseAlgorithm: "aws:kms",
                        kmsMasterKeyId: KEY,
                    },
                    bucketKeyEnabled: true,
                },
            ],
        }),
        exported(aws.s3.BucketLogging, "trail-logging", {
            bucket: "trail-bucket-id",
            targetBucket: "logs",
            targetPrefix: "trail/",
        }),
    ];
}

const stackExport = (resources: ExportedResource[]) => ({
    version: 3,
    deployment: { manifest: {}, resources },
});
const of = (violations: Violation[], policyName: string) =>
    violations.filter((v) => v.policyName === policyName);

describe("evaluate", () => {
    describe("readExport", () => {
        it("returns the resources of a version 3 export", () => {
            assert.deepStrictEqual(readExport(stackExport([unencryptedDb])), [unencryptedDb]);
            assert.deepStrictEqual(readExport({ version: 3, deployment: {} }), []);
        });
        it("rejects anything else with a clear error", () => {
            assert.throws(() => readExport([]), /stack export must be a JSON object/);
            assert.throws(
                () => readExport({ version: 2, deployment: { resources: [] } }),
                /unsupported stack export version 2/,
            );
            assert.throws(
                () => readExport({ version: 3, deployment: { resources: {} } }),
                /deployment.resources must be an array/,
            );
            assert.throws(
                () => readExport({ version: 3, deployment: { resources: [{ type: "x" }] } }),
                /resource 0 must have string urn and type/,
            );
        });
    });

    describe("evaluateResources", () => {
        it("reports the seed findings as mandatory on each resource's URN", async () => {
            const violations = await evaluateResources([unencryptedDb, sshSg, fullAccess]);
            assert.deepStrictEqual(of(violations, "rds-storage-encrypted"), [
                {
                    policyName: "rds-storage-encrypted",
                    enforcementLevel: "mandatory",
                    urn: unencryptedDb.urn,
                    message: "RDS instance must set storageEncrypted to true.",
                },
            ]);
            assert.deepStrictEqual(of(violations, "security-group-no-public-risky-ports"), [
                {
                    policyName: "security-group-no-public-risky-ports",
                    enforcementLevel: "mandatory",
                    urn: sshSg.urn,
                    message:
                        "Security group must not allow ingress from 0.0.0.0/0 to port 22 (ingress[0]).",
                },
            ]);
            assert.deepStrictEqual(of(violations, "iam-no-admin-managed-policies"), [
                {
                    policyName: "iam-no-admin-managed-policies",
                    enforcementLevel: "mandatory",
                    urn: fullAccess.urn,
                    message:
                        "IAM role policy attachment must not attach AWS-managed policy CloudWatchLogsFullAccess (policyArn).",
                },
            ]);
        });
        it("finds no mandatory violation in the clean stack", async () => {
            const violations = await evaluateResources(cleanStack());
            assert.deepStrictEqual(
                violations.filter((v) => v.enforcementLevel === "mandatory"),
                [],
            );
        });
        it("reports stack-wide findings on the stack URN", async () => {
            const stack = {
                urn: "urn:pulumi:test::tng::pulumi:pulumi:Stack::tng-test",
                type: "pulumi:pulumi:Stack",
                custom: false,
            };
            const violations = await evaluateResources([
                stack,
                exported(aws.kms.Key, "key", { enableKeyRotation: true }),
            ]);
            assert.deepStrictEqual(
                of(violations, "cloudtrail-present").map((v) => v.urn),
                [stack.urn],
            );
        });
        it("skips components and providers", async () => {
            const component = {
                ...unencryptedDb,
                urn: "urn:pulumi:test::tng::tng:db:Database::db",
                custom: false,
            };
            const provider = {
                ...unencryptedDb,
                urn: "urn:pulumi:test::tng::pulumi:providers:aws::default",
                type: "pulumi:providers:aws",
            };
            assert.deepStrictEqual(await evaluateResources([component, provider]), []);
        });
        it("reports the unknown sentinel in export inputs as could not check, not as a pass or a violation", async () => {
            const unknownDb = {
                ...unencryptedDb,
                inputs: { ...unencryptedDb.inputs, storageEncrypted: UNKNOWN_STRING },
            };
            const found = of(await evaluateResources([unknownDb]), "rds-storage-encrypted");
            assert.deepStrictEqual(found, [
                {
                    policyName: "rds-storage-encrypted",
                    enforcementLevel: "advisory",
                    urn: unknownDb.urn,
                    message: "could not check storageEncrypted: value unknown/secret",
                    couldNotCheck: true,
                },
            ]);
            assert.deepStrictEqual(definiteViolations(found), []);
        });
        for (const [what, secret] of [
            [
                "an encrypted secret (export without --show-secrets)",
                {
                    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                    ciphertext: "v1:abc",
                },
            ],
            ["the offline [secret] placeholder", "[secret]"],
        ] as const) {
            it(`reports ${what} as could not check`, async () => {
                const secretDb = {
                    ...unencryptedDb,
                    inputs: { ...unencryptedDb.inputs, storageEncrypted: secret },
                };
                const found = await evaluateResources([secretDb]);
                assert.deepStrictEqual(
                    of(found, "rds-storage-encrypted").map((v) => [v.couldNotCheck, v.message]),
                    [[true, "could not check storageEncrypted: value unknown/secret"]],
                );
                assert.match(
                    formatReport(found),
                    /^could-not-check rds-storage-encrypted urn:\S+: could not check storageEncrypted: value unknown\/secret$/m,
                );
                assert.match(
                    formatReport(found),
                    new RegExp(`, ${uncheckedFindings(found).length} could not check$`),
                );
            });
        }
        it("reads a decrypted secret (--show-secrets) as its plaintext", async () => {
            const shown = {
                ...unencryptedDb,
                inputs: {
                    ...unencryptedDb.inputs,
                    storageEncrypted: {
                        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                        plaintext: "true",
                    },
                },
            };
            assert.deepStrictEqual(
                of(await evaluateResources([shown]), "rds-storage-encrypted"),
                [],
            );
        });
        it("applies per-stack enforcement levels", async () => {
            const advisory = await evaluateResources([unencryptedDb], {
                "rds-storage-encrypted": "advisory",
            });
            assert.deepStrictEqual(
                of(advisory, "rds-storage-encrypted").map((v) => v.enforcementLevel),
                ["advisory"],
            );
            const disabled = await evaluateResources([unencryptedDb], {
                "rds-storage-encrypted": { enforcementLevel: "disabled" },
            });
            assert.deepStrictEqual(of(disabled, "rds-storage-encrypted"), []);
            const raised = await evaluateResources([unencryptedDb], {
                "rds-multi-az": "mandatory",
            });
            assert.deepStrictEqual(
                of(raised, "rds-multi-az").map((v) => v.enforcementLevel),
                ["mandatory"],
            );
        });
        it("applies schema defaults and per-stack parameters", async () => {
            const db = exported(aws.rds.Instance, "db", {
                instanceClass: "db.t4g.micro",
                backupRetentionPeriod: 10,
            });
            assert.deepStrictEqual(of(await evaluateResources([db]), "rds-backup-retention"), []);
            const stricter = await evaluateResources([db], {
                "rds-backup-retention": { minDays: 14 },
            });
            assert.deepStrictEqual(
                of(stricter, "rds-backup-retention").map((v) => v.message),
                ["RDS instance must set backupRetentionPeriod to at least 14 days."],
            );
        });
        it("rejects config for unknown policies or parameters", async () => {
            await assert.rejects(
                evaluateResources([], { "no-such-policy": "advisory" }),
                /unknown policy "no-such-policy"/,
            );
            await assert.rejects(
                evaluateResources([], { "rds-backup-retention": { days: 3 } }),
                /has no parameter "days"/,
            );
            await assert.rejects(
                evaluateResources([], { "rds-backup-retention": { minDays: "7" } }),
                /must be of type integer/,
            );
        });
    });

    describe("formatReport", () => {
        it("prints mandatory lines first, then a summary", () => {
            const report = formatReport([
                {
                    policyName: "rds-multi-az",
                    enforcementLevel: "advisory",
                    urn: "urn:b",
                    message: "B.",
                },
                {
                    policyName: "rds-storage-encrypted",
                    enforcementLevel: "mandatory",
                    urn: "urn:a",
                    message: "A.",
                },
            ]);
            assert.strictEqual(
                report,
                [
                    "mandatory rds-storage-encrypted urn:a: A.",
                    "advisory rds-multi-az urn:b: B.",
                    "policy: 1 mandatory, 1 advisory violations",
                ].join("\n"),
            );
            assert.strictEqual(formatReport([]), "policy: 0 mandatory, 0 advisory violations");
        });
    });

    describe("loadPolicyConfig", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-policy-config-"));
        const write = (name: string, text: string) => {
            const file = path.join(dir, name);
            fs.writeFileSync(file, text);
            return file;
        };
        it("loads the dev and prod stack configs", () => {
            for (const stack of ["dev", "prod"]) {
                const config = loadPolicyConfig(
                    path.join(PROJECT_ROOT, "policies", "config", `${stack}.json`),
                );
                assert.ok(Object.keys(config).length > 0);
            }
            assert.deepStrictEqual(loadPolicyConfig(undefined), {});
        });
        it("names the file on bad JSON, unknown policies and unreadable files", () => {
            const bad = write("bad.json", "{ nope");
            assert.throws(
                () => loadPolicyConfig(bad),
                new RegExp(`policy config ${bad} is not valid JSON`),
            );
            const unknownPolicy = write(
                "unknown.json",
                JSON.stringify({ "rds-everything": "mandatory" }),
            );
            assert.throws(
                () => loadPolicyConfig(unknownPolicy),
                new RegExp(`policy config ${unknownPolicy}: unknown policy "rds-everything"`),
            );
            assert.throws(
                () => loadPolicyConfig(path.join(dir, "missing.json")),
                /cannot read policy config/,
            );
        });
    });

    describe("npm run policy", function () {
        this.timeout(60000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-policy-cli-"));
        const run = policyCli;
        const writeExport = (name: string, resources: ExportedResource[]) => {
            const file = path.join(dir, name);
            fs.writeFileSync(file, JSON.stringify(stackExport(resources)));
            return file;
        };

        const violating = [
            ["an unencrypted RDS instance", unencryptedDb, "rds-storage-encrypted"],
            ["SSH open to 0.0.0.0/0", sshSg, "security-group-no-public-risky-ports"],
            ["a CloudWatchLogsFullAccess attachment", fullAccess, "iam-no-admin-managed-policies"],
        ] as const;
        // One run over a stack holding all three (one pack evaluation instead of three): each case
        // still asserts its own mandatory line, the exit code and the summary.
        let violatingRun: ReturnType<typeof run> | undefined;
        const runViolating = () =>
            (violatingRun ??= run(
                writeExport("violating.json", [...cleanStack(), ...violating.map((v) => v[1])]),
            ));
        for (const [title, resource, policyName] of violating) {
            it(`exits 1 naming the URN as mandatory for ${title}`, async () => {
                const result = await runViolating();
                assert.strictEqual(result.status, 1, result.stderr);
                assert.ok(
                    result.stdout
                        .split("\n")
                        .includes(
                            `mandatory ${policyName} ${resource.urn}: ${
                                policyName === "rds-storage-encrypted"
                                    ? "RDS instance must set storageEncrypted to true."
                                    : policyName === "security-group-no-public-risky-ports"
                                      ? "Security group must not allow ingress from 0.0.0.0/0 to port 22 (ingress[0])."
                                      : "IAM role policy attachment must not attach AWS-managed policy CloudWatchLogsFullAccess (policyArn)."
                            }`,
                        ),
                    result.stdout,
                );
                assert.match(result.stdout, /^policy: \d+ mandatory, \d+ advisory violations$/m);
            });
        }
        it("exits 0 on a clean stack, with or without a stack config", async () => {
            const file = writeExport("clean.json", cleanStack());
            const plain = await run(file);
            assert.strictEqual(plain.status, 0, plain.stdout + plain.stderr);
            assert.match(plain.stdout, /^policy: 0 mandatory, \d+ advisory violations$/m);
            const prod = await run(file, "--config", "policies/config/prod.json");
            assert.strictEqual(prod.status, 0, prod.stdout + prod.stderr);
        });
        it("exits 2 with one line on a missing file or bad JSON, and the usage line with no argument", async () => {
            const bad = path.join(dir, "bad.json");
            fs.writeFileSync(bad, "not json");
            // The tools' one style (lib/cli.ts): "policy: <problem>", and the usage line after a
            // usage mistake.
            for (const [args, expected] of [
                [[path.join(dir, "missing.json")], /^policy: .*missing\.json: no such file\n$/],
                [[bad], /^policy: .*bad\.json is not valid JSON: .+\n$/],
                [[], /^policy: missing FILE\nusage: npm run policy -- FILE .*\n$/],
            ] as [string[], RegExp][]) {
                const result = await run(...args);
                assert.strictEqual(result.status, 2, result.stdout);
                assert.match(result.stderr, expected);
            }
        });
        it("exits 2 naming the config file when it is invalid", async () => {
            const config = path.join(dir, "config.json");
            fs.writeFileSync(config, JSON.stringify({ "no-such-policy": "advisory" }));
            const result = await run(writeExport("clean2.json", cleanStack()), "--config", config);
            assert.strictEqual(result.status, 2);
            assert.match(result.stderr, new RegExp(`policy config ${config}: unknown policy`));
        });
    });
});
