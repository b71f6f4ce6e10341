/**
 * Settings schema: RDS PostgreSQL (`database`).
 */
import {
    BACKUP_RETENTION_DAYS,
    DATABASE_DEFAULTS,
    MONITORING_INTERVALS,
    STORAGE_TYPES,
} from "../../../components/data/database";
import { isKnownInstanceClass } from "../../../components/data/instanceClasses";
import {
    ENGINE_VERSION_ALLOWED,
    ENGINE_VERSION_PATTERN,
    isKnownEngineVersion,
} from "../../../components/data/postgresEngine";
import { bool, int, object, oneOf, optional, record, text } from "../../schema";
import { DAILY_WINDOW, WEEKLY_WINDOW } from "../../windows";

export const databaseSchema = object(
    {
        instanceClass: text({
            doc: "RDS instance class.",
            pattern:
                /^db\.(t3|t4g|m5|m6g|m6i|m7g|m7i|r5|r6g|r6i|r7g|r7i)\.(micro|small|medium|large|xlarge|[1-9]\d?xlarge)$/,
            allowed: "an RDS instance class such as db.t3.micro or db.r6g.large",
            // The size must be one whose memory we know: parameters are sized from it.
            check: isKnownInstanceClass,
        }),
        engineVersion: text({
            doc: "PostgreSQL engine version (must match the production snapshot to restore it).",
            pattern: ENGINE_VERSION_PATTERN,
            check: isKnownEngineVersion,
            allowed: ENGINE_VERSION_ALLOWED,
        }),
        databaseName: text({
            doc: "Initial database name.",
            pattern: /^[a-z][a-z0-9_]{0,62}$/,
            allowed: "a lower-case identifier",
            default: DATABASE_DEFAULTS.databaseName,
        }),
        username: text({
            doc: "Master user name (its password is generated and kept by RDS in Secrets Manager).",
            pattern: /^[a-z][a-z0-9_]{0,15}$/,
            allowed: "a lower-case identifier of at most 16 characters",
            default: DATABASE_DEFAULTS.username,
        }),
        allocatedStorage: int({
            doc: "Storage in GiB.",
            min: 20,
            max: 65536,
            default: DATABASE_DEFAULTS.allocatedStorage,
        }),
        maxAllocatedStorage: int({
            doc: "Storage autoscaling ceiling in GiB (at least allocatedStorage).",
            min: 20,
            max: 65536,
            default: DATABASE_DEFAULTS.maxAllocatedStorage,
        }),
        // io1/io2 would need provisioned IOPS, which the Database component does not set.
        storageType: oneOf(STORAGE_TYPES, {
            doc: "Storage type.",
            default: DATABASE_DEFAULTS.storageType,
        }),
        multiAz: bool({
            doc: "Standby in a second AZ.",
            default: DATABASE_DEFAULTS.multiAz,
        }),
        backupRetentionDays: int({
            doc: "Automated backup retention in days.",
            ...BACKUP_RETENTION_DAYS,
            default: DATABASE_DEFAULTS.backupRetentionDays,
        }),
        backupWindow: text({
            doc: "Daily backup window, UTC (at least 30 minutes).",
            pattern: DAILY_WINDOW,
            allowed: "a UTC window hh:mm-hh:mm",
            default: DATABASE_DEFAULTS.backupWindow,
        }),
        maintenanceWindow: text({
            doc: "Weekly maintenance window, UTC (at least 30 minutes, not overlapping the backup window).",
            pattern: WEEKLY_WINDOW,
            allowed: "a UTC window ddd:hh:mm-ddd:hh:mm such as wed:16:20-wed:16:50",
            default: DATABASE_DEFAULTS.maintenanceWindow,
        }),
        deletionProtection: bool({
            doc: "RDS deletion protection.",
            default: DATABASE_DEFAULTS.deletionProtection,
        }),
        protect: bool({
            doc: "Pulumi `protect`: refuse to delete the instance from Pulumi.",
            default: DATABASE_DEFAULTS.protect,
        }),
        performanceInsights: bool({
            doc: "Performance Insights (7-day free tier), KMS-encrypted.",
            default: DATABASE_DEFAULTS.performanceInsights,
        }),
        monitoringInterval: oneOf(MONITORING_INTERVALS, {
            doc: "Enhanced monitoring interval in seconds; 0 turns it off.",
            default: DATABASE_DEFAULTS.monitoringInterval,
        }),
        snapshotIdentifier: optional(
            text({
                doc: "Create the instance from this (encrypted) snapshot: the production migration.",
                pattern: /^(arn:aws:rds:[a-z0-9-]+:\d{12}:snapshot:)?[a-zA-Z][a-zA-Z0-9-]{0,254}$/,
                allowed: "an RDS snapshot identifier or ARN",
            }),
        ),
        createEmpty: bool({
            doc: "Create an empty database (no snapshotIdentifier): an explicit opt-in, so a stack meant to restore never starts empty by accident.",
            default: false,
        }),
        parameters: record(
            // Numbers too: describe-db-parameters and `pulumi config set --path` write them.
            text({
                doc: "",
                pattern: /^[^\n]{1,512}$/,
                allowed: "a parameter value",
                numbers: true,
            }),
            {
                doc: "Overrides of the custom parameter group (name → value), on top of the sized defaults.",
                keyPattern: /^[a-z][a-z0-9_.]{1,63}$/,
                keyAllowed: "PostgreSQL parameter names",
                default: {},
            },
        ),
    },
    { doc: "RDS PostgreSQL." },
);
