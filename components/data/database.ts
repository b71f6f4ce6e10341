/**
 * Database: RDS for PostgreSQL in the isolated subnets, encrypted with the stack key, with its own
 * parameter group (TLS forced, sized to the instance class), an RDS-managed master password in
 * Secrets Manager, KMS-encrypted log groups for the exported logs, and an optional Enhanced
 * Monitoring role. It can be created from an encrypted copy of the production snapshot.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { DATA_PORTS } from "../app/appIdentity";
import { instanceClassSize } from "./instanceClasses";
import { engineMajor, engineSupportStatus, extendedSupportWarning } from "./postgresEngine";
import { checkParameterOverrides, parameterGroupParameters } from "./postgresParameters";
import { ArgsError } from "../errors";
import { serviceTrustPolicy } from "../security/trustPolicy";

/** Storage types the component creates (io1/io2 would need provisioned IOPS, which it does not set). */
export const STORAGE_TYPES = ["gp3", "gp2"] as const;
/** Storage types the args name: io1/io2 are refused with a message. */
export type StorageType = (typeof STORAGE_TYPES)[number] | "io1" | "io2";
/**
 * Enhanced Monitoring intervals in seconds; 0 turns it off
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html, MonitoringInterval).
 */
export const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;
export type MonitoringInterval = (typeof MONITORING_INTERVALS)[number];

/** Defaults for the optional args; the `database` settings take theirs from here. */
export const DATABASE_DEFAULTS = {
    databaseName: "tng",
    username: "tng",
    allocatedStorage: 40,
    maxAllocatedStorage: 100,
    storageType: "gp3",
    multiAz: false,
    backupRetentionDays: 7,
    backupWindow: "13:15-13:45",
    maintenanceWindow: "wed:16:20-wed:16:50",
    deletionProtection: true,
    protect: false,
    performanceInsights: false,
    monitoringInterval: 0,
} as const satisfies Partial<DatabaseArgs>;
/** RDS keeps automated backups for 1 to 35 days. */
export const BACKUP_RETENTION_DAYS = { min: 1, max: 35 } as const;

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
    const allocated = args.allocatedStorage ?? DATABASE_DEFAULTS.allocatedStorage;
    const max = args.maxAllocatedStorage ?? DATABASE_DEFAULTS.maxAllocatedStorage;
    if (max < allocated) {
        problems.push(
            `Database maxAllocatedStorage (${max}) must be at least allocatedStorage (${allocated}).`,
        );
    }
    const retention = args.backupRetentionDays ?? DATABASE_DEFAULTS.backupRetentionDays;
    if (
        !Number.isInteger(retention) ||
        retention < BACKUP_RETENTION_DAYS.min ||
        retention > BACKUP_RETENTION_DAYS.max
    ) {
        problems.push(
            `Database backupRetentionDays must be an integer from ${BACKUP_RETENTION_DAYS.min} to ${BACKUP_RETENTION_DAYS.max} (got ${retention}).`,
        );
    }
    if (args.storageType === "io1" || args.storageType === "io2") {
        problems.push(
            `Database storageType ${args.storageType} needs provisioned IOPS, which this component does not set: use gp3 (3,000 IOPS baseline).`,
        );
    }
    if (problems.length > 0) {
        throw new ArgsError(problems.join("\n"));
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
        const multiAz = args.multiAz ?? DATABASE_DEFAULTS.multiAz;
        const protect = args.protect ?? DATABASE_DEFAULTS.protect;
        const monitoringInterval = args.monitoringInterval ?? DATABASE_DEFAULTS.monitoringInterval;
        const performanceInsights =
            args.performanceInsights ?? DATABASE_DEFAULTS.performanceInsights;
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
                    // Confused-deputy guard: only this account's RDS may assume it.
                    assumeRolePolicy: pulumi
                        .output(args.accountId)
                        .apply((accountId) =>
                            serviceTrustPolicy("monitoring.rds.amazonaws.com", accountId),
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
                dbName: restoring
                    ? undefined
                    : (args.databaseName ?? DATABASE_DEFAULTS.databaseName),
                username: restoring ? undefined : (args.username ?? DATABASE_DEFAULTS.username),
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
                storageType: args.storageType ?? DATABASE_DEFAULTS.storageType,
                allocatedStorage: args.allocatedStorage ?? DATABASE_DEFAULTS.allocatedStorage,
                maxAllocatedStorage:
                    args.maxAllocatedStorage ?? DATABASE_DEFAULTS.maxAllocatedStorage,
                // Network: isolated subnets, never public, admitted only from the app.
                dbSubnetGroupName: subnetGroup.name,
                vpcSecurityGroupIds: [sg.id],
                publiclyAccessible: false,
                multiAz,
                // Backups and deletion.
                backupRetentionPeriod:
                    args.backupRetentionDays ?? DATABASE_DEFAULTS.backupRetentionDays,
                backupWindow: args.backupWindow ?? DATABASE_DEFAULTS.backupWindow,
                maintenanceWindow: args.maintenanceWindow ?? DATABASE_DEFAULTS.maintenanceWindow,
                deletionProtection: args.deletionProtection ?? DATABASE_DEFAULTS.deletionProtection,
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
