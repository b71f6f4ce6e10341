/**
 * ElastiCache rules (policy-anchors.md §7): Memcached node clusters, serverless caches and, should
 * the engine ever change, Redis/Valkey replication groups.
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { ignoreUnknown, validateTyped } from "./helpers";

/** C1: a program-owned subnet group, never the default one. */
export const elasticacheSubnetGroup: ResourceValidationPolicy = {
    name: "elasticache-subnet-group",
    description: "ElastiCache clusters set subnetGroupName to a custom subnet group (C1).",
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

/** C2: TLS between clients and Memcached nodes (node Memcached has no at-rest encryption). */
export const elasticacheMemcachedTransitEncryption: ResourceValidationPolicy = {
    name: "elasticache-memcached-transit-encryption",
    description: "Memcached clusters set transitEncryptionEnabled to true (C2).",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.elasticache.Cluster, [], (cluster, _a, report) => {
        if (cluster.engine === "memcached" && cluster.transitEncryptionEnabled !== true) {
            report("ElastiCache cluster must set transitEncryptionEnabled to true.");
        }
    }),
};

/** C3: not on the engine's default port. */
export const elasticacheNonDefaultPort: ResourceValidationPolicy = {
    name: "elasticache-non-default-port",
    description: "Memcached clusters set port to a value other than 11211 (C3).",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.elasticache.Cluster, [], (cluster, _a, report) => {
        if (cluster.engine === "memcached" && (cluster.port ?? 11211) === 11211) {
            report("ElastiCache cluster must set port to a value other than 11211.");
        }
    }),
};

/** C4: explicit security groups (otherwise the VPC default SG applies). */
export const elasticacheSecurityGroups: ResourceValidationPolicy = {
    name: "elasticache-security-groups",
    description: "ElastiCache clusters and serverless caches set securityGroupIds (C4).",
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

/** C5: minor-version patches ("true"/"false" string in v7). */
export const elasticacheAutoMinorVersionUpgrade: ResourceValidationPolicy = {
    name: "elasticache-auto-minor-version-upgrade",
    description: 'ElastiCache clusters do not set autoMinorVersionUpgrade to "false" (C5).',
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.elasticache.Cluster, [], (cluster, _a, report) => {
        if (String(cluster.autoMinorVersionUpgrade) === "false") {
            report("ElastiCache cluster must not set autoMinorVersionUpgrade to false.");
        }
    }),
};

/** C6: nodes spread over AZs. */
export const elasticacheMultiAz: ResourceValidationPolicy = {
    name: "elasticache-multi-az",
    description: "Memcached clusters set azMode to cross-az with numCacheNodes of at least 2 (C6).",
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

/** C7: serverless caches encrypt with a CMK and sit in the program's subnets. */
export const elasticacheServerlessCmk: ResourceValidationPolicy = {
    name: "elasticache-serverless-cmk",
    description: "ElastiCache serverless caches set kmsKeyId and subnetIds (C7).",
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

/** C8: Redis/Valkey replication groups encrypt at rest and in transit. */
export const elasticacheReplicationGroupEncryption: ResourceValidationPolicy = {
    name: "elasticache-replication-group-encryption",
    description:
        "ElastiCache replication groups set atRestEncryptionEnabled and transitEncryptionEnabled to true (C8).",
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
