import * as aws from "../../sdk/aws";
import * as rules from "../rules/database";
import { PropsOf } from "../rules/helpers";
import {
    assertStackUnchecked,
    assertStackViolations,
    describeResourcePolicy,
    exported,
    unknown,
} from "./util";

type Db = PropsOf<aws.rds.InstanceArgs>;

/** A PostgreSQL instance that passes every RDS rule. */
function happyDb(): Db {
    return {
        instanceClass: "db.t4g.medium",
        engine: "postgres",
        engineVersion: "16.4",
        storageEncrypted: true,
        kmsKeyId: "arn:aws:kms:ap-northeast-1:123456789012:key/db",
        publiclyAccessible: false,
        dbSubnetGroupName: "tng-db-subnets",
        parameterGroupName: "tng-pg16",
        multiAz: true,
        backupRetentionPeriod: 14,
        deletionProtection: true,
        skipFinalSnapshot: false,
        port: 5433,
        iamDatabaseAuthenticationEnabled: true,
        monitoringInterval: 60,
        monitoringRoleArn: "arn:aws:iam::123456789012:role/rds-monitoring",
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        autoMinorVersionUpgrade: true,
        copyTagsToSnapshot: true,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: "arn:aws:kms:ap-northeast-1:123456789012:key/pi",
        caCertIdentifier: "rds-ca-rsa2048-g1",
        username: "tng_admin",
        manageMasterUserPassword: true,
    };
}

describe("database policies", () => {
    describeResourcePolicy(rules.rdsStorageEncrypted, aws.rds.Instance, happyDb, [
        {
            title: "storageEncrypted is false",
            mutate: (p) => (p.storageEncrypted = false),
            messages: ["RDS instance must set storageEncrypted to true."],
        },
        {
            title: "storageEncrypted is missing (AWS default is unencrypted)",
            mutate: (p) => delete p.storageEncrypted,
            messages: ["RDS instance must set storageEncrypted to true."],
        },
        {
            title: "storageEncrypted is unknown",
            mutate: (p) => (p.storageEncrypted = unknown()),
            messages: [],
        },
        {
            title: "it is a read replica (inherits encryption)",
            mutate: (p) => {
                p.storageEncrypted = false;
                p.replicateSourceDb = "primary";
            },
            messages: [],
        },
    ]);

    describeResourcePolicy(rules.rdsKmsCmk, aws.rds.Instance, happyDb, [
        {
            title: "kmsKeyId is missing",
            mutate: (p) => delete p.kmsKeyId,
            messages: ["RDS instance must set kmsKeyId to a customer-managed KMS key."],
        },
        { title: "kmsKeyId is unknown", mutate: (p) => (p.kmsKeyId = unknown()), messages: [] },
    ]);

    describeResourcePolicy(rules.rdsNoPublicAccess, aws.rds.Instance, happyDb, [
        {
            title: "publiclyAccessible is true",
            mutate: (p) => (p.publiclyAccessible = true),
            messages: ["RDS instance must not set publiclyAccessible to true."],
        },
        {
            title: "publiclyAccessible is missing (default false)",
            mutate: (p) => delete p.publiclyAccessible,
            messages: [],
        },
        {
            title: "publiclyAccessible is unknown",
            mutate: (p) => (p.publiclyAccessible = unknown()),
            messages: [],
        },
    ]);

    describeResourcePolicy(rules.rdsSubnetGroup, aws.rds.Instance, happyDb, [
        {
            title: "dbSubnetGroupName is missing",
            mutate: (p) => delete p.dbSubnetGroupName,
            messages: ["RDS instance must set dbSubnetGroupName to a custom DB subnet group."],
        },
        {
            title: "dbSubnetGroupName is default",
            mutate: (p) => (p.dbSubnetGroupName = "default"),
            messages: ["RDS instance must set dbSubnetGroupName to a custom DB subnet group."],
        },
        {
            title: "dbSubnetGroupName is unknown",
            mutate: (p) => (p.dbSubnetGroupName = unknown()),
            messages: [],
        },
    ]);

    describeResourcePolicy(rules.rdsMultiAz, aws.rds.Instance, happyDb, [
        {
            title: "multiAz is false",
            mutate: (p) => (p.multiAz = false),
            messages: ["RDS instance must set multiAz to true."],
        },
        { title: "multiAz is unknown", mutate: (p) => (p.multiAz = unknown()), messages: [] },
    ]);

    describeResourcePolicy(rules.rdsBackupRetention, aws.rds.Instance, happyDb, [
        {
            title: "backupRetentionPeriod is below 7",
            mutate: (p) => (p.backupRetentionPeriod = 1),
            messages: ["RDS instance must set backupRetentionPeriod to at least 7 days."],
        },
        {
            title: "backupRetentionPeriod is missing",
            mutate: (p) => delete p.backupRetentionPeriod,
            messages: ["RDS instance must set backupRetentionPeriod to at least 7 days."],
        },
        {
            title: "minDays is raised by config above the value",
            mutate: () => undefined,
            config: { minDays: 30 },
            messages: ["RDS instance must set backupRetentionPeriod to at least 30 days."],
        },
        {
            title: "backupRetentionPeriod is unknown",
            mutate: (p) => (p.backupRetentionPeriod = unknown()),
            messages: [],
        },
    ]);

    describeResourcePolicy(rules.rdsDeletionProtection, aws.rds.Instance, happyDb, [
        {
            title: "deletionProtection is missing",
            mutate: (p) => delete p.deletionProtection,
            messages: ["RDS instance must set deletionProtection to true."],
        },
        {
            title: "skipFinalSnapshot is true",
            mutate: (p) => (p.skipFinalSnapshot = true),
            messages: ["RDS instance must not set skipFinalSnapshot to true."],
        },
        {
            title: "deletionProtection is unknown but skipFinalSnapshot is true",
            mutate: (p) => {
                p.deletionProtection = unknown();
                p.skipFinalSnapshot = true;
            },
            messages: ["RDS instance must not set skipFinalSnapshot to true."],
        },
    ]);

    describeResourcePolicy(rules.rdsNonDefaultPort, aws.rds.Instance, happyDb, [
        {
            title: "port is 5432",
            mutate: (p) => (p.port = 5432),
            messages: ["RDS PostgreSQL instance must set port to a value other than 5432."],
        },
        { title: "port is unknown", mutate: (p) => (p.port = unknown()), messages: [] },
        {
            title: "a MySQL instance on 3306 (its own default, named)",
            mutate: (p) => {
                p.engine = "mysql";
                p.port = 3306;
            },
            messages: ["RDS MySQL instance must set port to a value other than 3306."],
        },
        {
            title: "a MySQL instance on 5432",
            mutate: (p) => {
                p.engine = "mysql";
                p.port = 5432;
            },
            messages: [],
        },
    ]);

    describeResourcePolicy(rules.rdsIamAuthentication, aws.rds.Instance, happyDb, [
        {
            title: "iamDatabaseAuthenticationEnabled is missing",
            mutate: (p) => delete p.iamDatabaseAuthenticationEnabled,
            messages: ["RDS instance must set iamDatabaseAuthenticationEnabled to true."],
        },
    ]);

    describeResourcePolicy(rules.rdsEnhancedMonitoring, aws.rds.Instance, happyDb, [
        {
            title: "monitoringInterval is 0",
            mutate: (p) => (p.monitoringInterval = 0),
            messages: [
                "RDS instance must set monitoringInterval to 1, 5, 10, 15, 30 or 60 with monitoringRoleArn.",
            ],
        },
        {
            title: "monitoringRoleArn is missing",
            mutate: (p) => delete p.monitoringRoleArn,
            messages: [
                "RDS instance must set monitoringInterval to 1, 5, 10, 15, 30 or 60 with monitoringRoleArn.",
            ],
        },
        {
            title: "monitoringRoleArn is unknown",
            mutate: (p) => (p.monitoringRoleArn = unknown()),
            messages: [],
        },
    ]);

    describeResourcePolicy(rules.rdsLogExports, aws.rds.Instance, happyDb, [
        {
            title: "enabledCloudwatchLogsExports lacks upgrade",
            mutate: (p) => (p.enabledCloudwatchLogsExports = ["postgresql"]),
            messages: [
                "RDS PostgreSQL instance must include upgrade in enabledCloudwatchLogsExports.",
            ],
        },
        {
            title: "enabledCloudwatchLogsExports is missing",
            mutate: (p) => delete p.enabledCloudwatchLogsExports,
            messages: [
                "RDS PostgreSQL instance must include postgresql in enabledCloudwatchLogsExports.",
                "RDS PostgreSQL instance must include upgrade in enabledCloudwatchLogsExports.",
            ],
        },
        {
            title: "a MySQL instance exporting only error (its log types, named)",
            mutate: (p) => {
                p.engine = "mysql";
                p.enabledCloudwatchLogsExports = ["error"];
            },
            messages: [
                "RDS MySQL instance must include audit in enabledCloudwatchLogsExports.",
                "RDS MySQL instance must include general in enabledCloudwatchLogsExports.",
                "RDS MySQL instance must include slowquery in enabledCloudwatchLogsExports.",
            ],
        },
        {
            title: "config requires only postgresql",
            mutate: (p) => (p.enabledCloudwatchLogsExports = ["postgresql"]),
            config: { requiredExports: ["postgresql"] },
            messages: [],
        },
        {
            title: "the exports are unknown",
            mutate: (p) => (p.enabledCloudwatchLogsExports = unknown()),
            messages: [],
        },
    ]);

    describeResourcePolicy(rules.rdsAutoMinorVersionUpgrade, aws.rds.Instance, happyDb, [
        {
            title: "autoMinorVersionUpgrade is false",
            mutate: (p) => (p.autoMinorVersionUpgrade = false),
            messages: ["RDS instance must not set autoMinorVersionUpgrade to false."],
        },
        {
            title: "autoMinorVersionUpgrade is missing (default true)",
            mutate: (p) => delete p.autoMinorVersionUpgrade,
            messages: [],
        },
    ]);

    describeResourcePolicy(rules.rdsCopyTagsToSnapshot, aws.rds.Instance, happyDb, [
        {
            title: "copyTagsToSnapshot is missing",
            mutate: (p) => delete p.copyTagsToSnapshot,
            messages: ["RDS instance must set copyTagsToSnapshot to true."],
        },
    ]);

    describeResourcePolicy(rules.rdsPerformanceInsights, aws.rds.Instance, happyDb, [
        {
            title: "performanceInsightsKmsKeyId is missing",
            mutate: (p) => delete p.performanceInsightsKmsKeyId,
            messages: [
                "RDS instance must set performanceInsightsEnabled to true with performanceInsightsKmsKeyId.",
            ],
        },
    ]);

    describeResourcePolicy(rules.rdsCaCertificate, aws.rds.Instance, happyDb, [
        {
            title: "caCertIdentifier is an expired CA",
            mutate: (p) => (p.caCertIdentifier = "rds-ca-2019"),
            messages: [
                "RDS instance must set caCertIdentifier to one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1.",
            ],
        },
        {
            title: "caCertIdentifier is missing (AWS default is current)",
            mutate: (p) => delete p.caCertIdentifier,
            messages: [],
        },
    ]);

    describeResourcePolicy(rules.rdsNonDefaultUsername, aws.rds.Instance, happyDb, [
        {
            title: "username is postgres",
            mutate: (p) => (p.username = "postgres"),
            messages: ["RDS PostgreSQL instance must not set username to postgres."],
        },
        { title: "username is unknown", mutate: (p) => (p.username = unknown()), messages: [] },
    ]);

    describeResourcePolicy(rules.rdsManagedMasterPassword, aws.rds.Instance, happyDb, [
        {
            title: "a password is passed instead",
            mutate: (p) => {
                delete p.manageMasterUserPassword;
                p.password = "from-config";
            },
            messages: [
                "RDS instance must set manageMasterUserPassword to true instead of password.",
            ],
        },
    ]);

    describeResourcePolicy(
        rules.rdsParameterGroupLogging,
        aws.rds.ParameterGroup,
        () => ({
            family: "postgres16",
            parameters: [
                { name: "rds.force_ssl", value: "1" },
                { name: "log_statement", value: "ddl" },
                { name: "log_min_duration_statement", value: "1000" },
            ],
        }),
        [
            {
                title: "log_statement is missing",
                mutate: (p) =>
                    (p.parameters = p.parameters?.filter((x) => x.name !== "log_statement")),
                messages: ["RDS parameter group must set log_statement in parameters."],
            },
            {
                title: "the family is not postgres",
                mutate: (p) => {
                    p.family = "mysql8.0";
                    p.parameters = [];
                },
                messages: [],
            },
            {
                title: "parameters are unknown",
                mutate: (p) => (p.parameters = unknown()),
                messages: [],
            },
        ],
    );

    describe(rules.rdsForceSslParameterGroup.name, () => {
        const group = (value: string) =>
            exported(aws.rds.ParameterGroup, "pg", {
                name: "tng-pg16",
                family: "postgres16",
                parameters: [{ name: "rds.force_ssl", value }],
            });
        const db = (mutate: (p: Db) => void = () => undefined) => {
            const props = happyDb();
            mutate(props);
            return exported(aws.rds.Instance, "db", props);
        };

        it("passes when the instance's parameter group sets rds.force_ssl to 1", async () => {
            await assertStackViolations(rules.rdsForceSslParameterGroup, [group("1"), db()], []);
        });
        it("matches the group by the synth's id as well as by name", async () => {
            await assertStackViolations(
                rules.rdsForceSslParameterGroup,
                [group("0"), db((p) => (p.parameterGroupName = "pg-id"))],
                [
                    [group("0"), "RDS parameter group must set rds.force_ssl to 1 in parameters."],
                    [
                        db(),
                        "RDS instance uses a parameter group (parameterGroupName) that does not set rds.force_ssl to 1.",
                    ],
                ],
            );
        });
        it("fails on the parameter group and on every instance and cluster using it when rds.force_ssl is 0", async () => {
            await assertStackViolations(
                rules.rdsForceSslParameterGroup,
                [group("0"), db()],
                [
                    [group("0"), "RDS parameter group must set rds.force_ssl to 1 in parameters."],
                    [
                        db(),
                        "RDS instance uses a parameter group (parameterGroupName) that does not set rds.force_ssl to 1.",
                    ],
                ],
            );
            const clusterGroup = exported(aws.rds.ClusterParameterGroup, "cpg", {
                name: "tng-aurora-pg16",
                family: "aurora-postgresql16",
                parameters: [{ name: "rds.force_ssl", value: "0" }],
            });
            const cluster = (name: string, groupName: string) =>
                exported(aws.rds.Cluster, name, {
                    engine: "aurora-postgresql",
                    storageEncrypted: true,
                    dbClusterParameterGroupName: groupName,
                });
            await assertStackViolations(
                rules.rdsForceSslParameterGroup,
                [clusterGroup, cluster("a", "tng-aurora-pg16"), cluster("b", "cpg-id")],
                [
                    [
                        clusterGroup,
                        "RDS parameter group must set rds.force_ssl to 1 in parameters.",
                    ],
                    [
                        cluster("a", ""),
                        "RDS cluster uses a parameter group (dbClusterParameterGroupName) that does not set rds.force_ssl to 1.",
                    ],
                    [
                        cluster("b", ""),
                        "RDS cluster uses a parameter group (dbClusterParameterGroupName) that does not set rds.force_ssl to 1.",
                    ],
                ],
            );
            await assertStackViolations(
                rules.rdsForceSslParameterGroup,
                [cluster("a", "default.aurora-postgresql16")],
                [
                    [
                        cluster("a", ""),
                        "RDS cluster must set dbClusterParameterGroupName to a custom parameter group.",
                    ],
                ],
            );
        });
        it("fails when parameterGroupName is missing or a default group before PostgreSQL 15", async () => {
            for (const mutate of [
                (p: Db) => {
                    p.engineVersion = "14.12";
                    delete p.parameterGroupName;
                },
                (p: Db) => {
                    p.engineVersion = "14";
                    p.parameterGroupName = "default.postgres14";
                },
                // Unknown major (the default version may change): the finding stays.
                (p: Db) => {
                    delete p.engineVersion;
                    delete p.parameterGroupName;
                },
            ]) {
                await assertStackViolations(
                    rules.rdsForceSslParameterGroup,
                    [group("1"), db(mutate)],
                    [
                        [
                            db(),
                            "RDS instance must set parameterGroupName to a custom parameter group.",
                        ],
                    ],
                );
            }
        });
        // RDS for PostgreSQL 15+ sets rds.force_ssl to 1 by default:
        // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/ssl-certificate-rotation-postgresql.html
        it("passes PostgreSQL 15+ on its default group, and a postgres15+ group that leaves rds.force_ssl unset", async () => {
            for (const mutate of [
                (p: Db) => delete p.parameterGroupName,
                (p: Db) => (p.parameterGroupName = "default.postgres16"),
                (p: Db) => {
                    p.engineVersion = "15.7";
                    p.parameterGroupName = "default.postgres15";
                },
            ]) {
                await assertStackViolations(rules.rdsForceSslParameterGroup, [db(mutate)], []);
            }
            const unset = (family: string) =>
                exported(aws.rds.ParameterGroup, "pg", { name: "tng-pg", family, parameters: [] });
            await assertStackViolations(
                rules.rdsForceSslParameterGroup,
                [unset("postgres16"), db((p) => (p.parameterGroupName = "tng-pg"))],
                [],
            );
            await assertStackViolations(
                rules.rdsForceSslParameterGroup,
                [
                    unset("postgres14"),
                    db((p) => {
                        p.engineVersion = "14.12";
                        p.parameterGroupName = "tng-pg";
                    }),
                ],
                [
                    [
                        unset("postgres14"),
                        "RDS parameter group must set rds.force_ssl to 1 in parameters.",
                    ],
                    [
                        db(),
                        "RDS instance uses a parameter group (parameterGroupName) that does not set rds.force_ssl to 1.",
                    ],
                ],
            );
        });
        it("does not report a group outside the stack; reports an unknown reference as could not check", async () => {
            await assertStackViolations(
                rules.rdsForceSslParameterGroup,
                [db((p) => (p.parameterGroupName = "shared-pg"))],
                [],
            );
            await assertStackUnchecked(
                rules.rdsForceSslParameterGroup,
                [group("0"), db((p) => (p.parameterGroupName = unknown()))],
                [[db(), "could not check parameterGroupName: value unknown/secret"]],
            );
        });
        it("reports an unknown parameter value as could not check, not as a violation", async () => {
            await assertStackUnchecked(
                rules.rdsForceSslParameterGroup,
                [group(unknown()), db()],
                [[db(), "could not check parameters.0.value: value unknown/secret"]],
            );
        });
        it("ignores non-PostgreSQL engines", async () => {
            await assertStackViolations(
                rules.rdsForceSslParameterGroup,
                [
                    db((p) => {
                        p.engine = "mysql";
                        delete p.parameterGroupName;
                    }),
                ],
                [],
            );
        });
    });
});
