/**
 * Replacement rules for every resource type the program registers: the inputs whose change makes
 * the provider replace the resource (`ForceNew` in terraform-provider-aws, which @pulumi/aws v7
 * bridges), the physical-name input, and the types the bridge always deletes before replacing.
 * Each entry names the provider file it was read in (with the stored commit where one was read at a
 * fixed version) and the schema facts it relies on; an attribute that could not be read in the
 * provider source is not listed, and a type without an entry is reported by the plan as "no replace
 * rules: assumed update" and counted.
 *
 * Key facts and their public sources:
 *  - ForceNew per type: https://github.com/hashicorp/terraform-provider-aws/tree/main/internal/service
 *    (the file named in each entry's `source`).
 *  - Memcached `nodeType` replaces: the schema has no ForceNew, but the CustomizeDiff
 *    `clusterForceNewOnMemcachedNodeTypeChange` forces it for engine memcached
 *    (https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/elasticache/cluster.go;
 *    the @pulumi/aws docs of `elasticache.Cluster.nodeType` say the same).
 *  - `region` (added by provider v6 to regional resources) is not ForceNew in the schema; an
 *    interceptor forces replacement when it changes, except between unset and the provider's own
 *    region: https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/provider/sdkv2/region.go,
 *    .../internal/provider/framework/region.go, and https://github.com/hashicorp/terraform-provider-aws/pull/43516.
 *  - Physical names: inputs auto-named when unset (`SetAutonaming` on `name`, and the
 *    `AutoName*` overrides in https://github.com/pulumi/pulumi-aws/blob/master/provider/resources.go).
 *  - Delete-before-replace: the bridge's Diff sets it when a replacement is needed and either the
 *    type sets `ResourceInfo.DeleteBeforeReplace` or an auto-named input was set explicitly
 *    (`nameRequiresDeleteBeforeReplace`):
 *    https://github.com/pulumi/pulumi-terraform-bridge/blob/master/pkg/tfbridge/provider.go and
 *    https://github.com/pulumi/pulumi-terraform-bridge/blob/master/pkg/tfbridge/schema.go.
 *
 * Conventions: keys are Pulumi input names (camelCase; Pulumi's renames used, e.g. tf
 * `topic_arn` → `topic`). A dotted key (`a.b`) is a nested attribute that is ForceNew; a bare
 * block name means the whole block. A conditional rule (CustomizeDiff) is listed only when its
 * condition holds for this program, with the condition in a comment.
 */

/** One row per resource type: inputs whose change makes the provider replace the resource. */
export interface ReplaceRule {
    /** Input keys (dotted for nested) that the provider marks ForceNew. */
    readonly forceNew: readonly string[];
    /** The physical-name input (auto-named when unset); undefined when the type has none. */
    readonly physicalName?: string;
    /**
     * Set-typed inputs (`schema.TypeSet` in the provider, dotted for nested): compared without
     * order, as the provider's diff does.
     */
    readonly sets?: readonly string[];
    /** The provider always deletes the old resource before creating its replacement. */
    readonly deleteBeforeReplace?: boolean;
    /**
     * Conditional replacement (a CustomizeDiff or ModifyPlan in the provider): the changed keys
     * that force a replacement given the old and new inputs.
     */
    readonly replaceIf?: (
        base: Readonly<Record<string, unknown>>,
        next: Readonly<Record<string, unknown>>,
    ) => readonly string[];
    /** Public source: the provider file that defines ForceNew for this type. */
    readonly source: string;
}

/** `1.6.22` < `1.6.6`? Numeric comparison of dotted versions (hashicorp/go-version for plain versions). */
export function versionLess(a: string, b: string): boolean {
    const pa = a.split(".").map((x) => parseInt(x, 10));
    const pb = b.split(".").map((x) => parseInt(x, 10));
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const x = pa[i] ?? 0;
        const y = pb[i] ?? 0;
        if (Number.isNaN(x) || Number.isNaN(y)) {
            return false;
        }
        if (x !== y) {
            return x < y;
        }
    }
    return false;
}

/**
 * elasticache/diff.go `customizeDiffEngineVersionForceNewOnDowngrade` → `engineVersionIsDowngrade`:
 * a lower `engine_version` than the old one forces a new cluster; an upgrade is in place.
 */
function engineVersionDowngrade(
    base: Readonly<Record<string, unknown>>,
    next: Readonly<Record<string, unknown>>,
): string[] {
    const o = base.engineVersion;
    const n = next.engineVersion;
    return typeof o === "string" && typeof n === "string" && versionLess(n, o)
        ? ["engineVersion"]
        : [];
}

/** The peer attributes of a VPC security group rule: exactly one is set (ConfigValidators). */
const RULE_PEERS = ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"] as const;

/**
 * ec2/vpc_security_group_ingress_rule.go `ModifyPlan`: "When you modify a rule, you cannot change
 * the rule's source type" — a different peer attribute than before requires replacement
 * (`response.RequiresReplace = []path.Path{path.Root(old), path.Root(new)}`).
 */
function rulePeerKindChange(
    base: Readonly<Record<string, unknown>>,
    next: Readonly<Record<string, unknown>>,
): string[] {
    const kind = (r: Readonly<Record<string, unknown>>) =>
        RULE_PEERS.find((k) => r[k] !== undefined && r[k] !== null);
    const o = kind(base);
    const n = kind(next);
    return o !== n ? [o, n].filter((k): k is (typeof RULE_PEERS)[number] => k !== undefined) : [];
}

export const REPLACE_RULES: Readonly<Record<string, ReplaceRule>> = {
    // ---------------------------------------------------------------- non-AWS
    "random:index/randomPassword:RandomPassword": {
        // Every configurable attribute has RequiresReplace (length, special, upper, lower, numeric, number,
        // min_*). keepers uses RequiresReplaceIfValuesNotNull. override_special is RequiresReplaceIf, except
        // when going from "" to null.
        forceNew: [
            "length",
            "special",
            "upper",
            "lower",
            "numeric",
            "number",
            "minNumeric",
            "minUpper",
            "minLower",
            "minSpecial",
            "overrideSpecial",
            "keepers",
        ],
        source: "terraform-provider-random internal/provider/resource_password.go (passwordSchemaV3)",
    },
    "command:local:Command": {
        // The @pulumi/command 1.2.1 SDK (local/command.js) hard-codes opts.replaceOnChanges = ["triggers[*]"].
        // The provider (infer) has no custom Diff. A change to create/update/delete/environment/logging is an
        // in-place Update. Update runs `update`, or `create` again if no `update` is set. It is not a replacement.
        forceNew: ["triggers"],
        source: "pulumi-command provider/pkg/provider/local/commandController.go + sdk nodejs local/command.js (replaceOnChanges)",
    },

    // ---------------------------------------------------------------- data-holding / focus types
    "aws:rds/instance:Instance": {
        // Updated in place (not ForceNew): instanceClass, allocatedStorage, maxAllocatedStorage, engineVersion,
        // multiAz, identifier (rename is in place from provider v5), port, dbSubnetGroupName, parameterGroupName,
        // storageType, iops, backup*, maintenanceWindow, performanceInsights*, masterUserSecretKmsKeyId,
        // manageMasterUserPassword, caCertIdentifier, publiclyAccessible, vpcSecurityGroupIds, deletionProtection.
        forceNew: [
            "availabilityZone",
            "backupTarget",
            "characterSetName",
            "customIamInstanceProfile",
            "dbName",
            "engine",
            "kmsKeyId",
            "ncharCharacterSetName",
            "restoreToPointInTime",
            "s3Import",
            "snapshotIdentifier",
            "storageEncrypted",
            "timezone",
            "username",
            "region",
        ],
        // engineLifecycleSupport is not listed: the program ignores its changes (ignoreChanges), so it is never compared.
        physicalName: "identifier", // pulumi-aws overrides: identifier has Default{AutoNamed: true} (maxlen 255, or 15 for sqlserver)
        source: "terraform-provider-aws internal/service/rds/instance.go", // schema read from a v5.x copy; v6-only fields not checked
    },
    "aws:elasticache/cluster:Cluster": {
        // nodeType: the schema has no ForceNew, but the CustomizeDiff clusterForceNewOnMemcachedNodeTypeChange calls
        // diff.ForceNew("node_type") when engine is memcached (vertical scaling not supported). For redis/valkey it is in place.
        // engineVersion: CustomizeDiff customizeDiffEngineVersionForceNewOnDowngrade (internal/service/elasticache/diff.go,
        // engineVersionIsDowngrade: new < old) forces a new cluster on a downgrade only: see replaceIf.
        // In place: azMode, numCacheNodes, preferredAvailabilityZones, securityGroupIds, maintenanceWindow,
        // parameterGroupName, engineVersion (upgrade), snapshot*, notificationTopicArn, tags.
        forceNew: [
            "clusterId",
            "engine",
            "port",
            "subnetGroupName",
            "transitEncryptionEnabled",
            "availabilityZone",
            "networkType",
            "outpostMode",
            "preferredOutpostArn",
            "replicationGroupId",
            "snapshotArns",
            "snapshotName",
            "nodeType",
            "region",
        ],
        physicalName: "clusterId", // tfbridge.AutoNameTransform("clusterId", 50, strings.ToLower)
        // cluster.go: security_group_ids is schema.TypeSet (ModifyCacheCluster SecurityGroupIds);
        // preferred_availability_zones is a TypeList (order is the node placement).
        sets: ["securityGroupIds"],
        replaceIf: engineVersionDowngrade,
        source: "terraform-provider-aws internal/service/elasticache/cluster.go (schema, CustomizeDiff) + diff.go (engineVersionIsDowngrade)",
    },
    "aws:elasticache/serverlessCache:ServerlessCache": {
        // Plugin Framework schema: stringplanmodifier.RequiresReplace on engine, kms_key_id, major_engine_version,
        // name; listplanmodifier.RequiresReplace on snapshot_arns_to_restore; setplanmodifier.RequiresReplace on
        // subnet_ids. In place (ModifyServerlessCache): description, cache_usage_limits, daily_snapshot_time,
        // security_group_ids, snapshot_retention_limit, user_group_id.
        forceNew: [
            "engine",
            "kmsKeyId",
            "majorEngineVersion",
            "name",
            "snapshotArnsToRestores",
            "subnetIds",
            "region",
        ],
        physicalName: "name", // pulumi-aws provider/resources.go SetAutonaming: a Required `name` is auto-named
        sets: ["securityGroupIds", "subnetIds"], // schema.SetAttribute
        source: "terraform-provider-aws internal/service/elasticache/serverless_cache.go @00a919d1 (Schema)",
    },
    "aws:cloudsearch/domain:Domain": {
        forceNew: ["name", "region"], // multiAz, scalingParameters, endpointOptions, indexFields are updated in place
        physicalName: "name", // Required string `name` -> SetAutonaming
        source: "terraform-provider-aws internal/service/cloudsearch/domain.go", // older stored copy; name ForceNew is long-standing
    },
    "aws:kms/key:Key": {
        forceNew: [
            "customerMasterKeySpec",
            "keyUsage",
            "multiRegion",
            "customKeyStoreId",
            "xksKeyId",
            "region",
        ],
        // In place: description, policy, deletionWindowInDays, enableKeyRotation, rotationPeriodInDays, isEnabled
        source: "terraform-provider-aws internal/service/kms/key.go",
    },
    "aws:s3/bucket:Bucket": {
        forceNew: [
            "bucket",
            "bucketPrefix",
            "objectLockEnabled",
            "objectLockConfiguration.objectLockEnabled",
            "region",
        ],
        // bucketNamespace (newer than the copy read) is not listed: the program does not set it.
        physicalName: "bucket", // tfbridge.AutoNameTransform("bucket", 63, strings.ToLower)
        source: "terraform-provider-aws internal/service/s3/bucket.go",
    },
    "aws:ec2/subnet:Subnet": {
        // ipv6CidrBlock: ForceNewIf in CustomizeDiff, when the old subnet had assignIpv6AddressOnCreation=true
        forceNew: [
            "availabilityZone",
            "availabilityZoneId",
            "cidrBlock",
            "vpcId",
            "ipv4IpamPoolId",
            "ipv4NetmaskLength",
            "ipv6IpamPoolId",
            "ipv6Native",
            "ipv6NetmaskLength",
            "outpostArn",
            "region",
        ],
        source: "terraform-provider-aws internal/service/ec2/vpc_subnet.go",
    },
    "aws:appautoscaling/target:Target": {
        forceNew: ["resourceId", "scalableDimension", "serviceNamespace", "region"], // maxCapacity/minCapacity/roleArn are in place (RegisterScalableTarget)
        source: "terraform-provider-aws internal/service/appautoscaling/target.go",
    },
    "aws:ecs/taskDefinition:TaskDefinition": {
        // Every definition field is ForceNew (each change registers a new revision). Only tags, skipDestroy and trackLatest are in place.
        forceNew: [
            "containerDefinitions",
            "cpu",
            "memory",
            "family",
            "executionRoleArn",
            "taskRoleArn",
            "networkMode",
            "requiresCompatibilities",
            "runtimePlatform",
            "volumes",
            "ipcMode",
            "pidMode",
            "placementConstraints",
            "proxyConfiguration",
            "ephemeralStorage",
            "region",
            // enableFaultInjection is newer than the copy read and not set by the program: not listed.
        ],
        source: "terraform-provider-aws internal/service/ecs/task_definition.go", // older stored copy; ForceNew set unchanged in substance
    },
    "aws:ecs/service:Service": {
        // In place: taskDefinition, desiredCount, deployment*Percent, deploymentCircuitBreaker, loadBalancers,
        // networkConfiguration, platformVersion, propagateTags, enableEcsManagedTags, enableExecuteCommand,
        // healthCheckGracePeriodSeconds, availabilityZoneRebalancing, capacityProviderStrategies, waitForSteadyState.
        // deployment_controller.type: ForceNew: true in the schema (service.go: "deployment_controller" Elem "type"
        // {Type: TypeString, ForceNew: true, Optional: true, Default: ECS}).
        forceNew: [
            "name",
            "cluster",
            "iamRole",
            "launchType",
            "schedulingStrategy",
            "deploymentController.type",
            "region",
        ],
        physicalName: "name", // Required string `name` -> SetAutonaming
        // schema.TypeSet: load_balancer, capacity_provider_strategy, placement_constraints (read as *schema.Set in
        // Create/Update) and network_configuration's subnets and security_groups.
        sets: [
            "loadBalancers",
            "capacityProviderStrategies",
            "placementConstraints",
            "networkConfiguration.subnets",
            "networkConfiguration.securityGroups",
        ],
        source: "terraform-provider-aws internal/service/ecs/service.go @00a919d1 (Schema, resourceServiceUpdate)",
    },
    "aws:secretsmanager/secret:Secret": {
        forceNew: ["name", "namePrefix", "region"], // description, kmsKeyId, policy, recoveryWindowInDays, replicas are in place
        // `type` (managed external secrets, newer than the copy read) is not listed: the program does not set it.
        physicalName: "name",
        source: "terraform-provider-aws internal/service/secretsmanager/secret.go",
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        forceNew: ["name", "namePrefix", "logGroupClass", "region"], // kmsKeyId is in place (Associate/DisassociateKmsKey); retentionInDays too
        physicalName: "name",
        source: "terraform-provider-aws internal/service/logs/group.go",
    },
    "aws:ecr/repository:Repository": {
        // encryption_configuration block is ForceNew, and so are its encryption_type and kms_key. imageTagMutability and imageScanningConfiguration are in place.
        forceNew: [
            "name",
            "encryptionConfigurations",
            "encryptionConfigurations.encryptionType",
            "encryptionConfigurations.kmsKey",
            "region",
        ],
        physicalName: "name", // Required string `name` -> SetAutonaming
        source: "terraform-provider-aws internal/service/ecr/repository.go", // older stored copy
    },
    "aws:lb/loadBalancer:LoadBalancer": {
        // Conditional (CustomizeDiff customizeDiffLoadBalancerNLB/ALB/GWLB), NOT listed:
        //   subnets (NLB: removing a subnet), securityGroups (NLB: adding the first / removing all),
        //   secondaryIpsAutoAssignedPerSubnet (NLB: decrease), subnetMappings (conditional).
        // For an ALB, subnets and securityGroups are updated in place.
        forceNew: [
            "name",
            "namePrefix",
            "internal",
            "loadBalancerType",
            "customerOwnedIpv4Pool",
            "region",
        ],
        physicalName: "name",
        sets: ["subnets", "securityGroups", "subnetMappings"], // schema.TypeSet
        source: "terraform-provider-aws internal/service/elbv2/load_balancer.go",
    },
    "aws:lb/targetGroup:TargetGroup": {
        forceNew: [
            "name",
            "namePrefix",
            "port",
            "protocol",
            "protocolVersion",
            "targetType",
            "vpcId",
            "ipAddressType",
            "region",
        ],
        // healthCheck, deregistrationDelay, stickiness, tags are in place
        physicalName: "name",
        source: "terraform-provider-aws internal/service/elbv2/target_group.go",
    },
    "aws:elasticache/parameterGroup:ParameterGroup": {
        // NB: pulumi-aws sets default description "Managed by Pulumi", and description is ForceNew. parameters are in place.
        forceNew: ["name", "family", "description", "region"],
        physicalName: "name",
        source: "terraform-provider-aws internal/service/elasticache/parameter_group.go", // older stored copy
    },
    "aws:rds/parameterGroup:ParameterGroup": {
        forceNew: ["name", "namePrefix", "family", "description", "region"], // parameters are in place; default description "Managed by Pulumi"
        physicalName: "name",
        source: "terraform-provider-aws internal/service/rds/parameter_group.go", // older stored copy
    },
    "aws:cloudfront/distribution:Distribution": {
        // No input is ForceNew (UpdateDistribution covers everything). Global: no region input.
        forceNew: [
            // The schema part read has no ForceNew (continuous_deployment_policy_id is Optional+Computed); `staging`
            // was not in it and the program does not set it.
        ],
        sets: ["aliases", "customErrorResponses"], // schema.TypeSet
        source: "terraform-provider-aws internal/service/cloudfront/distribution.go (resourceDistribution schema: aliases, custom_error_response TypeSet)",
    },
    "aws:wafv2/webAcl:WebAcl": {
        forceNew: ["name", "scope", "region"], // namePrefix is not listed (not read; the program does not set it)
        // defaultAction, rules, visibilityConfig, description etc. are in place (UpdateWebACL)
        physicalName: "name",
        source: "terraform-provider-aws internal/service/wafv2/web_acl.go",
    },
    "aws:iam/role:Role": {
        forceNew: ["name", "namePrefix", "path"], // global (no region). assumeRolePolicy, description, maxSessionDuration, permissionsBoundary are in place
        physicalName: "name", // tfbridge.AutoName("name", 64, "-")
        source: "terraform-provider-aws internal/service/iam/role.go", // older stored copy
    },

    // ---------------------------------------------------------------- other AWS types in the program
    "aws:ec2/eip:Eip": {
        forceNew: [
            "address",
            "domain",
            "ipamPoolId",
            "networkBorderGroup",
            "publicIpv4Pool",
            "region",
        ],
        source: "terraform-provider-aws internal/service/ec2/ec2_eip.go",
    },
    "aws:cloudfront/originAccessControl:OriginAccessControl": {
        // name Required without ForceNew, description (Default "Managed by Terraform"), origin type: UpdateOriginAccessControl.
        forceNew: [],
        physicalName: "name", // pulumi-aws provider hooks: prov.SetAutonaming(255, "-") auto-names a Required `name`
        source: "terraform-provider-aws internal/service/cloudfront/origin_access_control.go (resourceOriginAccessControl schema)",
    },
    "aws:acm/certificate:Certificate": {
        forceNew: [
            "domainName",
            "subjectAlternativeNames",
            "validationMethod",
            "keyAlgorithm",
            "certificateAuthorityArn",
            "validationOptions",
            "region",
        ],
        source: "terraform-provider-aws internal/service/acm/certificate.go",
    },
    "aws:ec2/vpc:Vpc": {
        // cidr_block (Optional+Computed), ipv4_ipam_pool_id, ipv4_netmask_length: ForceNew. DNS attributes, tenancy and
        // the IPv6 association are updated in place (resourceVPCUpdate).
        forceNew: ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength", "region"],
        source: "terraform-provider-aws internal/service/ec2/vpc_.go @00081ce4 (ResourceVPC schema)",
    },
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": {
        forceNew: [], // resourceResponseHeadersPolicyUpdate rewrites the whole config; the schema part read has no ForceNew
        physicalName: "name",
        source: "terraform-provider-aws internal/service/cloudfront/response_headers_policy.go (resourceResponseHeadersPolicy)",
    },
    "aws:cloudfront/cachePolicy:CachePolicy": {
        // No ForceNew: name (Required), TTLs, comment and parameters all go to UpdateCachePolicy ("all the fields are
        // updated"); the header/cookie/query-string `items` are sets.
        forceNew: [],
        physicalName: "name",
        sets: [
            "parametersInCacheKeyAndForwardedToOrigin.cookiesConfig.cookies.items",
            "parametersInCacheKeyAndForwardedToOrigin.headersConfig.headers.items",
            "parametersInCacheKeyAndForwardedToOrigin.queryStringsConfig.queryStrings.items",
        ],
        source: "terraform-provider-aws internal/service/cloudfront/cache_policy.go (resourceCachePolicy schema, resourceCachePolicyUpdate)",
    },
    "aws:ec2/internetGateway:InternetGateway": {
        forceNew: ["region"], // vpc_id Optional+Computed, no ForceNew: resourceInternetGatewayUpdate detaches and attaches
        source: "terraform-provider-aws internal/service/ec2/vpc_internet_gateway.go (resourceInternetGateway schema, Update)",
    },
    "aws:ec2/routeTable:RouteTable": {
        forceNew: ["vpcId", "region"], // vpc_id Required ForceNew; route and propagating_vgws in place (resourceRouteTableUpdate)
        sets: ["routes", "propagatingVgws"], // schema.TypeSet
        source: "terraform-provider-aws internal/service/ec2/vpc_route_table.go @02209241 (ResourceRouteTable schema)",
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        // description (Default "Managed by Terraform"; pulumi-aws: "Managed by Pulumi"), name, name_prefix, vpc_id: ForceNew.
        // ingress/egress are sets of rules updated in place (updateSecurityGroupRules).
        forceNew: ["name", "namePrefix", "description", "vpcId", "region"],
        physicalName: "name",
        // The rule set's hash (securityGroupRuleHash) sorts cidr_blocks and ipv6_cidr_blocks: their order inside a
        // rule is no change either.
        sets: [
            "ingress",
            "egress",
            "ingress.securityGroups",
            "egress.securityGroups",
            "ingress.cidrBlocks",
            "egress.cidrBlocks",
            "ingress.ipv6CidrBlocks",
            "egress.ipv6CidrBlocks",
        ],
        source: "terraform-provider-aws internal/service/ec2/vpc_security_group.go @01606926 (resourceSecurityGroup schema, securityGroupRuleSetNestedBlock)",
    },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
        forceNew: ["vpcId", "region"], // name/description are Computed-only; schema kept in sync with aws_security_group
        source: "terraform-provider-aws internal/service/ec2/vpc_default_security_group.go",
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
        forceNew: ["bucket", "region"], // bucket Required ForceNew; rule in place
        source: "terraform-provider-aws internal/service/s3/bucket_ownership_controls.go (resourceBucketOwnershipControls schema)",
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        forceNew: ["role", "policyArn"], // both Required ForceNew; the resource has no Update
        deleteBeforeReplace: true, // pulumi-aws provider/resources.go: ResourceInfo.DeleteBeforeReplace
        source: "terraform-provider-aws internal/service/iam/role_policy_attachment.go (resourceRolePolicyAttachment schema)",
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        forceNew: ["bucket", "region"], // bucket Required ForceNew; the four block/ignore/restrict flags are in place
        source: "terraform-provider-aws internal/service/s3/bucket_public_access_block.go (resourceBucketPublicAccessBlock schema)",
    },
    "aws:s3/bucketVersioning:BucketVersioning": {
        forceNew: ["bucket", "expectedBucketOwner", "region"], // mfa and versioning_configuration in place
        source: "terraform-provider-aws internal/service/s3/bucket_versioning.go (resourceBucketVersioning schema)",
    },
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": {
        // rule (default retention) is updated in place (PutObjectLockConfiguration).
        forceNew: ["bucket", "expectedBucketOwner", "objectLockEnabled", "region"], // all three ForceNew in the schema
        source: "terraform-provider-aws internal/service/s3/bucket_object_lock_configuration.go",
    },
    "aws:kms/alias:Alias": {
        forceNew: ["name", "namePrefix", "region"], // name/name_prefix Optional+Computed ForceNew; target_key_id Required, in place
        physicalName: "name", // AutoNameWithCustomOptions, prefixed "alias/"
        source: "terraform-provider-aws internal/service/kms/alias.go (resourceAlias schema)",
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        forceNew: ["bucket", "expectedBucketOwner", "region"], // rule (a set) in place
        sets: ["rules"],
        source: "terraform-provider-aws internal/service/s3/bucket_server_side_encryption_configuration.go (schema: bucket, expected_bucket_owner ForceNew; rule TypeSet)",
    },
    "aws:sns/topic:Topic": {
        forceNew: ["name", "namePrefix", "fifoTopic", "region"], // kms_master_key_id and the other attributes: SetTopicAttributes
        physicalName: "name", // AutoNameWithCustomOptions (maxlen 80, ".fifo" suffix for FIFO)
        source: "terraform-provider-aws internal/service/sns/topic.go (topicSchema, resourceTopicUpdate)",
    },
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": {
        forceNew: ["bucket", "expectedBucketOwner", "region"], // cors_rule (a set) in place
        sets: ["corsRules"],
        source: "terraform-provider-aws internal/service/s3/bucket_cors_configuration.go (resourceBucketCorsConfiguration schema)",
    },
    "aws:iam/rolePolicy:RolePolicy": {
        // name/name_prefix Optional+Computed ForceNew; Update is the same Put (PutRolePolicy on the role and name), so
        // the role names the policy too.
        forceNew: ["name", "namePrefix", "role"],
        physicalName: "name",
        source: "terraform-provider-aws internal/service/iam/role_policy.go (resourceRolePolicy schema, Put)",
    },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
        forceNew: ["bucket", "expectedBucketOwner", "region"], // bucket RequiresReplace (Plugin Framework); expected_bucket_owner ForceNew (SDK copy)
        source: "terraform-provider-aws internal/service/s3/bucket_lifecycle_configuration.go (Schema)",
    },
    "aws:s3/bucketLogging:BucketLogging": {
        forceNew: ["bucket", "expectedBucketOwner", "region"], // target_bucket (Required) and target_prefix in place
        sets: ["targetGrants"],
        source: "terraform-provider-aws internal/service/s3/bucket_logging.go (resourceBucketLogging schema)",
    },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
        // gateway_id ForceNew (ExactlyOneOf with subnet_id); Update only calls ReplaceRouteTableAssociation with a new
        // route_table_id, so the subnet or gateway side is not updatable.
        forceNew: ["subnetId", "gatewayId", "region"],
        source: "terraform-provider-aws internal/service/ec2/vpc_route_table_association.go (schema, resourceRouteTableAssociationUpdate)",
    },
    "aws:cloudsearch/domainServiceAccessPolicy:DomainServiceAccessPolicy": {
        // domain_name: Required, no ForceNew (L57-60); Update is the same Put (L33) calling UpdateServiceAccessPolicies
        // with the domain name: a new domain name is an in-place update. access_policy likewise.
        forceNew: ["region"],
        source: "terraform-provider-aws internal/service/cloudsearch/domain_service_access_policy.go @01f43111 L33, L57-60",
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        // security_group_id: RequiresReplace; the rule fields are updated with ModifySecurityGroupRules, except a change of
        // peer kind (cidr_ipv4 / cidr_ipv6 / prefix_list_id / referenced_security_group_id), which ModifyPlan turns
        // into RequiresReplace. The egress rule shares the ingress rule's schema and ModifyPlan.
        forceNew: ["securityGroupId", "region"],
        replaceIf: rulePeerKindChange,
        source: "terraform-provider-aws internal/service/ec2/vpc_security_group_ingress_rule.go @00a32209 (GetSchema, Update, ModifyPlan)",
    },
    "aws:s3/bucketPolicy:BucketPolicy": {
        forceNew: ["bucket", "region"], // bucket Required ForceNew; Update is the same Put (policy in place)
        source: "terraform-provider-aws internal/service/s3/bucket_policy.go (resourceBucketPolicy schema)",
    },
    "aws:route53/record:Record": {
        // type, records, ttl, aliases, setIdentifier, allowOverwrite are NOT ForceNew (changed via ChangeResourceRecordSets). Global.
        forceNew: ["name", "zoneId"],
        // physicalName: none. pulumi-aws deliberately does not auto-name Route 53 records ("name": {Name: "name"} override).
        source: "terraform-provider-aws internal/service/route53/record.go",
    },
    "aws:ec2/natGateway:NatGateway": {
        forceNew: [
            "allocationId",
            "connectivityType",
            "privateIp",
            "subnetId",
            "region",
            // availability_mode and vpc_id (regional NAT) are newer than the copy read and not set by the program.
        ],
        source: "terraform-provider-aws internal/service/ec2/vpc_nat_gateway.go",
    },
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": {
        // deliveryDestinationConfiguration.destinationResourceArn: RequiresReplaceIf the ARN's *service* changes (e.g. s3 -> logs)
        // or the new value is unknown. A same-service ARN change is in place.
        forceNew: ["name", "outputFormat", "region"],
        physicalName: "name", // pulumi-aws provider hooks: prov.SetAutonaming(255, "-") covers Plugin Framework resources too
        source: "terraform-provider-aws internal/service/logs/delivery_destination.go (Plugin Framework)",
    },
    "aws:elasticache/subnetGroup:SubnetGroup": {
        forceNew: ["name", "region"], // name Required ForceNew; description and subnet_ids in place (ModifyCacheSubnetGroup)
        physicalName: "name",
        sets: ["subnetIds"], // schema.TypeSet
        source: "terraform-provider-aws internal/service/elasticache/subnet_group.go (resourceSubnetGroup schema, Update)",
    },
    "aws:rds/subnetGroup:SubnetGroup": {
        forceNew: ["name", "namePrefix", "region"], // description and subnet_ids in place (ModifyDBSubnetGroup)
        physicalName: "name",
        sets: ["subnetIds"], // schema.TypeSet
        source: "terraform-provider-aws internal/service/rds/subnet_group.go (resourceSubnetGroup schema, Update)",
    },
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": {
        // No Update function: policy is ForceNew. pulumi-aws sets ResourceInfo.DeleteBeforeReplace=true for this type.
        // policy Required ForceNew; the resource has no Update, and the plugin SDK's InternalValidate requires every
        // settable attribute of such a resource to be ForceNew, repository included.
        forceNew: ["policy", "repository", "region"],
        deleteBeforeReplace: true, // pulumi-aws provider/resources.go: ResourceInfo.DeleteBeforeReplace
        source: "terraform-provider-aws internal/service/ecr/lifecycle_policy.go",
    },
    "aws:secretsmanager/secretVersion:SecretVersion": {
        forceNew: ["secretId", "secretString", "secretBinary", "secretStringWoVersion", "region"], // versionStages in place
        source: "terraform-provider-aws internal/service/secretsmanager/secret_version.go",
    },
    "aws:ecs/cluster:Cluster": {
        forceNew: ["name", "region"], // name Required ForceNew; configuration, setting, service_connect_defaults: UpdateCluster
        physicalName: "name",
        sets: ["settings"],
        source: "terraform-provider-aws internal/service/ecs/cluster.go (resourceCluster schema, Update)",
    },
    "aws:sns/topicSubscription:TopicSubscription": {
        forceNew: ["endpoint", "protocol", "topic", "region"], // tf topic_arn -> Pulumi `topic`
        source: "terraform-provider-aws internal/service/sns/topic_subscription.go",
    },
    "aws:cloudtrail/trail:Trail": {
        forceNew: ["name", "region"], // name Required ForceNew; s3_bucket_name, kms_key_id, selectors etc. in place
        physicalName: "name",
        source: "terraform-provider-aws internal/service/cloudtrail/trail.go (resourceTrail schema)",
    },
    "aws:acm/certificateValidation:CertificateValidation": {
        forceNew: ["certificateArn", "validationRecordFqdns", "region"], // both ForceNew; the resource has no Update
        sets: ["validationRecordFqdns"],
        source: "terraform-provider-aws internal/service/acm/certificate_validation.go (resourceCertificateValidation schema)",
    },
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": {
        forceNew: ["policyName", "region"], // policy_name Required ForceNew; Update is the same Put (policy_document in place)
        source: "terraform-provider-aws internal/service/logs/resource_policy.go (resourceResourcePolicy schema)",
    },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
        // service_name, vpc_endpoint_type, vpc_id: ForceNew. private_dns_enabled, policy, dns_options, ip_address_type and
        // the id sets are updated with ModifyVpcEndpoint. region: the provider's region interceptor (see the header).
        // resource_configuration_arn, service_network_arn and service_region are newer than the copy read; the program
        // sets none of them, so they are not listed.
        forceNew: ["serviceName", "vpcId", "vpcEndpointType", "region"],
        // schema.TypeSet; updated with ModifyVpcEndpoint Add/Remove lists.
        sets: ["routeTableIds", "securityGroupIds", "subnetIds", "subnetConfigurations"],
        source: "terraform-provider-aws internal/service/ec2/vpc_endpoint.go (resourceVPCEndpoint schema, Update)",
    },
    "aws:ec2/flowLog:FlowLog": {
        // Update handles tags only. Every other input is ForceNew.
        forceNew: [
            "iamRoleArn",
            "logDestination",
            "logDestinationType",
            "logFormat",
            "maxAggregationInterval",
            "trafficType",
            "vpcId",
            "subnetId",
            "eniId",
            "transitGatewayId",
            "transitGatewayAttachmentId",
            "regionalNatGatewayId",
            "deliverCrossAccountRole",
            "destinationOptions",
            "region",
        ],
        source: "terraform-provider-aws internal/service/ec2/vpc_flow_log.go",
    },
    "aws:sns/topicPolicy:TopicPolicy": {
        forceNew: ["arn", "region"], // arn Required ForceNew; Update is the same upsert (policy in place)
        source: "terraform-provider-aws internal/service/sns/topic_policy.go (resourceTopicPolicy schema)",
    },
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": {
        forceNew: ["logDestinationConfigs", "resourceArn", "region"], // redactedFields, loggingFilter in place
        source: "terraform-provider-aws internal/service/wafv2/web_acl_logging_configuration.go",
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        forceNew: ["securityGroupId", "region"], // see the egress rule
        replaceIf: rulePeerKindChange,
        source: "terraform-provider-aws internal/service/ec2/vpc_security_group_ingress_rule.go @00a32209 (GetSchema, Update, ModifyPlan)",
    },
    "aws:cloudfront/vpcOrigin:VpcOrigin": {
        forceNew: [], // no RequiresReplace in the schema (vpcOriginEndpointConfig is updated via UpdateVpcOrigin). Global.
        source: "terraform-provider-aws internal/service/cloudfront/vpc_origin.go (Plugin Framework)",
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        forceNew: ["name", "region"], // tf alarm_name (Pulumi `name`). All other inputs in place (PutMetricAlarm)
        physicalName: "name", // pulumi-aws: "alarm_name": tfbridge.AutoName("name", 255, "-")
        source: "terraform-provider-aws internal/service/cloudwatch/metric_alarm.go",
    },
    "aws:lb/listener:Listener": {
        // resourceListenerUpdate's ModifyListener carries alpn policy, certificate, default actions, mutual TLS, port,
        // protocol and SSL policy, never a load balancer: load_balancer_arn is not updatable.
        forceNew: ["loadBalancerArn", "region"],
        source: "terraform-provider-aws internal/service/elbv2/listener.go (resourceListenerUpdate)",
    },
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": {
        forceNew: ["name", "logType", "resourceArn", "region"],
        physicalName: "name", // pulumi-aws provider hooks: prov.SetAutonaming(255, "-") covers Plugin Framework resources too
        source: "terraform-provider-aws internal/service/logs/delivery_source.go (Plugin Framework)",
    },
    "aws:cloudwatch/logDelivery:LogDelivery": {
        forceNew: ["deliveryDestinationArn", "deliverySourceName", "region"], // s3DeliveryConfigurations, fieldDelimiter, recordFields in place
        source: "terraform-provider-aws internal/service/logs/delivery.go (Plugin Framework)",
    },
    "aws:cloudwatch/eventRule:EventRule": {
        forceNew: ["name", "namePrefix", "eventBusName", "region"], // eventPattern, description, state in place (PutRule)
        physicalName: "name", // pulumi-aws: AutoName("name", 64, "-")
        source: "terraform-provider-aws internal/service/events/rule.go",
    },
    "aws:cloudwatch/eventTarget:EventTarget": {
        forceNew: ["rule", "targetId", "eventBusName", "region"], // arn, roleArn, input* in place (PutTargets)
        physicalName: "targetId", // pulumi-aws provider/resources.go: "target_id": tfbridge.AutoName("targetId", 255, "-")
        source: "terraform-provider-aws internal/service/events/target.go",
    },
    "aws:sfn/stateMachine:StateMachine": {
        forceNew: ["name", "namePrefix", "region"], // definition, roleArn, logging, tracing in place (UpdateStateMachine); `type` not read: not listed
        physicalName: "name", // pulumi-aws: AutoName("name", 80, "-")
        source: "terraform-provider-aws internal/service/sfn/state_machine.go",
    },
    "aws:appautoscaling/policy:Policy": {
        // name Required ForceNew; Update is the same PutScalingPolicy keyed by name and scalable target (resource_id,
        // scalable_dimension, service_namespace), so a new target is a new policy; policy_type and the configurations
        // are in place.
        forceNew: ["name", "resourceId", "scalableDimension", "serviceNamespace", "region"],
        physicalName: "name",
        source: "terraform-provider-aws internal/service/appautoscaling/policy.go (resourcePolicy schema, Put)",
    },
    // ---------------------------------------------------------------- monitoring and security
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
        forceNew: ["logGroupName", "name", "region"], // pattern, metricTransformation in place (PutMetricFilter)
        physicalName: "name", // Required `name`: pulumi-aws provider hooks prov.SetAutonaming(255, "-")
        source: "terraform-provider-aws internal/service/logs/metric_filter.go (resourceMetricFilter schema: log_group_name, name Required ForceNew; Update = Put)",
    },
    "aws:iam/policy:Policy": {
        // description ForceNew, name/name_prefix Optional+Computed ForceNew; policy in place (a new default version). Global.
        // path is not listed (not in the schema part read).
        forceNew: ["name", "namePrefix", "description"],
        physicalName: "name",
        source: "terraform-provider-aws internal/service/iam/policy.go (resourcePolicy schema)",
    },
    "aws:cloudwatch/dashboard:Dashboard": {
        forceNew: ["dashboardName", "region"], // dashboard_name Required ForceNew; dashboard_body in place (Update = PutDashboard)
        source: "terraform-provider-aws internal/service/cloudwatch/dashboard.go (resourceDashboard schema)",
    },
    "aws:cloudfront/monitoringSubscription:MonitoringSubscription": {
        forceNew: ["distributionId"], // distribution_id Required ForceNew; Update is Create again (monitoring_subscription in place). Global.
        source: "terraform-provider-aws internal/service/cloudfront/monitoring_subscription.go (resourceMonitoringSubscription schema)",
    },
    "aws:guardduty/detector:Detector": {
        forceNew: ["region"], // enable (Default true), finding_publishing_frequency, datasources: resourceDetectorUpdate
        source: "terraform-provider-aws internal/service/guardduty/detector.go (ResourceDetector schema)",
    },
    "aws:securityhub/account:Account": {
        forceNew: ["enableDefaultStandards", "region"], // autoEnableControls, controlFindingGenerator in place (UpdateSecurityHubConfiguration)
        source: "terraform-provider-aws internal/service/securityhub/account.go",
    },
    "aws:cfg/recorder:Recorder": {
        // name Optional ForceNew (Default "default"); role_arn and recording_group in place (Update is the same
        // PutConfigurationRecorder). recording_group.resource_types is a schema.TypeSet.
        forceNew: ["name", "region"],
        sets: ["recordingGroup.resourceTypes"],
        source: "terraform-provider-aws internal/service/configservice/configuration_recorder.go @09034480 (ResourceConfigurationRecorder schema; Update: resourceConfigurationRecorderPut)",
    },
    "aws:cfg/deliveryChannel:DeliveryChannel": {
        // name Optional ForceNew (Default "default"); s3_bucket_name, s3_key_prefix, s3_kms_key_arn,
        // snapshot_delivery_properties, sns_topic_arn in place: Update is the same PutDeliveryChannel.
        forceNew: ["name", "region"],
        source: "terraform-provider-aws internal/service/configservice/delivery_channel.go @0593466d (resourceDeliveryChannel schema; UpdateWithoutTimeout: resourceDeliveryChannelPut)",
    },
    "aws:cfg/recorderStatus:RecorderStatus": {
        // name Required, not ForceNew; is_enabled Required: Update is the same Put (Start/StopConfigurationRecorder
        // on a change of is_enabled, then SetId(name)).
        forceNew: ["region"],
        source: "terraform-provider-aws internal/service/configservice/configuration_recorder_status.go @013f1736 (resourceConfigurationRecorderStatus schema; resourceConfigurationRecorderStatusPut)",
    },
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": {
        // aws_service_name Required ForceNew, custom_suffix Optional ForceNew; description in place (UpdateRole).
        // IAM is global: no region argument.
        forceNew: ["awsServiceName", "customSuffix"],
        source: "terraform-provider-aws internal/service/iam/service_linked_role.go @01c08000 (ResourceServiceLinkedRole schema; resourceServiceLinkedRoleUpdate)",
    },
    "aws:securityhub/standardsSubscription:StandardsSubscription": {
        forceNew: ["standardsArn", "region"], // standards_arn Required ForceNew; the resource has no Update
        source: "terraform-provider-aws internal/service/securityhub/standards_subscription.go (resourceStandardsSubscription schema)",
    },
};
