/**
 * The custom PostgreSQL parameter group: values carried over from production, sized to the
 * instance class, each with the apply method RDS accepts for it.
 */
import { instanceClassSize } from "./instanceClasses";
import { ArgsError } from "../errors";

/** How RDS applies a parameter change. */
export type ApplyMethod = "immediate" | "pending-reboot";

/** One parameter of the custom parameter group. */
export interface ParameterSpec {
    readonly name: string;
    readonly value: string;
    readonly applyMethod: ApplyMethod;
}

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
 * (name → value in the parameter's RDS unit). Production's actual values are unknown;
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
        // instance in `incompatible-parameters`. Formulas as in RDS's default group
        // (https://docs.aws.amazon.com/prescriptive-guidance/latest/tuning-postgresql-parameters/max-connections.html,
        // https://repost.aws/knowledge-center/rds-aurora-postgresql-shared-buffers); expected:
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
        // Logging: no statement text by class (see LOG_STATEMENT), only statements slower than 1 s.
        [LOG_STATEMENT.name]: LOG_STATEMENT.value,
        log_min_duration_statement: "1000", // ms
        // TLS for every connection; pinned although PostgreSQL 15+ defaults to 1 on RDS.
        [FORCE_SSL.name]: FORCE_SSL.value,
    };
}

/** The parameter that makes PostgreSQL refuse connections without TLS, and its only allowed value. */
export const FORCE_SSL = { name: "rds.force_ssl", value: "1" } as const;

/**
 * `log_statement` stays `none`: `ddl` (and `mod`, `all`, which include it) logs `ALTER ROLE …
 * PASSWORD '…'` with the password, and RDS rotates the master password that way
 * (https://www.postgresql.org/docs/current/runtime-config-logging.html#GUC-LOG-STATEMENT;
 * https://www.postgresql.org/docs/current/sql-alterrole.html; RDS: "take additional steps to prevent
 * the exposure of passwords", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Concepts.PostgreSQL.Query_Logging.html).
 * Slow statements still reach the log through log_min_duration_statement.
 */
export const LOG_STATEMENT = { name: "log_statement", value: "none" } as const;

/** Parameters whose value the project enforces, whatever a stack or production sets: name → value. */
export const ENFORCED_PARAMETERS: Readonly<Record<string, string>> = {
    [FORCE_SSL.name]: FORCE_SSL.value,
    [LOG_STATEMENT.name]: LOG_STATEMENT.value,
};

/** Why each enforced parameter keeps its value (one line, for reports). */
export const ENFORCED_BECAUSE: Readonly<Record<string, string>> = {
    [FORCE_SSL.name]: "the project enforces rds.force_ssl = 1: clients without TLS will fail",
    [LOG_STATEMENT.name]:
        "the project keeps log_statement = none: ddl/mod/all would log ALTER ROLE … PASSWORD with the password",
};

/** The override that would log statement text by class (`ddl`, `mod`, `all`), or undefined. */
export function logStatementOverride(
    overrides: Readonly<Record<string, string>>,
): string | undefined {
    const value = overrides[LOG_STATEMENT.name];
    return value !== undefined && value.trim().toLowerCase() !== LOG_STATEMENT.value
        ? value
        : undefined;
}

/** The override that would turn TLS off (an `rds.force_ssl` other than "1"), or undefined. */
export function forceSslOverride(overrides: Readonly<Record<string, string>>): string | undefined {
    const value = overrides[FORCE_SSL.name];
    return value !== undefined && value !== FORCE_SSL.value ? value : undefined;
}

/**
 * Throws when the overrides would turn off TLS (`rds.force_ssl` other than "1") or log statements
 * that carry passwords (`log_statement` other than `none`).
 */
export function checkParameterOverrides(overrides: Readonly<Record<string, string>>): void {
    const problems: string[] = [];
    const forceSsl = forceSslOverride(overrides);
    if (forceSsl !== undefined) {
        problems.push(
            `Database parameters must not override rds.force_ssl (got ${JSON.stringify(forceSsl)}): TLS is required for every connection.`,
        );
    }
    const logStatement = logStatementOverride(overrides);
    if (logStatement !== undefined) {
        problems.push(
            `Database parameters must not set log_statement to ${JSON.stringify(logStatement)}: ddl, mod and all log ALTER ROLE … PASSWORD with the password; keep none (slow statements are logged through log_min_duration_statement).`,
        );
    }
    if (problems.length > 0) {
        throw new ArgsError(problems.join("\n"));
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
