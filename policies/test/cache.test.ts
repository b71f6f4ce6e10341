import * as aws from "../../sdk/aws";
import * as rules from "../rules/cache";
import { PropsOf } from "../rules/helpers";
import { describeResourcePolicy, unknown } from "./util";

function cluster(): PropsOf<aws.elasticache.ClusterArgs> {
    return {
        engine: "memcached",
        engineVersion: "1.6.22",
        nodeType: "cache.t4g.small",
        numCacheNodes: 2,
        azMode: "cross-az",
        port: 11212,
        subnetGroupName: "tng-cache-subnets",
        securityGroupIds: ["cache-sg-id"],
        transitEncryptionEnabled: true,
        autoMinorVersionUpgrade: "true",
    };
}

describe("cache policies", () => {
    describeResourcePolicy(rules.elasticacheSubnetGroup, aws.elasticache.Cluster, cluster, [
        {
            title: "subnetGroupName is missing",
            mutate: (p) => delete p.subnetGroupName,
            messages: ["ElastiCache cluster must set subnetGroupName to a custom subnet group."],
        },
        {
            title: "subnetGroupName is default",
            mutate: (p) => (p.subnetGroupName = "default"),
            messages: ["ElastiCache cluster must set subnetGroupName to a custom subnet group."],
        },
        {
            title: "subnetGroupName is unknown",
            mutate: (p) => (p.subnetGroupName = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(
        rules.elasticacheMemcachedTransitEncryption,
        aws.elasticache.Cluster,
        cluster,
        [
            {
                title: "transitEncryptionEnabled is false",
                mutate: (p) => (p.transitEncryptionEnabled = false),
                messages: ["ElastiCache cluster must set transitEncryptionEnabled to true."],
            },
            {
                title: "transitEncryptionEnabled is missing (default off)",
                mutate: (p) => delete p.transitEncryptionEnabled,
                messages: ["ElastiCache cluster must set transitEncryptionEnabled to true."],
            },
            {
                title: "transitEncryptionEnabled is unknown",
                mutate: (p) => (p.transitEncryptionEnabled = unknown()),
                messages: [],
            },
        ],
    );
    describeResourcePolicy(rules.elasticacheNonDefaultPort, aws.elasticache.Cluster, cluster, [
        {
            title: "port is missing (11211)",
            mutate: (p) => delete p.port,
            messages: ["ElastiCache cluster must set port to a value other than 11211."],
        },
    ]);
    describeResourcePolicy(rules.elasticacheSecurityGroups, aws.elasticache.Cluster, cluster, [
        {
            title: "securityGroupIds is missing",
            mutate: (p) => delete p.securityGroupIds,
            messages: ["ElastiCache cluster must set securityGroupIds."],
        },
        {
            title: "securityGroupIds is unknown",
            mutate: (p) => (p.securityGroupIds = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(
        rules.elasticacheAutoMinorVersionUpgrade,
        aws.elasticache.Cluster,
        cluster,
        [
            {
                title: 'autoMinorVersionUpgrade is "false"',
                mutate: (p) => (p.autoMinorVersionUpgrade = "false"),
                messages: ["ElastiCache cluster must not set autoMinorVersionUpgrade to false."],
            },
            {
                title: "autoMinorVersionUpgrade is missing (default true)",
                mutate: (p) => delete p.autoMinorVersionUpgrade,
                messages: [],
            },
        ],
    );
    describeResourcePolicy(rules.elasticacheMultiAz, aws.elasticache.Cluster, cluster, [
        {
            title: "a single node",
            mutate: (p) => (p.numCacheNodes = 1),
            messages: [
                "ElastiCache cluster must set azMode to cross-az with numCacheNodes of at least 2.",
            ],
        },
        { title: "azMode is unknown", mutate: (p) => (p.azMode = unknown()), messages: [] },
    ]);

    const serverless = (): PropsOf<aws.elasticache.ServerlessCacheArgs> => ({
        engine: "memcached",
        kmsKeyId: "arn:aws:kms:ap-northeast-1:123456789012:key/cache",
        securityGroupIds: ["cache-sg-id"],
        subnetIds: ["a", "c"],
    });
    describeResourcePolicy(
        rules.elasticacheServerlessCmk,
        aws.elasticache.ServerlessCache,
        serverless,
        [
            {
                title: "kmsKeyId and subnetIds are missing",
                mutate: (p) => {
                    delete p.kmsKeyId;
                    delete p.subnetIds;
                },
                messages: [
                    "ElastiCache serverless cache must set kmsKeyId to a customer-managed KMS key.",
                    "ElastiCache serverless cache must set subnetIds.",
                ],
            },
            { title: "kmsKeyId is unknown", mutate: (p) => (p.kmsKeyId = unknown()), messages: [] },
        ],
    );
    describeResourcePolicy(
        rules.elasticacheSecurityGroups,
        aws.elasticache.ServerlessCache,
        serverless,
        [
            {
                title: "securityGroupIds is missing",
                mutate: (p) => delete p.securityGroupIds,
                messages: ["ElastiCache serverless cache must set securityGroupIds."],
            },
        ],
    );
    describeResourcePolicy(
        rules.elasticacheReplicationGroupEncryption,
        aws.elasticache.ReplicationGroup,
        () => ({
            description: "redis",
            engine: "valkey",
            atRestEncryptionEnabled: true,
            transitEncryptionEnabled: true,
        }),
        [
            {
                title: "both encryptions are missing",
                mutate: (p) => {
                    delete p.atRestEncryptionEnabled;
                    delete p.transitEncryptionEnabled;
                },
                messages: [
                    "ElastiCache replication group must set atRestEncryptionEnabled to true.",
                    "ElastiCache replication group must set transitEncryptionEnabled to true.",
                ],
            },
            {
                title: "atRestEncryptionEnabled is unknown",
                mutate: (p) => (p.atRestEncryptionEnabled = unknown()),
                messages: [],
            },
        ],
    );
});
