/**
 * Database: the pure helpers (instance-class table, sized parameters, apply methods, Extended
 * Support dates, cost and warning), the component's children and their inputs for a dev-like,
 * a prod-like, a PostgreSQL 16 and a snapshot-restore configuration, and every validation message.
 *
 * The mocks prove what the program asks RDS for, not that AWS accepts it (for example that the
 * postgres13 family takes these values, or that a restore honours kmsKeyId). Resource options
 * (protect, ignoreChanges, dependsOn) are read from the registration requests, which the shared
 * recorder does not keep.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Database, DatabaseArgs, validateDatabaseArgs } from "../components/data/database";
import { instanceClassSize } from "../components/data/instanceClasses";
import {
    engineMajor,
    engineSupportStatus,
    extendedSupportCalendar,
    extendedSupportWarning,
} from "../components/data/postgresEngine";
import {
    applyMethodOf,
    parameterGroupParameters,
    sizedParameters,
} from "../components/data/postgresParameters";
import {
    MOCK_ACCOUNT_ID,
    RecordedOptions,
    RecordedResource,
    ResourceRecorder,
} from "../offline/mocks";
import { freshMocks, optionsByName, policyStatements, settle, unwrap } from "./harness";

const COMPONENT = "tng:data:Database";
const INSTANCE = "aws:rds/instance:Instance";
const PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";
const SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

const KEY_ARN = "arn:aws:kms:ap-northeast-1:123456789012:key/stack-key-id";
const SUBNETS = ["subnet-isolated-a", "subnet-isolated-c"];
const APP_SG = "sg-app-tasks";
/** A fixed "now": PostgreSQL 13 in its first year of Extended Support, 16 in standard support. */
const NOW = new Date("2026-11-26T00:00:00Z");
const SNAPSHOT = "arn:aws:rds:ap-northeast-1:123456789012:snapshot:tng-prod-encrypted-copy";

const DEV_WARNING =
    "RDS for PostgreSQL 13 (engine 13.20) left standard support on 2026-02-28 and runs in RDS Extended Support (year 1), " +
    "billed per vCPU-hour on top of the instance: db.t3.micro has 2 vCPUs (npm run cost prices it). " +
    "Upgrade the major version: see the upgrade plan in docs/migration.md.";
const PROD_WARNING =
    "RDS for PostgreSQL 13 (engine 13.20) left standard support on 2026-02-28 and runs in RDS Extended Support (year 1), " +
    "billed per vCPU-hour on top of the instance: db.t3.xlarge has 4 vCPUs, billed twice for Multi-AZ (npm run cost prices it). " +
    "Upgrade the major version: see the upgrade plan in docs/migration.md.";

/** The dev stack's values (Pulumi.dev.yaml). */
function devArgs(overrides: Partial<DatabaseArgs> = {}): DatabaseArgs {
    return {
        vpcId: "vpc-1",
        subnetIds: SUBNETS,
        clientSecurityGroupId: APP_SG,
        kmsKeyArn: KEY_ARN,
        accountId: MOCK_ACCOUNT_ID,
        instanceClass: "db.t3.micro",
        engineVersion: "13.20",
        databaseName: "tng",
        username: "tng",
        allocatedStorage: 40,
        maxAllocatedStorage: 100,
        storageType: "gp3",
        multiAz: false,
        backupRetentionDays: 3,
        backupWindow: "13:15-13:45",
        maintenanceWindow: "wed:16:20-wed:16:50",
        deletionProtection: true,
        protect: false,
        performanceInsights: false,
        monitoringInterval: 0,
        parameters: {},
        logRetentionDays: 30,
        now: NOW,
        ...overrides,
    };
}

/** The prod stack's values (Pulumi.prod.yaml). */
function prodArgs(overrides: Partial<DatabaseArgs> = {}): DatabaseArgs {
    return devArgs({
        instanceClass: "db.t3.xlarge",
        maxAllocatedStorage: 200,
        multiAz: true,
        backupRetentionDays: 14,
        protect: true,
        performanceInsights: true,
        monitoringInterval: 60,
        logRetentionDays: 365,
        ...overrides,
    });
}

interface Built {
    recorder: ResourceRecorder;
    db: Database;
    options: Map<string, RecordedOptions>;
    warnings: string[];
}

/** Builds a Database named "t" under fresh mocks, capturing options and pulumi.log.warn messages. */
async function build(args: DatabaseArgs): Promise<Built> {
    const recorder = await freshMocks();
    const warnings: string[] = [];
    const log = pulumi.log as { warn: typeof pulumi.log.warn };
    const original = log.warn;
    log.warn = (message: string) => {
        warnings.push(message);
        return Promise.resolve();
    };
    let db: Database;
    try {
        db = new Database("t", args);
    } finally {
        log.warn = original;
    }
    await settle();
    return { recorder, db, options: optionsByName(recorder), warnings };
}

function inputs(recorder: ResourceRecorder, type: string, name: string): Record<string, unknown> {
    return recorder.get(type, name).inputs;
}

function children(recorder: ResourceRecorder): string[][] {
    return recorder.resources.map((r: RecordedResource) => [r.type, r.name]);
}

/** Every object key anywhere in a value. */
function keysOf(value: unknown, into: Set<string> = new Set()): Set<string> {
    if (Array.isArray(value)) {
        value.forEach((v) => keysOf(v, into));
    } else if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            into.add(k);
            keysOf(v, into);
        }
    }
    return into;
}

/** Asserts that no recorded input or output carries a password: no key, no value mentioning one. */
function assertNoPassword(recorder: ResourceRecorder): void {
    for (const r of recorder.resources) {
        for (const part of [r.inputs, r.outputs]) {
            const keys = [...keysOf(part)];
            assert.deepStrictEqual(
                keys.filter((k) => /password/i.test(k) && k !== "manageMasterUserPassword"),
                [],
                `${r.name} has a password key`,
            );
            const text = JSON.stringify(part).replace(/"manageMasterUserPassword":true/g, "");
            assert.ok(!/password/i.test(text), `${r.name} mentions a password: ${text}`);
        }
    }
}

/** The sized parameters of db.t3.micro (1 GiB, 2 vCPUs). */
const MICRO_PARAMETERS = {
    autovacuum: "1",
    autovacuum_analyze_scale_factor: "0.02",
    autovacuum_max_workers: "3",
    autovacuum_vacuum_scale_factor: "0.05",
    checkpoint_completion_target: "0.9",
    checkpoint_timeout: "900",
    effective_cache_size: "98304", // 768 MiB in 8 kB pages
    log_autovacuum_min_duration: "10000",
    log_checkpoints: "1",
    log_min_duration_statement: "1000",
    log_statement: "none",
    maintenance_work_mem: "65536", // 64 MiB floor
    max_connections: "LEAST({DBInstanceClassMemory/9531392},5000)",
    "rds.force_ssl": "1",
    shared_buffers: "{DBInstanceClassMemory/32768}",
    work_mem: "4096", // 4 MiB
};

/** The sized parameters of db.t3.xlarge (16 GiB, 4 vCPUs). */
const XLARGE_PARAMETERS = {
    ...MICRO_PARAMETERS,
    effective_cache_size: "1572864", // 12 GiB in 8 kB pages
    maintenance_work_mem: "524288", // 512 MiB
    work_mem: "65536", // 64 MiB
};

const STATIC = new Set(["autovacuum_max_workers", "max_connections", "shared_buffers"]);

/** The expected parameter-group parameters, sorted by name, with their apply methods. */
function expectedParameters(
    values: Record<string, string>,
): { name: string; value: string; applyMethod: string }[] {
    return Object.keys(values)
        .sort()
        .map((name) => ({
            name,
            value: values[name],
            applyMethod: STATIC.has(name) ? "pending-reboot" : "immediate",
        }));
}

/** What engineVersion may be, as the component says it. */
const PG_VERSIONS =
    "a PostgreSQL version MAJOR.MINOR, or RDS's Extended Support name MAJOR.MINOR-rds.YYYYMMDD, with major 13 to 17, such as 13.20 or 13.20-rds.20250220 (list what RDS still creates: aws rds describe-db-engine-versions --engine postgres --query \"DBEngineVersions[?Status=='available'].EngineVersion\" --output text)";

describe("Database helpers", () => {
    describe("instanceClassSize", () => {
        it("knows the memory and vCPUs of the stacks' classes and the largest sizes", () => {
            assert.deepStrictEqual(instanceClassSize("db.t3.micro"), { memoryGiB: 1, vCpus: 2 });
            assert.deepStrictEqual(instanceClassSize("db.t3.xlarge"), { memoryGiB: 16, vCpus: 4 });
            assert.deepStrictEqual(instanceClassSize("db.t4g.2xlarge"), {
                memoryGiB: 32,
                vCpus: 8,
            });
            assert.deepStrictEqual(instanceClassSize("db.m6g.large"), { memoryGiB: 8, vCpus: 2 });
            assert.deepStrictEqual(instanceClassSize("db.r6g.xlarge"), { memoryGiB: 32, vCpus: 4 });
            assert.deepStrictEqual(instanceClassSize("db.m5.24xlarge"), {
                memoryGiB: 384,
                vCpus: 96,
            });
            assert.deepStrictEqual(instanceClassSize("db.r7i.48xlarge"), {
                memoryGiB: 1536,
                vCpus: 192,
            });
        });

        for (const unknown of [
            "db.m5.micro",
            "db.t3.4xlarge",
            "db.r6g.24xlarge",
            "db.x2g.large",
            "t3.micro",
        ]) {
            it(`refuses ${unknown} with a clear message`, () => {
                assert.throws(() => instanceClassSize(unknown), {
                    message:
                        `Database instanceClass "${unknown}" has no known memory and vCPU count: ` +
                        "use one of the sizes in INSTANCE_CLASSES (components/data/instanceClasses.ts) or add it there.",
                });
                assert.throws(() => sizedParameters(unknown), /has no known memory and vCPU count/);
            });
        }
    });

    describe("sizedParameters", () => {
        it("sizes every value for db.t3.micro", () => {
            assert.deepStrictEqual(sizedParameters("db.t3.micro"), MICRO_PARAMETERS);
        });

        it("sizes every value for db.t3.xlarge", () => {
            assert.deepStrictEqual(sizedParameters("db.t3.xlarge"), XLARGE_PARAMETERS);
        });

        it("caps work_mem and maintenance_work_mem and adds autovacuum workers on large classes", () => {
            const p = sizedParameters("db.r6i.16xlarge"); // 512 GiB, 64 vCPUs
            assert.strictEqual(p.work_mem, String(256 * 1024));
            assert.strictEqual(p.maintenance_work_mem, String(1024 * 1024));
            assert.strictEqual(p.autovacuum_max_workers, "8");
            assert.strictEqual(sizedParameters("db.m5.4xlarge").autovacuum_max_workers, "4"); // 16 vCPUs
        });
    });

    describe("parameterGroupParameters", () => {
        it("lists the sized values sorted by name with their apply methods", () => {
            assert.deepStrictEqual(
                parameterGroupParameters("db.t3.micro"),
                expectedParameters(MICRO_PARAMETERS),
            );
        });

        it("lets overrides win over sized values and adds new ones", () => {
            const params = parameterGroupParameters("db.t3.xlarge", {
                work_mem: "16384",
                max_connections: "400",
                statement_timeout: "30000",
                "pg_stat_statements.max": "10000",
                "rds.force_ssl": "1",
            });
            assert.deepStrictEqual(
                params,
                expectedParameters({
                    ...XLARGE_PARAMETERS,
                    work_mem: "16384",
                    max_connections: "400",
                })
                    .concat([
                        {
                            name: "pg_stat_statements.max",
                            value: "10000",
                            applyMethod: "pending-reboot",
                        },
                        { name: "statement_timeout", value: "30000", applyMethod: "immediate" },
                    ])
                    .sort((a, b) => (a.name < b.name ? -1 : 1)),
            );
        });

        for (const value of ["0", "false", ""]) {
            it(`refuses rds.force_ssl = ${JSON.stringify(value)}`, () => {
                assert.throws(
                    () => parameterGroupParameters("db.t3.micro", { "rds.force_ssl": value }),
                    {
                        message: `Database parameters must not override rds.force_ssl (got ${JSON.stringify(value)}): TLS is required for every connection.`,
                    },
                );
            });
        }

        for (const value of ["ddl", "mod", "all", "DDL"]) {
            it(`refuses log_statement = ${JSON.stringify(value)} (it would log ALTER ROLE … PASSWORD)`, () => {
                assert.throws(
                    () => parameterGroupParameters("db.t3.micro", { log_statement: value }),
                    {
                        message: `Database parameters must not set log_statement to ${JSON.stringify(value)}: ddl, mod and all log ALTER ROLE … PASSWORD with the password; keep none (slow statements are logged through log_min_duration_statement).`,
                    },
                );
            });
        }

        it("accepts log_statement = none as an override, and sets none itself", () => {
            const params = parameterGroupParameters("db.t3.micro", { log_statement: "none" });
            assert.deepStrictEqual(
                params.filter((p) => p.name.startsWith("log_")).map((p) => [p.name, p.value]),
                [
                    ["log_autovacuum_min_duration", "10000"],
                    ["log_checkpoints", "1"],
                    ["log_min_duration_statement", "1000"],
                    ["log_statement", "none"],
                ],
            );
        });

        it("applies static parameters at the next reboot, dynamic ones immediately", () => {
            for (const name of [
                "shared_buffers",
                "max_connections",
                "autovacuum_max_workers",
                "shared_preload_libraries",
            ]) {
                assert.strictEqual(applyMethodOf(name), "pending-reboot", name);
            }
            for (const name of [
                "work_mem",
                "rds.force_ssl",
                "log_statement",
                "checkpoint_timeout",
                "autovacuum",
            ]) {
                assert.strictEqual(applyMethodOf(name), "immediate", name);
            }
            // Unknown names wait for a reboot: RDS accepts pending-reboot for any parameter.
            assert.strictEqual(applyMethodOf("some.unknown_parameter"), "pending-reboot");
        });
    });

    describe("engineSupportStatus", () => {
        it("puts 13.20 in its first year of Extended Support on the fixed date", () => {
            assert.deepStrictEqual(engineSupportStatus("13.20", NOW), {
                major: 13,
                family: "postgres13",
                standardSupportEnds: "2026-02-28",
                standardSupportEndsEstimated: false,
                inExtendedSupport: true,
                extendedSupportYear: 1,
                engineLifecycleSupport: "open-source-rds-extended-support",
            });
        });

        it("keeps 16.x in standard support and Extended Support disabled", () => {
            assert.deepStrictEqual(engineSupportStatus("16.4", NOW), {
                major: 16,
                family: "postgres16",
                standardSupportEnds: "2029-02-28",
                standardSupportEndsEstimated: false,
                inExtendedSupport: false,
                extendedSupportYear: undefined,
                engineLifecycleSupport: "open-source-rds-extended-support-disabled",
            });
        });

        it("switches the day after the last day of standard support (UTC)", () => {
            assert.strictEqual(
                engineSupportStatus("13.20", new Date("2026-02-28T23:59:59Z")).inExtendedSupport,
                false,
            );
            assert.strictEqual(
                engineSupportStatus("13.20", new Date("2026-03-01T00:00:00Z")).inExtendedSupport,
                true,
            );
            assert.strictEqual(
                engineSupportStatus("15.8", new Date("2028-02-29T12:00:00Z")).inExtendedSupport,
                false,
            );
        });

        it("counts support years from the first day of Extended Support, 3 at most", () => {
            const year = (day: string) =>
                engineSupportStatus("13.20", new Date(`${day}T00:00:00Z`)).extendedSupportYear;
            assert.deepStrictEqual(
                [
                    "2026-03-01",
                    "2027-02-28",
                    "2027-03-01",
                    "2028-02-29",
                    "2028-03-01",
                    "2030-01-01",
                ].map(year),
                [1, 1, 2, 2, 3, 3],
            );
            // Extended Support ends three years after standard support (PostgreSQL 13: 2029-02-28).
            assert.deepStrictEqual(extendedSupportCalendar(13), {
                start: "2026-03-01",
                year2: "2027-03-01",
                year3: "2028-03-01",
                end: "2029-02-28",
            });
            assert.throws(() => extendedSupportCalendar(12), {
                message: "No support dates for PostgreSQL 12 in STANDARD_SUPPORT_ENDS.",
            });
        });

        it("reads RDS's Extended Support version names (13.20-rds.20250220) as their major", () => {
            for (const v of ["13.20-rds.20250220", "13.20-RDS.20250220.R2.20250301"]) {
                assert.strictEqual(engineMajor(v), 13);
                assert.strictEqual(engineSupportStatus(v, NOW).family, "postgres13");
            }
        });

        it("marks PostgreSQL 17's date as an estimate", () => {
            const status = engineSupportStatus("17.2", NOW);
            assert.strictEqual(status.standardSupportEnds, "2030-02-28");
            assert.strictEqual(status.standardSupportEndsEstimated, true);
            assert.strictEqual(status.family, "postgres17");
        });

        for (const bad of ["12.22", "18.1", "13", "13.20.1", "v13.20"]) {
            it(`refuses engineVersion ${bad}`, () => {
                assert.throws(() => engineSupportStatus(bad, NOW), {
                    message: `Database engineVersion must be ${PG_VERSIONS} (got "${bad}").`,
                });
            });
        }
    });

    describe("extended support warning", () => {
        it("warns for 13 with the vCPUs it is billed on and where to price them", () => {
            assert.strictEqual(
                extendedSupportWarning("13.20", "db.t3.micro", false, NOW),
                DEV_WARNING,
            );
            assert.strictEqual(
                extendedSupportWarning("13.20", "db.t3.xlarge", true, NOW),
                PROD_WARNING,
            );
        });

        it("does not warn for 16", () => {
            assert.strictEqual(
                extendedSupportWarning("16.4", "db.t3.xlarge", true, NOW),
                undefined,
            );
        });
    });

    describe("validateDatabaseArgs", () => {
        it("accepts both stacks' values", () => {
            validateDatabaseArgs("tng-dev-db", devArgs());
            validateDatabaseArgs("tng-prod-db", prodArgs());
        });

        const cases: [string, string, Partial<DatabaseArgs>, string][] = [
            [
                "an unknown class",
                "t",
                { instanceClass: "db.t3.8xlarge" },
                'Database instanceClass "db.t3.8xlarge" has no known memory and vCPU count: use one of the sizes in INSTANCE_CLASSES (components/data/instanceClasses.ts) or add it there.',
            ],
            [
                "an unknown major",
                "t",
                { engineVersion: "12.22" },
                `Database engineVersion must be ${PG_VERSIONS} (got "12.22").`,
            ],
            [
                "TLS turned off",
                "t",
                { parameters: { "rds.force_ssl": "0" } },
                'Database parameters must not override rds.force_ssl (got "0"): TLS is required for every connection.',
            ],
            [
                "a ceiling below the storage",
                "t",
                { allocatedStorage: 60, maxAllocatedStorage: 50 },
                "Database maxAllocatedStorage (50) must be at least allocatedStorage (60).",
            ],
            [
                "no backups",
                "t",
                { backupRetentionDays: 0 },
                "Database backupRetentionDays must be an integer from 1 to 35 (got 0).",
            ],
            [
                "too long a retention",
                "t",
                { backupRetentionDays: 36 },
                "Database backupRetentionDays must be an integer from 1 to 35 (got 36).",
            ],
            [
                "io1 storage",
                "t",
                { storageType: "io1" },
                "Database storageType io1 needs provisioned IOPS, which this component does not set: use gp3 (3,000 IOPS baseline).",
            ],
            [
                "io2 storage",
                "t",
                { storageType: "io2" },
                "Database storageType io2 needs provisioned IOPS, which this component does not set: use gp3 (3,000 IOPS baseline).",
            ],
            [
                "an upper-case name",
                "Tng",
                {},
                'Database name "Tng" must be a valid RDS identifier (a lower-case letter, then lower-case letters, digits and single hyphens, at most 63, not ending in a hyphen).',
            ],
            [
                "a double hyphen",
                "tng--db",
                {},
                'Database name "tng--db" must be a valid RDS identifier (a lower-case letter, then lower-case letters, digits and single hyphens, at most 63, not ending in a hyphen).',
            ],
            [
                "a trailing hyphen",
                "tng-",
                {},
                'Database name "tng-" must be a valid RDS identifier (a lower-case letter, then lower-case letters, digits and single hyphens, at most 63, not ending in a hyphen).',
            ],
            [
                "64 characters",
                "a".repeat(64),
                {},
                `Database name "${"a".repeat(64)}" must be a valid RDS identifier (a lower-case letter, then lower-case letters, digits and single hyphens, at most 63, not ending in a hyphen).`,
            ],
        ];
        for (const [what, name, overrides, message] of cases) {
            it(`refuses ${what}`, () => {
                assert.throws(() => validateDatabaseArgs(name, devArgs(overrides)), { message });
            });
        }

        it("reports every problem at once", () => {
            assert.throws(
                () =>
                    validateDatabaseArgs(
                        "t",
                        devArgs({
                            instanceClass: "db.x.y",
                            backupRetentionDays: 0,
                            storageType: "io1",
                        }),
                    ),
                {
                    message: [
                        'Database instanceClass "db.x.y" has no known memory and vCPU count: use one of the sizes in INSTANCE_CLASSES (components/data/instanceClasses.ts) or add it there.',
                        "Database backupRetentionDays must be an integer from 1 to 35 (got 0).",
                        "Database storageType io1 needs provisioned IOPS, which this component does not set: use gp3 (3,000 IOPS baseline).",
                    ].join("\n"),
                },
            );
        });

        it("is what the constructor runs before creating any child", async () => {
            const recorder = await freshMocks();
            assert.throws(() => new Database("t", devArgs({ backupRetentionDays: 0 })), {
                message: "Database backupRetentionDays must be an integer from 1 to 35 (got 0).",
            });
            await settle();
            assert.deepStrictEqual(children(recorder), [[COMPONENT, "t"]]);
        });
    });
});

describe("Database (dev: 13.20 on db.t3.micro, single-AZ, no PI, no enhanced monitoring)", () => {
    let built: Built;
    before(async () => {
        built = await build(devArgs());
    });

    it("creates exactly the component, parameter group, subnet group, SG, two log groups and the instance", () => {
        assert.deepStrictEqual(
            children(built.recorder).sort(),
            [
                [LOG_GROUP, "t-postgresql-logs"],
                [LOG_GROUP, "t-upgrade-logs"],
                [SG, "t-sg"],
                [INSTANCE, "t-instance"],
                [PARAMETER_GROUP, "t-params"],
                [SUBNET_GROUP, "t-subnets"],
                [COMPONENT, "t"],
            ].sort(),
        );
        for (const r of built.recorder.resources.filter((r) => r.custom)) {
            assert.strictEqual(r.parent, "urn:pulumi:test::tng::tng:data:Database::t", r.name);
        }
    });

    it("has the postgres13 parameter group with the micro-sized values and TLS forced", () => {
        assert.deepStrictEqual(inputs(built.recorder, PARAMETER_GROUP, "t-params"), {
            family: "postgres13",
            description: "t: PostgreSQL 13, TLS forced, sized to the instance class",
            parameters: expectedParameters(MICRO_PARAMETERS),
        });
        const params = inputs(built.recorder, PARAMETER_GROUP, "t-params").parameters as {
            name: string;
            value: string;
        }[];
        assert.deepStrictEqual(
            params.filter((p) => p.name === "rds.force_ssl"),
            [{ name: "rds.force_ssl", value: "1", applyMethod: "immediate" }],
        );
    });

    it("puts the subnet group over the isolated subnets only", () => {
        assert.deepStrictEqual(inputs(built.recorder, SUBNET_GROUP, "t-subnets"), {
            description: "t: isolated subnets only",
            subnetIds: SUBNETS,
        });
    });

    it("admits 5432 only from the app's security group, with no egress", () => {
        assert.deepStrictEqual(inputs(built.recorder, SG, "t-sg"), {
            vpcId: "vpc-1",
            description: "t: PostgreSQL from the app tasks only",
            ingress: [
                {
                    protocol: "tcp",
                    fromPort: 5432,
                    toPort: 5432,
                    securityGroups: [APP_SG],
                    description: "PostgreSQL from the app tasks",
                },
            ],
            egress: [],
            tags: { Name: "t-sg" },
        });
    });

    it("creates the exported log groups first, encrypted with the stack key, with the stack's retention", () => {
        for (const log of ["postgresql", "upgrade"]) {
            assert.deepStrictEqual(inputs(built.recorder, LOG_GROUP, `t-${log}-logs`), {
                name: `/aws/rds/instance/t/${log}`,
                retentionInDays: 30,
                kmsKeyId: KEY_ARN,
            });
            assert.strictEqual(built.options.get(`t-${log}-logs`)?.protect, false);
        }
        const deps = built.options.get("t-instance")?.dependencies ?? [];
        for (const log of ["postgresql", "upgrade"]) {
            assert.ok(deps.includes(built.recorder.get(LOG_GROUP, `t-${log}-logs`).urn), log);
        }
    });

    it("asks for an encrypted, private instance with an RDS-managed password (exact inputs)", () => {
        assert.deepStrictEqual(inputs(built.recorder, INSTANCE, "t-instance"), {
            identifier: "t",
            engine: "postgres",
            engineVersion: "13.20",
            engineLifecycleSupport: "open-source-rds-extended-support",
            autoMinorVersionUpgrade: false,
            instanceClass: "db.t3.micro",
            parameterGroupName: "t-params",
            port: 5432,
            dbName: "tng",
            username: "tng",
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: KEY_ARN,
            iamDatabaseAuthenticationEnabled: true,
            caCertIdentifier: "rds-ca-rsa2048-g1",
            storageEncrypted: true,
            kmsKeyId: KEY_ARN,
            storageType: "gp3",
            allocatedStorage: 40,
            maxAllocatedStorage: 100,
            dbSubnetGroupName: "t-subnets",
            vpcSecurityGroupIds: ["t-sg-id"],
            publiclyAccessible: false,
            multiAz: false,
            backupRetentionPeriod: 3,
            backupWindow: "13:15-13:45",
            maintenanceWindow: "wed:16:20-wed:16:50",
            deletionProtection: true,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: "t-final",
            copyTagsToSnapshot: true,
            deleteAutomatedBackups: false,
            applyImmediately: false,
            allowMajorVersionUpgrade: true,
            enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
            performanceInsightsEnabled: false,
            monitoringInterval: 0,
        });
    });

    it("never passes a password, in any input or output", () => {
        const db = inputs(built.recorder, INSTANCE, "t-instance");
        assert.ok(!("password" in db));
        assert.ok(!("passwordWo" in db));
        assertNoPassword(built.recorder);
    });

    it("creates no monitoring role and no Performance Insights key", () => {
        assert.deepStrictEqual(built.recorder.ofType(ROLE), []);
        assert.deepStrictEqual(built.recorder.ofType(ATTACHMENT), []);
        const db = inputs(built.recorder, INSTANCE, "t-instance");
        assert.ok(!("monitoringRoleArn" in db));
        assert.ok(!("performanceInsightsKmsKeyId" in db));
        assert.ok(!("performanceInsightsRetentionPeriod" in db));
    });

    it("does not protect the instance, and ignores later engineLifecycleSupport changes", () => {
        assert.deepStrictEqual(built.options.get("t-instance"), {
            ...built.options.get("t-instance"),
            protect: false,
            ignoreChanges: ["engineLifecycleSupport"],
        });
    });

    it("warns once that 13 is in Extended Support, with the cost", () => {
        assert.deepStrictEqual(built.warnings, [DEV_WARNING]);
    });

    it("outputs the endpoint, port, names, secret ARN, SG and identifier", async () => {
        const expected = {
            endpoint: "t-instance.c0abcdefghij.ap-northeast-1.rds.amazonaws.com",
            port: 5432,
            databaseName: "tng",
            username: "tng",
            masterSecretArn:
                "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-t-instance-AbCdEf",
            securityGroupId: "t-sg-id",
            instanceIdentifier: "t",
        };
        assert.deepStrictEqual(built.recorder.get(COMPONENT, "t").outputs, expected);
        const db = built.db;
        assert.deepStrictEqual(
            {
                endpoint: await unwrap(db.endpoint),
                port: await unwrap(db.port),
                databaseName: await unwrap(db.databaseName),
                username: await unwrap(db.username),
                masterSecretArn: await unwrap(db.masterSecretArn),
                securityGroupId: await unwrap(db.securityGroupId),
                instanceIdentifier: await unwrap(db.instanceIdentifier),
            },
            expected,
        );
    });
});

describe("Database (prod: 13.20 on db.t3.xlarge, Multi-AZ, PI, enhanced monitoring, protect)", () => {
    let built: Built;
    before(async () => {
        built = await build(prodArgs());
    });

    it("adds exactly the monitoring role and its policy attachment", () => {
        assert.deepStrictEqual(
            children(built.recorder).sort(),
            [
                [LOG_GROUP, "t-postgresql-logs"],
                [LOG_GROUP, "t-upgrade-logs"],
                [SG, "t-sg"],
                [ROLE, "t-monitoring-role"],
                [ATTACHMENT, "t-monitoring"],
                [INSTANCE, "t-instance"],
                [PARAMETER_GROUP, "t-params"],
                [SUBNET_GROUP, "t-subnets"],
                [COMPONENT, "t"],
            ].sort(),
        );
    });

    it("has the xlarge-sized parameter group", () => {
        assert.deepStrictEqual(
            inputs(built.recorder, PARAMETER_GROUP, "t-params").parameters,
            expectedParameters(XLARGE_PARAMETERS),
        );
        assert.strictEqual(
            inputs(built.recorder, PARAMETER_GROUP, "t-params").family,
            "postgres13",
        );
    });

    it("lets only this account's RDS monitoring service assume the role", () => {
        const role = inputs(built.recorder, ROLE, "t-monitoring-role");
        assert.deepStrictEqual(policyStatements(role.assumeRolePolicy), [
            {
                Effect: "Allow",
                Principal: { Service: "monitoring.rds.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
            },
        ]);
        assert.deepStrictEqual(inputs(built.recorder, ATTACHMENT, "t-monitoring"), {
            role: "t-monitoring-role",
            policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        });
    });

    it("sets Multi-AZ, the longer retention, PI with the stack key and the monitoring role", () => {
        const db = inputs(built.recorder, INSTANCE, "t-instance");
        assert.deepStrictEqual(
            {
                instanceClass: db.instanceClass,
                multiAz: db.multiAz,
                backupRetentionPeriod: db.backupRetentionPeriod,
                maxAllocatedStorage: db.maxAllocatedStorage,
                performanceInsightsEnabled: db.performanceInsightsEnabled,
                performanceInsightsKmsKeyId: db.performanceInsightsKmsKeyId,
                performanceInsightsRetentionPeriod: db.performanceInsightsRetentionPeriod,
                monitoringInterval: db.monitoringInterval,
                monitoringRoleArn: db.monitoringRoleArn,
                storageEncrypted: db.storageEncrypted,
                kmsKeyId: db.kmsKeyId,
                publiclyAccessible: db.publiclyAccessible,
                deletionProtection: db.deletionProtection,
                skipFinalSnapshot: db.skipFinalSnapshot,
            },
            {
                instanceClass: "db.t3.xlarge",
                multiAz: true,
                backupRetentionPeriod: 14,
                maxAllocatedStorage: 200,
                performanceInsightsEnabled: true,
                performanceInsightsKmsKeyId: KEY_ARN,
                performanceInsightsRetentionPeriod: 7,
                monitoringInterval: 60,
                monitoringRoleArn: built.recorder.get(ROLE, "t-monitoring-role").outputs.arn,
                storageEncrypted: true,
                kmsKeyId: KEY_ARN,
                publiclyAccessible: false,
                deletionProtection: true,
                skipFinalSnapshot: false,
            },
        );
        // The role has its policy before RDS validates it.
        const deps = built.options.get("t-instance")?.dependencies ?? [];
        assert.ok(deps.includes(built.recorder.get(ATTACHMENT, "t-monitoring").urn));
    });

    it("protects the instance and its log groups, nothing else", () => {
        const protectedNames = [...built.options.entries()]
            .filter(([, o]) => o.protect)
            .map(([n]) => n)
            .sort();
        assert.deepStrictEqual(protectedNames, [
            "t-instance",
            "t-postgresql-logs",
            "t-upgrade-logs",
        ]);
        for (const log of ["postgresql", "upgrade"]) {
            assert.strictEqual(
                inputs(built.recorder, LOG_GROUP, `t-${log}-logs`).retentionInDays,
                365,
            );
        }
    });

    it("warns with the Multi-AZ monthly estimate", () => {
        assert.deepStrictEqual(built.warnings, [PROD_WARNING]);
    });

    it("never passes a password", () => {
        assertNoPassword(built.recorder);
    });
});

describe("Database (16.x: standard support)", () => {
    let built: Built;
    before(async () => {
        built = await build(devArgs({ engineVersion: "16.4", monitoringInterval: 5 }));
    });

    it("uses the postgres16 family", () => {
        assert.strictEqual(
            inputs(built.recorder, PARAMETER_GROUP, "t-params").family,
            "postgres16",
        );
        assert.strictEqual(
            inputs(built.recorder, PARAMETER_GROUP, "t-params").description,
            "t: PostgreSQL 16, TLS forced, sized to the instance class",
        );
    });

    it("creates the instance with Extended Support disabled", () => {
        const db = inputs(built.recorder, INSTANCE, "t-instance");
        assert.strictEqual(db.engineVersion, "16.4");
        assert.strictEqual(db.engineLifecycleSupport, "open-source-rds-extended-support-disabled");
    });

    it("logs no warning", () => {
        assert.deepStrictEqual(built.warnings, []);
    });

    it("creates the monitoring role for any interval above 0", () => {
        assert.strictEqual(built.recorder.ofType(ROLE).length, 1);
        assert.strictEqual(built.recorder.ofType(ATTACHMENT).length, 1);
        assert.strictEqual(inputs(built.recorder, INSTANCE, "t-instance").monitoringInterval, 5);
    });
});

describe("Database (restore from the encrypted production snapshot copy)", () => {
    let built: Built;
    before(async () => {
        built = await build(
            prodArgs({ snapshotIdentifier: SNAPSHOT, parameters: { work_mem: "32768" } }),
        );
    });

    it("passes the snapshot and leaves out the name and user RDS takes from it", () => {
        const db = inputs(built.recorder, INSTANCE, "t-instance");
        assert.strictEqual(db.snapshotIdentifier, SNAPSHOT);
        assert.ok(!("dbName" in db));
        assert.ok(!("username" in db));
    });

    it("still encrypts with the stack key and lets RDS manage the password", () => {
        const db = inputs(built.recorder, INSTANCE, "t-instance");
        assert.deepStrictEqual(
            {
                storageEncrypted: db.storageEncrypted,
                kmsKeyId: db.kmsKeyId,
                manageMasterUserPassword: db.manageMasterUserPassword,
                masterUserSecretKmsKeyId: db.masterUserSecretKmsKeyId,
                publiclyAccessible: db.publiclyAccessible,
                skipFinalSnapshot: db.skipFinalSnapshot,
                finalSnapshotIdentifier: db.finalSnapshotIdentifier,
            },
            {
                storageEncrypted: true,
                kmsKeyId: KEY_ARN,
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: KEY_ARN,
                publiclyAccessible: false,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: "t-final",
            },
        );
        assertNoPassword(built.recorder);
    });

    it("applies the override on top of the sized values", () => {
        assert.deepStrictEqual(
            inputs(built.recorder, PARAMETER_GROUP, "t-params").parameters,
            expectedParameters({ ...XLARGE_PARAMETERS, work_mem: "32768" }),
        );
    });

    it("still outputs the master secret ARN", async () => {
        assert.strictEqual(
            await unwrap(built.db.masterSecretArn),
            "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-t-instance-AbCdEf",
        );
    });
});
