/**
 * Replacement rules for every resource type the program registers: the inputs whose change makes
 * the provider replace the resource (`ForceNew` in terraform-provider-aws, which @pulumi/aws v7
 * bridges), the physical-name input, and the types the bridge always deletes before replacing.
 * Each entry names its source file; `// unverified` marks a value taken from an older copy of the
 * file or not read in the file itself.
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
    /** Public source: the provider file that defines ForceNew for this type. */
    readonly source: string;
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
        // engineLifecycleSupport: Optional+Computed, seen without ForceNew on rds cluster/global cluster; not checked for instance // unverified
        physicalName: "identifier", // pulumi-aws overrides: identifier has Default{AutoNamed: true} (maxlen 255, or 15 for sqlserver)
        source: "terraform-provider-aws internal/service/rds/instance.go", // schema read from a v5.x copy; v6-only fields not checked
    },
    "aws:elasticache/cluster:Cluster": {
        // nodeType: the schema has no ForceNew, but the CustomizeDiff clusterForceNewOnMemcachedNodeTypeChange calls
        // diff.ForceNew("node_type") when engine is memcached (vertical scaling not supported). For redis/valkey it is in place.
        // engineVersion: the CustomizeDiff customizeDiffEngineVersionForceNewOnDowngrade forces replacement only on a downgrade // unverified (function body not read)
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
        source: "terraform-provider-aws internal/service/elasticache/cluster.go",
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
        // bucketNamespace (new in v6.x) is probably ForceNew // unverified
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
            "enableFaultInjection", // unverified (newer field, not in the copy read)
        ],
        source: "terraform-provider-aws internal/service/ecs/task_definition.go", // older stored copy; ForceNew set unchanged in substance
    },
    "aws:ecs/service:Service": {
        // In place: taskDefinition, desiredCount, deployment*Percent, deploymentCircuitBreaker, loadBalancers,
        // networkConfiguration, platformVersion, propagateTags, enableEcsManagedTags, enableExecuteCommand,
        // healthCheckGracePeriodSeconds, availabilityZoneRebalancing, capacityProviderStrategies, waitForSteadyState.
        // deploymentController(.type): ForceNew in older copies; the newest copy (116k chars, 2025+) has no ForceNew // check for your exact version
        forceNew: ["name", "cluster", "iamRole", "launchType", "schedulingStrategy", "region"],
        physicalName: "name", // Required string `name` -> SetAutonaming
        source: "terraform-provider-aws internal/service/ecs/service.go",
    },
    "aws:secretsmanager/secret:Secret": {
        forceNew: ["name", "namePrefix", "region"], // description, kmsKeyId, policy, recoveryWindowInDays, replicas are in place
        // `type` (managed external secret, new in v6.x): docs say "cannot be changed after creation" -> probably ForceNew // unverified
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
            // "staging" is believed ForceNew (continuous-deployment staging distributions) // unverified; not set by the program
        ],
        source: "terraform-provider-aws internal/service/cloudfront/distribution.go", // unverified (file not read)
    },
    "aws:wafv2/webAcl:WebAcl": {
        forceNew: ["name", "scope", "region", "namePrefix"], // namePrefix: v6 field, assumed ForceNew like name // unverified
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
        forceNew: [], // all fields updatable via UpdateOriginAccessControl // unverified
        physicalName: "name",
        source: "terraform-provider-aws internal/service/cloudfront/origin_access_control.go", // unverified (file not read)
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
        forceNew: ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength", "region"], // unverified (file not read; cidrBlock ForceNew is long-standing)
        source: "terraform-provider-aws internal/service/ec2/vpc_.go", // unverified
    },
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": {
        forceNew: [], // unverified (file not read)
        physicalName: "name",
        source: "terraform-provider-aws internal/service/cloudfront/response_headers_policy.go", // unverified
    },
    "aws:cloudfront/cachePolicy:CachePolicy": {
        forceNew: [], // unverified (file not read)
        physicalName: "name",
        source: "terraform-provider-aws internal/service/cloudfront/cache_policy.go", // unverified
    },
    "aws:ec2/internetGateway:InternetGateway": {
        forceNew: ["region"], // vpcId is in place (detach/attach) // unverified
        source: "terraform-provider-aws internal/service/ec2/vpc_internet_gateway.go", // unverified
    },
    "aws:ec2/routeTable:RouteTable": {
        forceNew: ["vpcId", "region"], // routes, propagatingVgws in place // unverified
        source: "terraform-provider-aws internal/service/ec2/vpc_route_table.go", // unverified
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        forceNew: ["name", "namePrefix", "description", "vpcId", "region"], // ingress/egress in place; default description "Managed by Pulumi" // unverified (file not read)
        physicalName: "name",
        source: "terraform-provider-aws internal/service/ec2/vpc_security_group.go", // unverified
    },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
        forceNew: ["vpcId", "region"], // name/description are Computed-only; schema kept in sync with aws_security_group
        source: "terraform-provider-aws internal/service/ec2/vpc_default_security_group.go",
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
        forceNew: ["bucket", "region"], // unverified
        source: "terraform-provider-aws internal/service/s3/bucket_ownership_controls.go", // unverified
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        forceNew: ["role", "policyArn"], // unverified
        deleteBeforeReplace: true, // pulumi-aws provider/resources.go: ResourceInfo.DeleteBeforeReplace
        source: "terraform-provider-aws internal/service/iam/role_policy_attachment.go", // unverified
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        forceNew: ["bucket", "region"], // the four block/ignore/restrict flags are in place // unverified
        source: "terraform-provider-aws internal/service/s3/bucket_public_access_block.go", // unverified
    },
    "aws:s3/bucketVersioning:BucketVersioning": {
        forceNew: ["bucket", "expectedBucketOwner", "region"], // unverified
        source: "terraform-provider-aws internal/service/s3/bucket_versioning.go", // unverified
    },
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": {
        // rule (default retention) is updated in place (PutObjectLockConfiguration).
        forceNew: ["bucket", "expectedBucketOwner", "objectLockEnabled", "region"], // unverified: objectLockEnabled
        source: "terraform-provider-aws internal/service/s3/bucket_object_lock_configuration.go",
    },
    "aws:kms/alias:Alias": {
        forceNew: ["name", "namePrefix", "region"], // targetKeyId in place // unverified
        physicalName: "name", // AutoNameWithCustomOptions, prefixed "alias/"
        source: "terraform-provider-aws internal/service/kms/alias.go", // unverified
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        forceNew: ["bucket", "expectedBucketOwner", "region"], // rules in place // unverified
        source: "terraform-provider-aws internal/service/s3/bucket_server_side_encryption_configuration.go", // unverified
    },
    "aws:sns/topic:Topic": {
        forceNew: ["name", "namePrefix", "fifoTopic", "region"], // kmsMasterKeyId in place // unverified
        physicalName: "name", // AutoNameWithCustomOptions (maxlen 80, ".fifo" suffix for FIFO)
        source: "terraform-provider-aws internal/service/sns/topic.go", // unverified
    },
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": {
        forceNew: ["bucket", "expectedBucketOwner", "region"], // unverified
        source: "terraform-provider-aws internal/service/s3/bucket_cors_configuration.go", // unverified
    },
    "aws:iam/rolePolicy:RolePolicy": {
        forceNew: ["name", "namePrefix", "role"], // policy in place // unverified
        physicalName: "name",
        source: "terraform-provider-aws internal/service/iam/role_policy.go", // unverified
    },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
        forceNew: ["bucket", "expectedBucketOwner", "region"], // Plugin Framework in v6: RequiresReplace // unverified
        source: "terraform-provider-aws internal/service/s3/bucket_lifecycle_configuration.go", // unverified
    },
    "aws:s3/bucketLogging:BucketLogging": {
        forceNew: ["bucket", "expectedBucketOwner", "region"], // targetBucket/targetPrefix in place // unverified
        source: "terraform-provider-aws internal/service/s3/bucket_logging.go", // unverified
    },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
        forceNew: ["subnetId", "gatewayId", "region"], // routeTableId in place (ReplaceRouteTableAssociation) // unverified
        source: "terraform-provider-aws internal/service/ec2/vpc_route_table_association.go", // unverified
    },
    "aws:cloudsearch/domainServiceAccessPolicy:DomainServiceAccessPolicy": {
        forceNew: ["domainName", "region"], // accessPolicy in place // unverified
        source: "terraform-provider-aws internal/service/cloudsearch/domain_service_access_policy.go", // unverified
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        forceNew: ["securityGroupId", "region"], // Plugin Framework RequiresReplace; rule fields are in place (ModifySecurityGroupRules) // unverified
        source: "terraform-provider-aws internal/service/ec2/vpc_security_group_egress_rule.go (+ vpc_security_group_ingress_rule.go base schema)", // unverified
    },
    "aws:s3/bucketPolicy:BucketPolicy": {
        forceNew: ["bucket", "region"], // policy in place // unverified
        source: "terraform-provider-aws internal/service/s3/bucket_policy.go", // unverified
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
            "availabilityMode",
            "vpcId", // regional-NAT fields added in v6.x // unverified
        ],
        source: "terraform-provider-aws internal/service/ec2/vpc_nat_gateway.go",
    },
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": {
        // deliveryDestinationConfiguration.destinationResourceArn: RequiresReplaceIf the ARN's *service* changes (e.g. s3 -> logs)
        // or the new value is unknown. A same-service ARN change is in place.
        forceNew: ["name", "outputFormat", "region"],
        physicalName: "name", // Required string `name` -> SetAutonaming (PF resource in the muxed provider) // unverified for PF
        source: "terraform-provider-aws internal/service/logs/delivery_destination.go (Plugin Framework)",
    },
    "aws:elasticache/subnetGroup:SubnetGroup": {
        forceNew: ["name", "region"], // description (default "Managed by Pulumi") and subnetIds in place // unverified
        physicalName: "name",
        source: "terraform-provider-aws internal/service/elasticache/subnet_group.go", // unverified
    },
    "aws:rds/subnetGroup:SubnetGroup": {
        forceNew: ["name", "namePrefix", "region"], // description and subnetIds in place // unverified
        physicalName: "name",
        source: "terraform-provider-aws internal/service/rds/subnet_group.go", // unverified
    },
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": {
        // No Update function: policy is ForceNew. pulumi-aws sets ResourceInfo.DeleteBeforeReplace=true for this type.
        forceNew: ["policy", "repository", "region"], // repository ForceNew // unverified (not in excerpt)
        deleteBeforeReplace: true, // pulumi-aws provider/resources.go: ResourceInfo.DeleteBeforeReplace
        source: "terraform-provider-aws internal/service/ecr/lifecycle_policy.go",
    },
    "aws:secretsmanager/secretVersion:SecretVersion": {
        forceNew: ["secretId", "secretString", "secretBinary", "secretStringWoVersion", "region"], // versionStages in place
        source: "terraform-provider-aws internal/service/secretsmanager/secret_version.go",
    },
    "aws:ecs/cluster:Cluster": {
        forceNew: ["name", "region"], // configuration, settings, serviceConnectDefaults in place // unverified
        physicalName: "name",
        source: "terraform-provider-aws internal/service/ecs/cluster.go", // unverified
    },
    "aws:sns/topicSubscription:TopicSubscription": {
        forceNew: ["endpoint", "protocol", "topic", "region"], // tf topic_arn -> Pulumi `topic`
        source: "terraform-provider-aws internal/service/sns/topic_subscription.go",
    },
    "aws:cloudtrail/trail:Trail": {
        forceNew: ["name", "region"], // all other inputs in place (UpdateTrail etc.) // unverified
        physicalName: "name",
        source: "terraform-provider-aws internal/service/cloudtrail/trail.go", // unverified
    },
    "aws:acm/certificateValidation:CertificateValidation": {
        forceNew: ["certificateArn", "validationRecordFqdns", "region"], // unverified
        source: "terraform-provider-aws internal/service/acm/certificate_validation.go", // unverified
    },
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": {
        forceNew: ["policyName", "region"], // policyDocument in place; resourceArn (new) unknown // unverified
        source: "terraform-provider-aws internal/service/logs/resource_policy.go", // unverified
    },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
        // privateDnsEnabled: ForceNew only when vpcEndpointType != "Interface" (per the @pulumi/aws 7.48 docs). Otherwise in place.
        // securityGroupIds, subnetIds, routeTableIds, policy are in place.
        forceNew: [
            "serviceName",
            "vpcId",
            "vpcEndpointType",
            "region",
            "serviceRegion",
            "resourceConfigurationArn",
            "serviceNetworkArn", // unverified
        ],
        source: "terraform-provider-aws internal/service/ec2/vpc_endpoint.go",
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
        forceNew: ["arn", "region"], // policy in place // unverified
        source: "terraform-provider-aws internal/service/sns/topic_policy.go", // unverified
    },
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": {
        forceNew: ["logDestinationConfigs", "resourceArn", "region"], // redactedFields, loggingFilter in place
        source: "terraform-provider-aws internal/service/wafv2/web_acl_logging_configuration.go",
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        forceNew: ["securityGroupId", "region"], // unverified (see egress rule)
        source: "terraform-provider-aws internal/service/ec2/vpc_security_group_ingress_rule.go (Plugin Framework)", // unverified
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
        forceNew: ["loadBalancerArn", "region"], // port, protocol, certificateArn, sslPolicy, defaultActions in place // unverified
        source: "terraform-provider-aws internal/service/elbv2/listener.go", // unverified
    },
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": {
        forceNew: ["name", "logType", "resourceArn", "region"],
        physicalName: "name", // unverified for PF
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
        source: "terraform-provider-aws internal/service/events/target.go",
    },
    "aws:sfn/stateMachine:StateMachine": {
        forceNew: ["name", "namePrefix", "type", "region"], // definition, roleArn, logging, tracing in place (UpdateStateMachine) // unverified: type
        physicalName: "name", // pulumi-aws: AutoName("name", 80, "-")
        source: "terraform-provider-aws internal/service/sfn/state_machine.go",
    },
    "aws:appautoscaling/policy:Policy": {
        forceNew: ["name", "resourceId", "scalableDimension", "serviceNamespace", "region"], // policyType and *Configuration in place // unverified
        physicalName: "name",
        source: "terraform-provider-aws internal/service/appautoscaling/policy.go", // unverified
    },
    // ---------------------------------------------------------------- monitoring and security
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
        forceNew: ["logGroupName", "name", "region"], // pattern, metricTransformation in place (PutMetricFilter)
        physicalName: "name", // unverified: AutoName on name
        source: "terraform-provider-aws internal/service/logs/metric_filter.go",
    },
    "aws:iam/policy:Policy": {
        forceNew: ["name", "namePrefix", "path", "description"], // policy in place (a new default version) // unverified. Global.
        physicalName: "name",
        source: "terraform-provider-aws internal/service/iam/policy.go", // unverified
    },
    "aws:cloudwatch/dashboard:Dashboard": {
        forceNew: ["dashboardName", "region"], // dashboardBody in place (PutDashboard) // unverified
        source: "terraform-provider-aws internal/service/cloudwatch/dashboard.go", // unverified
    },
    "aws:cloudfront/monitoringSubscription:MonitoringSubscription": {
        forceNew: ["distributionId"], // monitoringSubscription in place (CreateMonitoringSubscription again) // unverified. Global.
        source: "terraform-provider-aws internal/service/cloudfront/monitoring_subscription.go", // unverified
    },
    "aws:guardduty/detector:Detector": {
        forceNew: ["region"], // enable, findingPublishingFrequency, datasources in place (UpdateDetector) // unverified
        source: "terraform-provider-aws internal/service/guardduty/detector.go", // unverified
    },
    "aws:securityhub/account:Account": {
        forceNew: ["enableDefaultStandards", "region"], // autoEnableControls, controlFindingGenerator in place (UpdateSecurityHubConfiguration)
        source: "terraform-provider-aws internal/service/securityhub/account.go",
    },
    "aws:securityhub/standardsSubscription:StandardsSubscription": {
        forceNew: ["standardsArn", "region"], // unverified
        source: "terraform-provider-aws internal/service/securityhub/standards_subscription.go", // unverified
    },
};
