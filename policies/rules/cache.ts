/**
 * ElastiCache rules: Memcached node clusters, serverless caches and, should
 * the engine ever change, Redis/Valkey replication groups.
 */
import * as aws from "../../sdk/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { ignoreUnknown, validateTyped } from "./helpers";

/** A program-owned subnet group, never the default one. */
export const elasticacheSubnetGroup: ResourceValidationPolicy = {
    name: "elasticache-subnet-group",
    description: "ElastiCache clusters set subnetGroupName to a custom subnet group.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.elasticache.Cluster, [], (cluster, _a, report) => {
        // Members of a replication group take the group's subnet group.
        if (cluster.replicationGroupId !== undefined) {
            return;
        }
        if (!cluster.subnetGroupName || cluster.subnetGroupName === "default") {
            report("ElastiCache cluster must set subnetGroupName to a custom subnet group.");
        }
    }),
};

/** TLS between clients and Memcached nodes (node Memcached has no at-rest encryption). */
export const elasticacheMemcachedTransitEncryption: ResourceValidationPolicy = {
    name: "elasticache-memcached-transit-encryption",
    description: "Memcached clusters set transitEncryptionEnabled to true.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.elasticache.Cluster, [], (cluster, _a, report) => {
        if (cluster.engine === "memcached" && cluster.transitEncryptionEnabled !== true) {
            report("ElastiCache cluster must set transitEncryptionEnabled to true.");
        }
    }),
};

/** Not on the engine's default port. */
export const elasticacheNonDefaultPort: ResourceValidationPolicy = {
    name: "elasticache-non-default-port",
    description: "Memcached clusters set port to a value other than 11211.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.elasticache.Cluster, [], (cluster, _a, report) => {
        if (cluster.engine === "memcached" && (cluster.port ?? 11211) === 11211) {
            report("ElastiCache cluster must set port to a value other than 11211.");
        }
    }),
};

/** Explicit security groups (otherwise the VPC default SG applies). */
export const elasticacheSecurityGroups: ResourceValidationPolicy = {
    name: "elasticache-security-groups",
    description: "ElastiCache clusters and serverless caches set securityGroupIds.",
    enforcementLevel: "advisory",
    validateResource: [
        validateTyped(aws.elasticache.Cluster, [], (cluster, _a, report) => {
            if (
                cluster.replicationGroupId === undefined &&
                (cluster.securityGroupIds?.length ?? 0) === 0
            ) {
                report("ElastiCache cluster must set securityGroupIds.");
            }
        }),
        validateTyped(aws.elasticache.ServerlessCache, [], (cache, _a, report) => {
            if ((cache.securityGroupIds?.length ?? 0) === 0) {
                report("ElastiCache serverless cache must set securityGroupIds.");
            }
        }),
    ],
};

/** Minor-version patches ("true"/"false" string in v7). */
export const elasticacheAutoMinorVersionUpgrade: ResourceValidationPolicy = {
    name: "elasticache-auto-minor-version-upgrade",
    description: 'ElastiCache clusters do not set autoMinorVersionUpgrade to "false".',
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.elasticache.Cluster, [], (cluster, _a, report) => {
        if (String(cluster.autoMinorVersionUpgrade) === "false") {
            report("ElastiCache cluster must not set autoMinorVersionUpgrade to false.");
        }
    }),
};

/** Nodes spread over AZs. */
export const elasticacheMultiAz: ResourceValidationPolicy = {
    name: "elasticache-multi-az",
    description: "Memcached clusters set azMode to cross-az with numCacheNodes of at least 2.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.elasticache.Cluster, [], (cluster, _a, report) => {
        if (cluster.engine !== "memcached") {
            return;
        }
        if (cluster.azMode !== "cross-az" || (cluster.numCacheNodes ?? 1) < 2) {
            report(
                "ElastiCache cluster must set azMode to cross-az with numCacheNodes of at least 2.",
            );
        }
    }),
};

/** Serverless caches encrypt with a CMK and sit in the program's subnets. */
export const elasticacheServerlessCmk: ResourceValidationPolicy = {
    name: "elasticache-serverless-cmk",
    description: "ElastiCache serverless caches set kmsKeyId and subnetIds.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.elasticache.ServerlessCache, [], (cache, _a, report) => {
        ignoreUnknown(() => {
            if (!cache.kmsKeyId) {
                report(
                    "ElastiCache serverless cache must set kmsKeyId to a customer-managed KMS key.",
                );
            }
        });
        ignoreUnknown(() => {
            if ((cache.subnetIds?.length ?? 0) === 0) {
                report("ElastiCache serverless cache must set subnetIds.");
            }
        });
    }),
};

/** Redis/Valkey replication groups encrypt at rest and in transit. */
export const elasticacheReplicationGroupEncryption: ResourceValidationPolicy = {
    name: "elasticache-replication-group-encryption",
    description:
        "ElastiCache replication groups set atRestEncryptionEnabled and transitEncryptionEnabled to true.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.elasticache.ReplicationGroup, [], (group, _a, report) => {
        ignoreUnknown(() => {
            // Typed boolean, but the provider also accepts the nullable-bool string form.
            if (String(group.atRestEncryptionEnabled) !== "true") {
                report("ElastiCache replication group must set atRestEncryptionEnabled to true.");
            }
        });
        ignoreUnknown(() => {
            if (group.transitEncryptionEnabled !== true) {
                report("ElastiCache replication group must set transitEncryptionEnabled to true.");
            }
        });
    }),
};

/** All ElastiCache policies. */
export const cachePolicies = [
    elasticacheSubnetGroup,
    elasticacheMemcachedTransitEncryption,
    elasticacheNonDefaultPort,
    elasticacheSecurityGroups,
    elasticacheAutoMinorVersionUpgrade,
    elasticacheMultiAz,
    elasticacheServerlessCmk,
    elasticacheReplicationGroupEncryption,
];
