/**
 * Database: RDS for PostgreSQL in the isolated subnets, encrypted with the stack key, with its own
 * parameter group (TLS forced, sized to the instance class), an RDS-managed master password in
 * Secrets Manager, KMS-encrypted log groups for the exported logs, and an optional Enhanced
 * Monitoring role. It can be created from an encrypted copy of the production snapshot.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DATA_PORTS } from "../app/appIdentity";

// ------------------------------------------------------------------------------------------------
// Instance classes
// ------------------------------------------------------------------------------------------------

/** Memory and vCPUs of an RDS instance class. */
export interface InstanceClassSize {
    readonly memoryGiB: number;
    readonly vCpus: number;
}

const BURSTABLE: Readonly<Record<string, InstanceClassSize>> = {
    micro: { memoryGiB: 1, vCpus: 2 },
    small: { memoryGiB: 2, vCpus: 2 },
    medium: { memoryGiB: 4, vCpus: 2 },
    large: { memoryGiB: 8, vCpus: 2 },
    xlarge: { memoryGiB: 16, vCpus: 4 },
    "2xlarge": { memoryGiB: 32, vCpus: 8 },
};

/** General purpose (4 GiB per vCPU) or memory optimised (8 GiB per vCPU), `large` and up. */
function fixedPerformance(
    gibPerVcpu: number,
    multiples: readonly number[],
): Record<string, InstanceClassSize> {
    const sizes: Record<string, InstanceClassSize> = {
        large: { memoryGiB: 2 * gibPerVcpu, vCpus: 2 },
        xlarge: { memoryGiB: 4 * gibPerVcpu, vCpus: 4 },
    };
    for (const n of multiples) {
        sizes[`${n}xlarge`] = { memoryGiB: 4 * n * gibPerVcpu, vCpus: 4 * n };
    }
    return sizes;
}

const GRAVITON = [2, 4, 8, 12, 16]; // m6g/m7g/r6g/r7g stop at 16xlarge
const INTEL_5 = [2, 4, 8, 12, 16, 24];
const INTEL_6 = [2, 4, 8, 12, 16, 24, 32];
const INTEL_7 = [2, 4, 8, 12, 16, 24, 48];

/**
 * Memory and vCPUs of every family the `database.instanceClass` setting accepts, from the AWS
 * instance-type specifications (the sizes RDS offers; availability per region still varies).
 */
export const INSTANCE_CLASSES: Readonly<
    Record<string, Readonly<Record<string, InstanceClassSize>>>
> = {
    t3: BURSTABLE,
    t4g: BURSTABLE,
    m5: fixedPerformance(4, INTEL_5),
    m6g: fixedPerformance(4, GRAVITON),
    m6i: fixedPerformance(4, INTEL_6),
    m7g: fixedPerformance(4, GRAVITON),
    m7i: fixedPerformance(4, INTEL_7),
    r5: fixedPerformance(8, INTEL_5),
    r6g: fixedPerformance(8, GRAVITON),
    r6i: fixedPerformance(8, INTEL_6),
    r7g: fixedPerformance(8, GRAVITON),
    r7i: fixedPerformance(8, INTEL_7),
};

/** Memory and vCPUs of `db.<family>.<size>`; throws for a class missing from {@link INSTANCE_CLASSES}. */
export function instanceClassSize(instanceClass: string): InstanceClassSize {
    const [prefix, family, size] = instanceClass.split(".");
    const found =
        prefix === "db" && family !== undefined && size !== undefined
            ? INSTANCE_CLASSES[family]?.[size]
            : undefined;
    if (found === undefined) {
        throw new Error(
            `Database instanceClass ${JSON.stringify(instanceClass)} has no known memory and vCPU count: ` +
                `use one of the sizes in INSTANCE_CLASSES (components/data/database.ts) or add it there.`,
        );
    }
    return found;
}

/**
 * The max_connections RDS derives from its default formula LEAST({DBInstanceClassMemory/9531392},
 * 5000), taking DBInstanceClassMemory as 90 % of the class's memory (RDS reserves some for the OS;
 * observed values sit 8-12 % under the nominal ones). An estimate for alarm thresholds only.
 */
export function estimatedMaxConnections(instanceClass: string): number {
    const bytes = instanceClassSize(instanceClass).memoryGiB * 1024 ** 3 * 0.9;
    return Math.min(Math.floor(bytes / 9531392), 5000);
}

// ------------------------------------------------------------------------------------------------
// Parameter group
// ------------------------------------------------------------------------------------------------

/** How RDS applies a parameter change. */
export type ApplyMethod = "immediate" | "pending-reboot";

/** One parameter of the custom parameter group. */
export interface ParameterSpec {
    readonly name: string;
    readonly value: string;
    readonly applyMethod: ApplyMethod;
}

/**
 * PostgreSQL 13 parameters that take effect only after a restart (context `postmaster`). RDS
 * refuses `immediate` for them. The list covers what we set plus the usual overrides.
 */
export const STATIC_PARAMETERS: ReadonlySet<string> = new Set([
    "autovacuum_freeze_max_age",
    "autovacuum_max_workers",
    "autovacuum_multixact_freeze_max_age",
    "huge_pages",
    "max_connections",
    "max_locks_per_transaction",
    "max_logical_replication_workers",
    "max_pred_locks_per_transaction",
    "max_prepared_transactions",
    "max_replication_slots",
    "max_wal_senders",
    "max_worker_processes",
    "pg_stat_statements.max",
    "rds.logical_replication",
    "shared_buffers",
    "shared_preload_libraries",
    "track_activity_query_size",
    "track_commit_timestamp",
    "wal_buffers",
]);

/** Parameters known to be dynamic (context `user`/`superuser`/`sighup`): applied immediately. */
export const DYNAMIC_PARAMETERS: ReadonlySet<string> = new Set([
    "autovacuum",
    "autovacuum_analyze_scale_factor",
    "autovacuum_naptime",
    "autovacuum_vacuum_cost_delay",
    "autovacuum_vacuum_cost_limit",
    "autovacuum_vacuum_scale_factor",
    "checkpoint_completion_target",
    "checkpoint_timeout",
    "default_statistics_target",
    "effective_cache_size",
    "effective_io_concurrency",
    "idle_in_transaction_session_timeout",
    "lock_timeout",
    "log_autovacuum_min_duration",
    "log_checkpoints",
    "log_connections",
    "log_disconnections",
    "log_lock_waits",
    "log_min_duration_statement",
    "log_statement",
    "log_temp_files",
    "maintenance_work_mem",
    "max_wal_size",
    "min_wal_size",
    "random_page_cost",
    "rds.force_ssl",
    "statement_timeout",
    "temp_file_limit",
    "work_mem",
]);

/**
 * Apply method of a parameter: `immediate` for known dynamic parameters, otherwise
 * `pending-reboot`, which RDS accepts for every parameter (an unknown override therefore waits for
 * the next reboot instead of failing the update).
 */
export function applyMethodOf(name: string): ApplyMethod {
    return DYNAMIC_PARAMETERS.has(name) ? "immediate" : "pending-reboot";
}

const KIB_PER_MIB = 1024;

/**
 * The settings carried over from production's `custom-postgres13`, sized to an instance class
 * (name → value in the parameter's RDS unit). Production's actual values are unknown (seed: 要調査);
 * compare with `aws rds describe-db-parameters --db-parameter-group-name custom-postgres13` and
 * put deliberate differences in `database.parameters`. Throws for an unknown instance class.
 */
export function sizedParameters(instanceClass: string): Record<string, string> {
    const { memoryGiB, vCpus } = instanceClassSize(instanceClass);
    const memoryMiB = memoryGiB * 1024;
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
    return {
        // Static, memory-proportional: kept as RDS's own formulas. RDS evaluates them against
        // DBInstanceClassMemory (what the engine really gets, below the nominal RAM), and a
        // pending-reboot value can never outlive an instance-class change: a fixed shared_buffers
        // sized for a larger class, applied by a reboot before the class change, would leave the
        // instance in `incompatible-parameters`. Expected values (aws-facts.md §3):
        // db.t3.micro ≈ 90–112 connections and ≈ 230–256 MiB; db.t3.xlarge ≈ 1,800 and 4 GiB.
        max_connections: "LEAST({DBInstanceClassMemory/9531392},5000)",
        shared_buffers: "{DBInstanceClassMemory/32768}", // 8 kB pages: 25% of memory
        // Dynamic: explicit per-class values, visible in the preview diff of each stack.
        // Planner hint (8 kB pages): 75% of memory = shared buffers plus the OS page cache.
        effective_cache_size: String((memoryMiB * KIB_PER_MIB * 3) / 4 / 8),
        // Per sort/hash node: memory/256, so 192 such nodes fit in the 75% left beside
        // shared_buffers, well above the app's concurrency (tasks × Puma threads). Capped at
        // 256 MiB; a bigger sort can raise it per session. db.t3.micro: 4 MiB (the default).
        work_mem: String(Math.min(memoryMiB / 256, 256) * KIB_PER_MIB),
        // VACUUM, CREATE INDEX and each autovacuum worker: memory/32 between 64 MiB (the RDS
        // floor) and 1 GiB (autovacuum in PostgreSQL 13 uses at most 1 GiB anyway).
        maintenance_work_mem: String(clamp(memoryMiB / 32, 64, 1024) * KIB_PER_MIB),
        // Autovacuum: on (pinned), more workers only with more cores, and triggered at 5% dead /
        // 2% changed rows instead of 20% / 10%, so Rails' large, often-updated tables are vacuumed
        // before they bloat. Runs longer than 10 s are logged.
        autovacuum: "1",
        autovacuum_max_workers: String(clamp(Math.floor(vCpus / 4), 3, 8)),
        autovacuum_vacuum_scale_factor: "0.05",
        autovacuum_analyze_scale_factor: "0.02",
        log_autovacuum_min_duration: "10000", // ms
        // Checkpoints: every 15 minutes (fewer full-page writes than 5) spread over 90% of the
        // interval, and logged. max_wal_size keeps the RDS default (2 GB) on the small volume.
        checkpoint_timeout: "900", // s
        checkpoint_completion_target: "0.9",
        log_checkpoints: "1",
        // Logging: schema changes (not `all`, which would write every value, secrets included,
        // to the logs) and statements slower than 1 s.
        log_statement: "ddl",
        log_min_duration_statement: "1000", // ms
        // TLS for every connection; pinned although PostgreSQL 15+ defaults to 1 on RDS.
        "rds.force_ssl": "1",
    };
}

/** Throws when the overrides would turn off TLS (`rds.force_ssl` other than "1"). */
export function checkParameterOverrides(overrides: Readonly<Record<string, string>>): void {
    const forceSsl = overrides["rds.force_ssl"];
    if (forceSsl !== undefined && forceSsl !== "1") {
        throw new Error(
            `Database parameters must not override rds.force_ssl (got ${JSON.stringify(forceSsl)}): TLS is required for every connection.`,
        );
    }
}

/**
 * The parameter group's parameters: {@link sizedParameters} with `overrides` on top (overrides
 * win), each with its apply method, sorted by name for a stable diff. `rds.force_ssl` cannot be
 * turned off.
 */
export function parameterGroupParameters(
    instanceClass: string,
    overrides: Readonly<Record<string, string>> = {},
): ParameterSpec[] {
    checkParameterOverrides(overrides);
    const merged = { ...sizedParameters(instanceClass), ...overrides };
    return Object.keys(merged)
        .sort()
        .map((name) => ({ name, value: merged[name], applyMethod: applyMethodOf(name) }));
}

// ------------------------------------------------------------------------------------------------
// Engine versions and RDS Extended Support
// ------------------------------------------------------------------------------------------------

/**
 * Last day of RDS standard support per PostgreSQL major version (RDS release calendar, see
 * aws-facts.md §3). 17's date is an estimate (the yearly pattern), not a published date.
 */
export const STANDARD_SUPPORT_ENDS: Readonly<
    Record<number, { readonly date: string; readonly estimated: boolean }>
> = {
    13: { date: "2026-02-28", estimated: false },
    14: { date: "2027-02-28", estimated: false },
    15: { date: "2028-02-29", estimated: false },
    16: { date: "2029-02-28", estimated: false },
    17: { date: "2030-02-28", estimated: true },
};

/** RDS Extended Support list price per vCPU-hour (us-east-1; the Tokyo rate was not found). */
export const EXTENDED_SUPPORT_PRICE = { years1to2: 0.1, year3: 0.2 } as const;
/** Hours per month used for monthly estimates. */
export const HOURS_PER_MONTH = 730;

export type EngineLifecycleSupport =
    "open-source-rds-extended-support" | "open-source-rds-extended-support-disabled";

/** Where an engine version stands on a date. */
export interface EngineSupportStatus {
    /** Major version, e.g. 13. */
    readonly major: number;
    /** Parameter-group family, e.g. `postgres13`. */
    readonly family: string;
    /** Last day of standard support (YYYY-MM-DD). */
    readonly standardSupportEnds: string;
    /** Whether {@link standardSupportEnds} is an estimate. */
    readonly standardSupportEndsEstimated: boolean;
    /** Whether the date is after the end of standard support. */
    readonly inExtendedSupport: boolean;
    /** Year of Extended Support (1–3) when in it. */
    readonly extendedSupportYear?: number;
    /** Extended Support price per vCPU-hour on that date; 0 in standard support. */
    readonly pricePerVcpuHour: number;
    /** The `engineLifecycleSupport` to create the instance with. */
    readonly engineLifecycleSupport: EngineLifecycleSupport;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The major version of `MAJOR.MINOR`; throws when it is malformed or has no support dates. */
export function engineMajor(engineVersion: string): number {
    const m = /^(\d+)\.\d+$/.exec(engineVersion);
    const major = m ? Number(m[1]) : NaN;
    if (!(major in STANDARD_SUPPORT_ENDS)) {
        throw new Error(
            `Database engineVersion must be MAJOR.MINOR with a major version in ${Object.keys(STANDARD_SUPPORT_ENDS).join(", ")} (got ${JSON.stringify(engineVersion)}).`,
        );
    }
    return major;
}

/**
 * Support status of a PostgreSQL engine version on `now`. Creating an instance with
 * `open-source-rds-extended-support-disabled` after the end of standard support is refused, so a
 * version past it must be created enrolled (and pays); before it, enrolment stays off so RDS never
 * starts charging silently (it upgrades the major version at the end of standard support instead).
 */
export function engineSupportStatus(engineVersion: string, now: Date): EngineSupportStatus {
    const major = engineMajor(engineVersion);
    const { date, estimated } = STANDARD_SUPPORT_ENDS[major];
    // Charges start the day after the last day of standard support (UTC).
    const extendedStart = Date.parse(`${date}T00:00:00Z`) + DAY_MS;
    const inExtendedSupport = now.getTime() >= extendedStart;
    const extendedSupportYear = inExtendedSupport
        ? Math.min(Math.floor((now.getTime() - extendedStart) / (365.25 * DAY_MS)) + 1, 3)
        : undefined;
    return {
        major,
        family: `postgres${major}`,
        standardSupportEnds: date,
        standardSupportEndsEstimated: estimated,
        inExtendedSupport,
        extendedSupportYear,
        pricePerVcpuHour:
            extendedSupportYear === undefined
                ? 0
                : extendedSupportYear <= 2
                  ? EXTENDED_SUPPORT_PRICE.years1to2
                  : EXTENDED_SUPPORT_PRICE.year3,
        engineLifecycleSupport: inExtendedSupport
            ? "open-source-rds-extended-support"
            : "open-source-rds-extended-support-disabled",
    };
}

/** Monthly Extended Support charge in USD: per vCPU-hour × vCPUs × 730 h, doubled for Multi-AZ. */
export function extendedSupportMonthlyCost(
    vCpus: number,
    multiAz: boolean,
    pricePerVcpuHour: number,
): number {
    return pricePerVcpuHour * vCpus * HOURS_PER_MONTH * (multiAz ? 2 : 1);
}

/** The warning logged when the engine runs in Extended Support on `now`; undefined otherwise. */
export function extendedSupportWarning(
    engineVersion: string,
    instanceClass: string,
    multiAz: boolean,
    now: Date,
): string | undefined {
    const status = engineSupportStatus(engineVersion, now);
    if (!status.inExtendedSupport) {
        return undefined;
    }
    const { vCpus } = instanceClassSize(instanceClass);
    const monthly = Math.round(extendedSupportMonthlyCost(vCpus, multiAz, status.pricePerVcpuHour));
    return (
        `RDS for PostgreSQL ${status.major} (engine ${engineVersion}) left standard support on ` +
        `${status.standardSupportEnds} and runs in RDS Extended Support (year ${status.extendedSupportYear}), ` +
        `billed at $0.10 per vCPU-hour in years 1–2 and $0.20 in year 3 (us-east-1 list price): ` +
        `about $${monthly}/month for ${instanceClass} (${vCpus} vCPUs${multiAz ? " × 2 for Multi-AZ" : ""} × ${HOURS_PER_MONTH} h). ` +
        `Upgrade the major version: see the upgrade plan in docs/migration.md.`
    );
}

// ------------------------------------------------------------------------------------------------
// Component
// ------------------------------------------------------------------------------------------------

/** Storage types the component can create (io1/io2 would need provisioned IOPS). */
export type StorageType = "gp3" | "gp2" | "io1" | "io2";
/** Enhanced Monitoring intervals in seconds; 0 turns it off. */
export type MonitoringInterval = 0 | 1 | 5 | 10 | 15 | 30 | 60;

/** RDS log types exported to CloudWatch Logs. */
export const LOG_EXPORTS = ["postgresql", "upgrade"] as const;
/** A CA whose certificates are valid until 2061 (the old rds-ca-2019 expired in 2024). */
export const CA_CERT_IDENTIFIER = "rds-ca-rsa2048-g1";
/** AWS-managed service-role policy for Enhanced Monitoring (logs on `RDSOSMetrics` only). */
export const ENHANCED_MONITORING_POLICY_ARN =
    "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";

export interface DatabaseArgs {
    /** VPC of the database security group. */
    readonly vpcId: pulumi.Input<string>;
    /** Isolated subnets (no route out) in at least two AZs, for the DB subnet group. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The app's security group: the only source admitted on 5432. */
    readonly clientSecurityGroupId: pulumi.Input<string>;
    /** Stack KMS key ARN: storage, master secret, Performance Insights and log groups. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Account id, to confine the Enhanced Monitoring role's trust to this account. */
    readonly accountId: pulumi.Input<string>;
    /** Instance class, e.g. db.t3.micro; sizes the parameter group. */
    readonly instanceClass: string;
    /** PostgreSQL version MAJOR.MINOR, e.g. 13.20; the major picks the parameter-group family. */
    readonly engineVersion: string;
    /** Initial database name (ignored by RDS when restoring a snapshot). Defaults to "tng". */
    readonly databaseName?: pulumi.Input<string>;
    /** Master user name (ignored by RDS when restoring a snapshot). Defaults to "tng". */
    readonly username?: pulumi.Input<string>;
    /** Initial storage in GiB. Defaults to 40. */
    readonly allocatedStorage?: number;
    /** Storage autoscaling ceiling in GiB, at least allocatedStorage. Defaults to 100. */
    readonly maxAllocatedStorage?: number;
    /** Storage type. Defaults to "gp3"; io1/io2 are refused (no provisioned IOPS setting). */
    readonly storageType?: StorageType;
    /** Standby in a second AZ. Defaults to false. */
    readonly multiAz?: boolean;
    /** Automated backup retention in days (1–35). Defaults to 7. */
    readonly backupRetentionDays?: number;
    /** Daily backup window, UTC. Defaults to "13:15-13:45". */
    readonly backupWindow?: pulumi.Input<string>;
    /** Weekly maintenance window, UTC. Defaults to "wed:16:20-wed:16:50". */
    readonly maintenanceWindow?: pulumi.Input<string>;
    /** RDS deletion protection. Defaults to true. */
    readonly deletionProtection?: boolean;
    /** Pulumi `protect` on the instance and its log groups. Defaults to false. */
    readonly protect?: boolean;
    /** Performance Insights (7-day free tier) encrypted with the stack key. Defaults to false. */
    readonly performanceInsights?: boolean;
    /** Enhanced Monitoring interval in seconds; above 0 creates the monitoring role. Defaults to 0. */
    readonly monitoringInterval?: MonitoringInterval;
    /**
     * Create the instance from this snapshot (identifier or ARN): the encrypted copy of the
     * production snapshot, made with the stack key. Keep it set for the life of the instance:
     * removing it would plan a replacement. Defaults to none (an empty database).
     */
    readonly snapshotIdentifier?: string;
    /** Parameter overrides (name → value) on top of the sized values; they win. Defaults to none. */
    readonly parameters?: Readonly<Record<string, string>>;
    /** Retention of the postgresql and upgrade log groups in days. */
    readonly logRetentionDays: number;
    /** Date that decides Extended Support. Defaults to the current date (tests pin it). */
    readonly now?: Date;
}

/** RDS identifiers: a letter, then letters, digits and single hyphens, at most 63, no trailing hyphen. */
const IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$/;

/** Synchronous checks of the plain args; throws one Error listing every problem. */
export function validateDatabaseArgs(name: string, args: DatabaseArgs): void {
    const problems: string[] = [];
    const check = (fn: () => void) => {
        try {
            fn();
        } catch (e) {
            problems.push((e as Error).message);
        }
    };
    if (!IDENTIFIER.test(name)) {
        problems.push(
            `Database name ${JSON.stringify(name)} must be a valid RDS identifier (a lower-case letter, then lower-case letters, digits and single hyphens, at most 63, not ending in a hyphen).`,
        );
    }
    check(() => instanceClassSize(args.instanceClass));
    check(() => engineMajor(args.engineVersion));
    check(() => checkParameterOverrides(args.parameters ?? {}));
    const allocated = args.allocatedStorage ?? 40;
    const max = args.maxAllocatedStorage ?? 100;
    if (max < allocated) {
        problems.push(
            `Database maxAllocatedStorage (${max}) must be at least allocatedStorage (${allocated}).`,
        );
    }
    const retention = args.backupRetentionDays ?? 7;
    if (!Number.isInteger(retention) || retention < 1 || retention > 35) {
        problems.push(
            `Database backupRetentionDays must be an integer from 1 to 35 (got ${retention}).`,
        );
    }
    if (args.storageType === "io1" || args.storageType === "io2") {
        problems.push(
            `Database storageType ${args.storageType} needs provisioned IOPS, which this component does not set: use gp3 (3,000 IOPS baseline).`,
        );
    }
    if (problems.length > 0) {
        throw new Error(problems.join("\n"));
    }
}

/** RDS for PostgreSQL: private, encrypted, TLS-only, with an RDS-managed master password. */
export class Database extends pulumi.ComponentResource {
    /** Host name of the instance (without the port). */
    public readonly endpoint: pulumi.Output<string>;
    /** Port (5432). */
    public readonly port: pulumi.Output<number>;
    /** Database name (from the snapshot when restored). */
    public readonly databaseName: pulumi.Output<string>;
    /** Master user name (from the snapshot when restored). */
    public readonly username: pulumi.Output<string>;
    /** ARN of the RDS-managed Secrets Manager secret holding the master user's credentials. */
    public readonly masterSecretArn: pulumi.Output<string>;
    /** The database security group. */
    public readonly securityGroupId: pulumi.Output<string>;
    /** DB instance identifier, for alarms. */
    public readonly instanceIdentifier: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component; also the DB instance identifier.
     * @param args Network, key, and the `database` settings.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:data:Database", name, {}, opts);
        validateDatabaseArgs(name, args);
        const parent = { parent: this };
        const multiAz = args.multiAz ?? false;
        const protect = args.protect ?? false;
        const monitoringInterval = args.monitoringInterval ?? 0;
        const performanceInsights = args.performanceInsights ?? false;
        const restoring = args.snapshotIdentifier !== undefined;
        const now = args.now ?? new Date();
        const support = engineSupportStatus(args.engineVersion, now);

        const warning = extendedSupportWarning(
            args.engineVersion,
            args.instanceClass,
            multiAz,
            now,
        );
        if (warning !== undefined) {
            pulumi.log.warn(warning, this);
        }

        const parameterGroup = new aws.rds.ParameterGroup(
            `${name}-params`,
            {
                // Auto-named: a major upgrade creates the new family's group before the old goes.
                family: support.family,
                description: `${name}: PostgreSQL ${support.major}, TLS forced, sized to the instance class`,
                parameters: parameterGroupParameters(args.instanceClass, args.parameters),
            },
            parent,
        );

        const subnetGroup = new aws.rds.SubnetGroup(
            `${name}-subnets`,
            { description: `${name}: isolated subnets only`, subnetIds: args.subnetIds },
            parent,
        );

        const sg = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description: `${name}: PostgreSQL from the app tasks only`,
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: DATA_PORTS.postgres,
                        toPort: DATA_PORTS.postgres,
                        securityGroups: [args.clientSecurityGroupId],
                        description: "PostgreSQL from the app tasks",
                    },
                ],
                // The database opens no connections; an explicit empty list keeps it that way.
                egress: [],
                tags: { Name: `${name}-sg` },
            },
            parent,
        );

        // RDS would create these on first export, unencrypted by our key and kept forever; made
        // first, they carry the stack key and the stack's retention. Names are fixed by RDS.
        const logGroups = LOG_EXPORTS.map(
            (log) =>
                new aws.cloudwatch.LogGroup(
                    `${name}-${log}-logs`,
                    {
                        name: `/aws/rds/instance/${name}/${log}`,
                        retentionInDays: args.logRetentionDays,
                        kmsKeyId: args.kmsKeyArn,
                    },
                    { parent: this, protect },
                ),
        );

        let monitoringRoleArn: pulumi.Output<string> | undefined;
        const monitoringDeps: pulumi.Resource[] = [];
        if (monitoringInterval > 0) {
            const role = new aws.iam.Role(
                `${name}-monitoring-role`,
                {
                    description: `${name}: RDS Enhanced Monitoring publishes OS metrics`,
                    assumeRolePolicy: pulumi.output(args.accountId).apply((accountId) =>
                        JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Effect: "Allow",
                                    Principal: { Service: "monitoring.rds.amazonaws.com" },
                                    Action: "sts:AssumeRole",
                                    // Confused-deputy guard: only this account's RDS may assume it.
                                    Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                                },
                            ],
                        }),
                    ),
                },
                parent,
            );
            // The AWS-managed service-role policy (not a *FullAccess one) is already scoped to the
            // RDSOSMetrics log group; AWS keeps it in step with what the agent needs, which an
            // inline copy would not.
            monitoringDeps.push(
                new aws.iam.RolePolicyAttachment(
                    `${name}-monitoring`,
                    { role: role.name, policyArn: ENHANCED_MONITORING_POLICY_ARN },
                    parent,
                ),
            );
            monitoringRoleArn = role.arn;
        }

        const instance = new aws.rds.Instance(
            `${name}-instance`,
            {
                identifier: name, // fixed, so the log groups above can be made first
                engine: "postgres",
                engineVersion: args.engineVersion,
                // Creation with "-disabled" is refused past the end of standard support; RDS
                // cannot change it later (it is read at create/restore only), hence ignoreChanges.
                engineLifecycleSupport: support.engineLifecycleSupport,
                // Minor upgrades go through config (engineVersion) in a reviewed change: with the
                // exact MAJOR.MINOR pinned for the snapshot restore, an RDS auto-upgrade would make
                // the next update try a downgrade, which RDS refuses (terraform-provider-aws #39579).
                autoMinorVersionUpgrade: false,
                instanceClass: args.instanceClass,
                parameterGroupName: parameterGroup.name,
                port: DATA_PORTS.postgres,
                // With a snapshot RDS takes the database name and master user from it and ignores
                // these; leaving them out avoids a username diff, which would force a replacement.
                dbName: restoring ? undefined : (args.databaseName ?? "tng"),
                username: restoring ? undefined : (args.username ?? "tng"),
                snapshotIdentifier: args.snapshotIdentifier,
                // The password is generated and rotated by RDS in Secrets Manager (stack key).
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: args.kmsKeyArn,
                // IAM authentication costs nothing until a role is granted rds_iam; it gives people a
                // password-less way in (the app keeps the managed secret).
                iamDatabaseAuthenticationEnabled: true,
                caCertIdentifier: CA_CERT_IDENTIFIER,
                // Storage: our key, also when restoring (the snapshot copy is made with it; another
                // key would show as a kmsKeyId change, which forces a replacement).
                storageEncrypted: true,
                kmsKeyId: args.kmsKeyArn,
                storageType: args.storageType ?? "gp3",
                allocatedStorage: args.allocatedStorage ?? 40,
                maxAllocatedStorage: args.maxAllocatedStorage ?? 100,
                // Network: isolated subnets, never public, admitted only from the app.
                dbSubnetGroupName: subnetGroup.name,
                vpcSecurityGroupIds: [sg.id],
                publiclyAccessible: false,
                multiAz,
                // Backups and deletion.
                backupRetentionPeriod: args.backupRetentionDays ?? 7,
                backupWindow: args.backupWindow ?? "13:15-13:45",
                maintenanceWindow: args.maintenanceWindow ?? "wed:16:20-wed:16:50",
                deletionProtection: args.deletionProtection ?? true,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: `${name}-final`,
                copyTagsToSnapshot: true,
                deleteAutomatedBackups: false, // keep automated backups for their retention after a delete
                applyImmediately: false, // changes wait for the maintenance window
                // Only permits: a major upgrade still happens only when engineVersion's major
                // changes in config (the PostgreSQL 13 exit plan in docs/migration.md).
                allowMajorVersionUpgrade: true,
                // Observability.
                enabledCloudwatchLogsExports: [...LOG_EXPORTS],
                performanceInsightsEnabled: performanceInsights,
                performanceInsightsKmsKeyId: performanceInsights ? args.kmsKeyArn : undefined,
                performanceInsightsRetentionPeriod: performanceInsights ? 7 : undefined,
                monitoringInterval,
                monitoringRoleArn,
            },
            {
                parent: this,
                protect,
                dependsOn: [...logGroups, ...monitoringDeps],
                ignoreChanges: ["engineLifecycleSupport"],
            },
        );

        this.endpoint = instance.address;
        this.port = instance.port;
        this.databaseName = instance.dbName;
        this.username = instance.username;
        this.masterSecretArn = instance.masterUserSecrets.apply((secrets) => {
            const arn = secrets?.[0]?.secretArn;
            if (!arn) {
                throw new pulumi.ResourceError(
                    "RDS returned no master user secret (manageMasterUserPassword is on).",
                    this,
                );
            }
            return arn;
        });
        this.securityGroupId = sg.id;
        this.instanceIdentifier = instance.identifier;
        this.registerOutputs({
            endpoint: this.endpoint,
            port: this.port,
            databaseName: this.databaseName,
            username: this.username,
            masterSecretArn: this.masterSecretArn,
            securityGroupId: this.securityGroupId,
            instanceIdentifier: this.instanceIdentifier,
        });
    }
}
