/**
 * RDS PostgreSQL instance and parameter-group rules.
 */
import * as aws from "../../sdk/aws";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    configOf,
    ignoreUnknown,
    PropsOf,
    read,
    referencedBy,
    resourcesOf,
    runTracked,
    StackResource,
    UNKNOWN,
    validateTyped,
    trackedStack,
} from "./helpers";

/** Shorthand for the many single-property RDS instance checks. */
function rdsCheck(
    name: string,
    description: string,
    enforcementLevel: "advisory" | "mandatory",
    check: (db: PropsOf<aws.rds.InstanceArgs>) => string | undefined,
): ResourceValidationPolicy {
    return {
        name,
        description,
        enforcementLevel,
        validateResource: validateTyped(aws.rds.Instance, [], (db, _a, report) => {
            const message = check(db);
            if (message !== undefined) {
                report(message);
            }
        }),
    };
}

/** Encryption at rest (read replicas inherit it from the source). */
export const rdsStorageEncrypted: ResourceValidationPolicy = {
    name: "rds-storage-encrypted",
    description: "RDS instances set storageEncrypted to true.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.rds.Instance, [], (db, _a, report) => {
        if (db.replicateSourceDb === undefined && db.storageEncrypted !== true) {
            report("RDS instance must set storageEncrypted to true.");
        }
    }),
};

/** A customer-managed key instead of aws/rds. */
export const rdsKmsCmk: ResourceValidationPolicy = {
    name: "rds-kms-cmk",
    description: "Encrypted RDS instances set kmsKeyId to a customer-managed key.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.rds.Instance, [], (db, _a, report) => {
        if (db.storageEncrypted === true && !db.kmsKeyId) {
            report("RDS instance must set kmsKeyId to a customer-managed KMS key.");
        }
    }),
};

/** Never reachable from the internet. */
export const rdsNoPublicAccess: ResourceValidationPolicy = {
    name: "rds-no-public-access",
    description:
        "RDS instances and Aurora cluster instances do not set publiclyAccessible to true.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateTyped(aws.rds.Instance, [], (db, _a, report) => {
            if (db.publiclyAccessible === true) {
                report("RDS instance must not set publiclyAccessible to true.");
            }
        }),
        validateTyped(aws.rds.ClusterInstance, [], (db, _a, report) => {
            if (db.publiclyAccessible === true) {
                report("RDS cluster instance must not set publiclyAccessible to true.");
            }
        }),
    ],
};

/** Aurora and Multi-AZ DB clusters: encryption at rest (replicas and restores inherit it). */
export const rdsClusterStorageEncrypted: ResourceValidationPolicy = {
    name: "rds-cluster-storage-encrypted",
    description:
        "RDS (Aurora and Multi-AZ) clusters set storageEncrypted to true unless they replicate from or restore an encrypted source.",
    enforcementLevel: "mandatory", // unencrypted is mandatory whatever Security Hub's severity (RDS.27 is Medium)
    validateResource: validateTyped(aws.rds.Cluster, [], (c, _a, report) => {
        if (
            c.replicationSourceIdentifier === undefined &&
            c.snapshotIdentifier === undefined &&
            c.storageEncrypted !== true
        ) {
            report("RDS cluster must set storageEncrypted to true.");
        }
    }),
};

/** Snapshots are never shared with every AWS account. */
export const rdsSnapshotNotPublic: ResourceValidationPolicy = {
    name: "rds-snapshot-not-public",
    description: "RDS DB and cluster snapshots do not list all in sharedAccounts.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateTyped(aws.rds.Snapshot, [], (snap, _a, report) => {
            if ((snap.sharedAccounts ?? []).includes("all")) {
                report("RDS snapshot must not list all in sharedAccounts.");
            }
        }),
        validateTyped(aws.rds.ClusterSnapshot, [], (snap, _a, report) => {
            if ((snap.sharedAccounts ?? []).includes("all")) {
                report("RDS cluster snapshot must not list all in sharedAccounts.");
            }
        }),
    ],
};

/** A program-owned subnet group, never the default VPC's. */
export const rdsSubnetGroup: ResourceValidationPolicy = {
    name: "rds-subnet-group",
    description: "RDS instances set dbSubnetGroupName to a custom DB subnet group.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.rds.Instance, [], (db, _a, report) => {
        if (
            db.replicateSourceDb === undefined &&
            (!db.dbSubnetGroupName || db.dbSubnetGroupName === "default")
        ) {
            report("RDS instance must set dbSubnetGroupName to a custom DB subnet group.");
        }
    }),
};

/** Multi-AZ. */
export const rdsMultiAz = rdsCheck(
    "rds-multi-az",
    "RDS instances set multiAz to true.",
    "advisory",
    (db) => (db.multiAz !== true ? "RDS instance must set multiAz to true." : undefined),
);

/** Config of {@link rdsBackupRetention}. */
export interface BackupRetentionConfig {
    /** Minimum backupRetentionPeriod in days. */
    minDays: number;
}

/** Automated backups kept long enough. */
export const rdsBackupRetention: ResourceValidationPolicy = {
    name: "rds-backup-retention",
    description: "RDS instances set backupRetentionPeriod to at least the configured days.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minDays: {
                type: "integer",
                minimum: 1,
                default: 7,
                description: "Minimum retention in days.",
            },
        },
    },
    validateResource: validateTyped(aws.rds.Instance, [], (db, args, report) => {
        const { minDays } = configOf<BackupRetentionConfig>(args, { minDays: 7 });
        if (db.replicateSourceDb === undefined && (db.backupRetentionPeriod ?? 0) < minDays) {
            report(`RDS instance must set backupRetentionPeriod to at least ${minDays} days.`);
        }
    }),
};

/** Protected from deletion, with a final snapshot. */
export const rdsDeletionProtection: ResourceValidationPolicy = {
    name: "rds-deletion-protection",
    description: "RDS instances set deletionProtection to true and do not skip the final snapshot.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.rds.Instance, [], (db, _a, report) => {
        ignoreUnknown(() => {
            if (db.deletionProtection !== true) {
                report("RDS instance must set deletionProtection to true.");
            }
        });
        ignoreUnknown(() => {
            if (db.skipFinalSnapshot === true) {
                report("RDS instance must not set skipFinalSnapshot to true.");
            }
        });
    }),
};

/**
 * Per engine family: its name in messages, the default port, the well-known master user name and
 * the log types Security Hub RDS.9 expects exported.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html
 * https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-9
 */
export const RDS_ENGINES: readonly {
    readonly match: RegExp;
    readonly label: string;
    readonly port: number;
    readonly defaultUser: string;
    readonly logs: readonly string[];
}[] = [
    {
        match: /^postgres/,
        label: "PostgreSQL",
        port: 5432,
        defaultUser: "postgres",
        logs: ["postgresql", "upgrade"],
    },
    {
        match: /^mysql/,
        label: "MySQL",
        port: 3306,
        defaultUser: "admin",
        logs: ["audit", "error", "general", "slowquery"],
    },
    {
        match: /^mariadb/,
        label: "MariaDB",
        port: 3306,
        defaultUser: "admin",
        logs: ["audit", "error", "general", "slowquery"],
    },
    {
        match: /^oracle/,
        label: "Oracle",
        port: 1521,
        defaultUser: "admin",
        logs: ["alert", "audit", "listener", "trace"],
    },
    {
        match: /^sqlserver/,
        label: "SQL Server",
        port: 1433,
        defaultUser: "admin",
        logs: ["agent", "error"],
    },
    {
        match: /^db2/,
        label: "Db2",
        port: 50000,
        defaultUser: "admin",
        logs: ["diag.log", "notify.log"],
    },
];

/** The engine family of an instance: its entry, or undefined (unset means PostgreSQL here). */
export function engineOf(engine: unknown): (typeof RDS_ENGINES)[number] | undefined {
    return RDS_ENGINES.find((e) => e.match.test(String(engine ?? "postgres")));
}

/** Not on the engine's default port. */
export const rdsNonDefaultPort = rdsCheck(
    "rds-non-default-port",
    "RDS instances set port to a value other than their engine's default (PostgreSQL 5432, MySQL/MariaDB 3306, Oracle 1521, SQL Server 1433, Db2 50000).",
    "advisory",
    (db) => {
        const e = engineOf(db.engine);
        if (e === undefined) {
            return undefined;
        }
        return db.port === undefined || db.port === e.port
            ? `RDS ${e.label} instance must set port to a value other than ${e.port}.`
            : undefined;
    },
);

/** IAM database authentication. */
export const rdsIamAuthentication = rdsCheck(
    "rds-iam-authentication",
    "RDS instances set iamDatabaseAuthenticationEnabled to true.",
    "advisory",
    (db) =>
        db.iamDatabaseAuthenticationEnabled !== true
            ? "RDS instance must set iamDatabaseAuthenticationEnabled to true."
            : undefined,
);

/** Enhanced Monitoring. */
export const rdsEnhancedMonitoring = rdsCheck(
    "rds-enhanced-monitoring",
    "RDS instances set monitoringInterval (1-60 s) and monitoringRoleArn.",
    "advisory",
    (db) =>
        ![1, 5, 10, 15, 30, 60].includes(Number(db.monitoringInterval)) || !db.monitoringRoleArn
            ? "RDS instance must set monitoringInterval to 1, 5, 10, 15, 30 or 60 with monitoringRoleArn."
            : undefined,
);

/** Config of {@link rdsLogExports}. */
export interface LogExportsConfig {
    /** Log types that must be exported to CloudWatch Logs. */
    requiredExports: string[];
}

/** Engine logs exported to CloudWatch Logs (one finding per missing export). */
export const rdsLogExports: ResourceValidationPolicy = {
    name: "rds-log-exports",
    description:
        "RDS instances export their engine's logs through enabledCloudwatchLogsExports: PostgreSQL the configured requiredExports (postgresql, upgrade), MySQL and MariaDB audit, error, general and slowquery, Oracle, SQL Server and Db2 theirs.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            requiredExports: {
                type: "array",
                items: { type: "string" },
                default: ["postgresql", "upgrade"],
                description: "Log types that must be exported.",
            },
        },
    },
    validateResource: validateTyped(aws.rds.Instance, [], (db, args, report) => {
        const e = engineOf(db.engine);
        if (e === undefined) {
            return;
        }
        // requiredExports is PostgreSQL's list (the stacks' engine); other engines use theirs.
        const { requiredExports } = configOf<LogExportsConfig>(args, {
            requiredExports: ["postgresql", "upgrade"],
        });
        const required = e.label === "PostgreSQL" ? requiredExports : e.logs;
        const exported = db.enabledCloudwatchLogsExports ?? [];
        for (const log of required.filter((l) => !exported.includes(l))) {
            report(`RDS ${e.label} instance must include ${log} in enabledCloudwatchLogsExports.`);
        }
    }),
};

/** Minor-version patches. */
export const rdsAutoMinorVersionUpgrade = rdsCheck(
    "rds-auto-minor-version-upgrade",
    "RDS instances do not set autoMinorVersionUpgrade to false.",
    "advisory",
    (db) =>
        db.autoMinorVersionUpgrade === false
            ? "RDS instance must not set autoMinorVersionUpgrade to false."
            : undefined,
);

/** Snapshots keep tags. */
export const rdsCopyTagsToSnapshot = rdsCheck(
    "rds-copy-tags-to-snapshot",
    "RDS instances set copyTagsToSnapshot to true.",
    "advisory",
    (db) =>
        db.copyTagsToSnapshot !== true
            ? "RDS instance must set copyTagsToSnapshot to true."
            : undefined,
);

/** Performance Insights with a CMK. */
export const rdsPerformanceInsights = rdsCheck(
    "rds-performance-insights",
    "RDS instances enable Performance Insights with performanceInsightsKmsKeyId.",
    "advisory",
    (db) =>
        db.performanceInsightsEnabled !== true || !db.performanceInsightsKmsKeyId
            ? "RDS instance must set performanceInsightsEnabled to true with performanceInsightsKmsKeyId."
            : undefined,
);

const CURRENT_CAS = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"];

/** A current CA (unset means AWS's current default). */
export const rdsCaCertificate = rdsCheck(
    "rds-ca-certificate",
    "RDS instances that set caCertIdentifier use a current CA.",
    "advisory",
    (db) =>
        db.caCertIdentifier !== undefined && !CURRENT_CAS.includes(String(db.caCertIdentifier))
            ? `RDS instance must set caCertIdentifier to one of ${CURRENT_CAS.join(", ")}.`
            : undefined,
);

/** Not the well-known master user name. */
export const rdsNonDefaultUsername = rdsCheck(
    "rds-non-default-username",
    "RDS instances do not use their engine's well-known master username (postgres for PostgreSQL, admin for the others).",
    "advisory",
    (db) => {
        const e = engineOf(db.engine);
        return e !== undefined && db.username === e.defaultUser
            ? `RDS ${e.label} instance must not set username to ${e.defaultUser}.`
            : undefined;
    },
);

/** RDS manages the master password in Secrets Manager. */
export const rdsManagedMasterPassword = rdsCheck(
    "rds-managed-master-password",
    "RDS instances set manageMasterUserPassword to true instead of passing password.",
    "advisory",
    (db) =>
        db.replicateSourceDb === undefined && db.manageMasterUserPassword !== true
            ? "RDS instance must set manageMasterUserPassword to true instead of password."
            : undefined,
);

function parameterValue(group: Record<string, unknown>, name: string): unknown {
    const parameters = group["parameters"];
    if (!Array.isArray(parameters)) {
        return undefined;
    }
    return parameters.find((p: { name?: unknown }) => p?.name === name)?.value;
}

/**
 * The first RDS for PostgreSQL major version whose default rds.force_ssl is 1: "By default, for
 * DB instances using PostgreSQL version 15 and higher major versions, rds.force_ssl is set to 1
 * (on)." https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/ssl-certificate-rotation-postgresql.html
 * (also PostgreSQL.Concepts.General.SSL.html#PostgreSQL.Concepts.General.SSL.Requiring).
 * Aurora PostgreSQL keeps its own default, so this applies to RDS instances only.
 */
export const PG_FORCE_SSL_DEFAULT_MAJOR = 15;

/** The PostgreSQL major of `15.4`, `16` or a family `postgres16`; undefined when not known. */
export function postgresMajor(version: unknown): number | undefined {
    const m = /^(?:postgres)?(\d+)/.exec(String(version ?? ""));
    return m ? Number(m[1]) : undefined;
}

/** Whether a group sets rds.force_ssl to 1 (or, for PostgreSQL 15+, leaves the default 1). */
function forcesSsl(group: StackResource): boolean | typeof UNKNOWN {
    const value = read(() => parameterValue(group.props, "rds.force_ssl"));
    if (value === UNKNOWN) {
        return UNKNOWN;
    }
    if (value === undefined) {
        const family = read(() => group.props.family);
        return (
            group.type === "aws:rds/parameterGroup:ParameterGroup" &&
            family !== UNKNOWN &&
            /^postgres\d/.test(String(family)) &&
            (postgresMajor(family) ?? 0) >= PG_FORCE_SSL_DEFAULT_MAJOR
        );
    }
    return String(value) === "1";
}

/**
 * TLS forced through the parameter group, looked at both ways: a PostgreSQL instance
 * (parameterGroupName) or cluster (dbClusterParameterGroupName) on a custom group, and a group
 * without rds.force_ssl 1 reported on the group and on every instance and cluster that uses it.
 */
export const rdsForceSslParameterGroup: StackValidationPolicy = {
    name: "rds-force-ssl-parameter-group",
    description:
        "PostgreSQL RDS instances (parameterGroupName) and clusters (dbClusterParameterGroupName) use a custom parameter group that sets rds.force_ssl to 1; a group without it is reported on the group and on every instance and cluster using it. RDS for PostgreSQL 15 and later forces SSL by default: its default group passes, and so does a custom postgres15+ group that leaves rds.force_ssl unset.",
    enforcementLevel: "mandatory",
    validateStack: trackedStack((args, reportViolation) => {
        const carriers: [StackResource[], string, StackResource[], string][] = [
            [
                resourcesOf(args, [aws.rds.Instance]),
                "parameterGroupName",
                resourcesOf(args, [aws.rds.ParameterGroup]),
                "RDS instance",
            ],
            [
                resourcesOf(args, [aws.rds.Cluster]),
                "dbClusterParameterGroupName",
                resourcesOf(args, [aws.rds.ClusterParameterGroup]),
                "RDS cluster",
            ],
        ];
        const reportedGroups = new Set<string>();
        for (const [dbs, prop, groups, noun] of carriers) {
            for (const db of dbs) {
                runTracked(
                    args,
                    () => {
                        const engine = db.props.engine as string | undefined;
                        if (
                            engine !== undefined &&
                            !engine.startsWith("postgres") &&
                            engine !== "aurora-postgresql"
                        ) {
                            return;
                        }
                        const name = db.props[prop] as string | undefined;
                        const major =
                            noun === "RDS instance" && engine !== "aurora-postgresql"
                                ? postgresMajor(db.props.engineVersion)
                                : undefined;
                        if (
                            (!name || name.startsWith("default.")) &&
                            major !== undefined &&
                            major >= PG_FORCE_SSL_DEFAULT_MAJOR
                        ) {
                            // The default group of PostgreSQL 15+ forces SSL already.
                            return;
                        }
                        if (!name || name.startsWith("default.")) {
                            reportViolation(
                                `${noun} must set ${prop} to a custom parameter group.`,
                                db.urn,
                            );
                            return;
                        }
                        // A group defined outside this stack cannot be inspected: no finding.
                        const group = referencedBy(db, prop, groups);
                        if (group === undefined || group === UNKNOWN) {
                            return;
                        }
                        if (forcesSsl(group) !== false) {
                            return;
                        }
                        if (!reportedGroups.has(group.urn)) {
                            reportedGroups.add(group.urn);
                            reportViolation(
                                "RDS parameter group must set rds.force_ssl to 1 in parameters.",
                                group.urn,
                            );
                        }
                        reportViolation(
                            `${noun} uses a parameter group (${prop}) that does not set rds.force_ssl to 1.`,
                            db.urn,
                        );
                    },
                    db.urn,
                );
            }
        }
    }),
};

/** Statement logging in PostgreSQL parameter groups. */
export const rdsParameterGroupLogging: ResourceValidationPolicy = {
    name: "rds-parameter-group-logging",
    description: "PostgreSQL parameter groups set log_statement and log_min_duration_statement.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.rds.ParameterGroup, [], (group, _a, report) => {
        if (!group.family.startsWith("postgres")) {
            return;
        }
        for (const name of ["log_statement", "log_min_duration_statement"]) {
            if (parameterValue(group as Record<string, unknown>, name) === undefined) {
                report(`RDS parameter group must set ${name} in parameters.`);
            }
        }
    }),
};

/** All RDS policies. */
export const databasePolicies = [
    rdsStorageEncrypted,
    rdsKmsCmk,
    rdsNoPublicAccess,
    rdsClusterStorageEncrypted,
    rdsSnapshotNotPublic,
    rdsSubnetGroup,
    rdsMultiAz,
    rdsBackupRetention,
    rdsDeletionProtection,
    rdsNonDefaultPort,
    rdsIamAuthentication,
    rdsEnhancedMonitoring,
    rdsLogExports,
    rdsAutoMinorVersionUpgrade,
    rdsCopyTagsToSnapshot,
    rdsPerformanceInsights,
    rdsCaCertificate,
    rdsNonDefaultUsername,
    rdsManagedMasterPassword,
    rdsForceSslParameterGroup,
    rdsParameterGroupLogging,
];
