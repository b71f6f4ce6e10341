/**
 * Per-type property checks: the rows the derived policies (encryption-at-rest,
 * encryption-in-transit, no-public-exposure in policies/rules/decided.ts) and the generated
 * tests (policies/test/decisions.test.ts) are built from. Each row: the property, what is safe,
 * AWS's behaviour when it is omitted, and public sources (AWS documentation, Security Hub
 * control, checkov id). Values were checked against the provider's documentation in
 * node_modules/@pulumi/aws and the AWS pages cited.
 */
import { Check, Json } from "./types";

const SH = (id: string) => `Security Hub ${id}`;

/** Encryption at rest that is off unless a boolean says otherwise. */
function mustBeTrue(
    path: string,
    awsDefault: string,
    sources: string[],
    extra: Partial<Check> = {},
): Check {
    return {
        path,
        concern: "rest",
        safe: { oneOf: [true] },
        awsDefault,
        omittedSafe: false,
        fix: `set ${path} to true`,
        sources,
        example: { secure: true, insecure: false },
        ...extra,
    };
}

/** A "publicly accessible" flag whose default is private. */
function notPublic(path: string, awsDefault: string, sources: string[]): Check {
    return {
        path,
        concern: "exposure",
        safe: { noneOf: [true] },
        awsDefault,
        omittedSafe: true,
        fix: `do not set ${path} to true`,
        sources,
        example: { secure: false, insecure: true },
    };
}

/** A public address on compute launched by this resource. */
function noPublicIp(path: string, sources: string[], insecure: unknown = true): Check {
    const secure = insecure === true ? false : "DISABLED";
    return {
        path,
        concern: "exposure",
        safe: { noneOf: [insecure as Json] },
        awsDefault: "no public address",
        omittedSafe: true,
        fix: `do not set ${path} to ${JSON.stringify(insecure)}: run in private subnets behind the load balancer and NAT`,
        sources,
        example: { secure, insecure },
    };
}

const ECS_PUBLIC_IP =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html";

const NO_AUTH_METHOD_EXEMPT = [
    // CORS preflight must be unauthenticated; an API key still gates the method.
    { path: "httpMethod", oneOf: ["OPTIONS"] },
    { path: "apiKeyRequired", oneOf: [true] },
];

/** MemoryDB's TLS row: one for its regional and multi-Region clusters, which take the same input. */
const MEMORYDB_TLS: readonly Check[] = [
    {
        path: "tlsEnabled",
        concern: "transit",
        safe: { noneOf: [false] },
        awsDefault: "TLS on (default true)",
        omittedSafe: true,
        fix: "do not set tlsEnabled to false",
        sources: [
            "https://docs.aws.amazon.com/memorydb/latest/devguide/in-transit-encryption.html",
        ],
        example: { secure: true, insecure: false },
    },
];

/** An S3 object's canned ACL: one row for both object resources (v1 and v2). */
const OBJECT_ACL: readonly Check[] = [
    {
        path: "acl",
        concern: "exposure",
        safe: { noneOf: ["public-read", "public-read-write", "authenticated-read"] },
        awsDefault: "private",
        omittedSafe: true,
        fix: "do not set a public canned acl",
        sources: [SH("S3.2"), SH("S3.3"), "CKV_AWS_20"],
        example: { secure: "private", insecure: "public-read" },
    },
];

/** The per-type checks, by type token. */
export const CHECKS: Readonly<Record<string, readonly Check[]>> = {
    "aws:sns/topic:Topic": [
        {
            path: "kmsMasterKeyId",
            concern: "rest",
            safe: { present: true },
            awsDefault: "not encrypted: SNS server-side encryption is off until a KMS key is set",
            omittedSafe: false,
            fix: "set kmsMasterKeyId (alias/aws/sns or a customer key)",
            sources: [
                "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
                SH("SNS.1"),
                "CKV_AWS_26",
            ],
            example: { secure: "alias/aws/sns", insecure: "" },
        },
    ],
    "aws:sqs/queue:Queue": [
        {
            path: "sqsManagedSseEnabled",
            concern: "rest",
            safe: { noneOf: [false] },
            awsDefault:
                "encrypted with SSE-SQS: new queues get SQS-managed encryption by default (since October 2022)",
            omittedSafe: true,
            unless: [{ path: "kmsMasterKeyId", present: true }],
            fix: "leave sqsManagedSseEnabled unset or true, or set kmsMasterKeyId",
            sources: [
                "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
                SH("SQS.1"),
                "CKV_AWS_27",
            ],
            example: { secure: true, insecure: false },
        },
    ],
    "aws:kinesis/stream:Stream": [
        {
            path: "encryptionType",
            concern: "rest",
            safe: { oneOf: ["KMS"] },
            awsDefault: "not encrypted (encryptionType NONE)",
            omittedSafe: false,
            fix: 'set encryptionType to "KMS" with kmsKeyId',
            sources: [
                "https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html",
                SH("Kinesis.1"),
                "CKV_AWS_43",
            ],
            example: { secure: "KMS", insecure: "NONE" },
        },
    ],
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": [
        mustBeTrue(
            "serverSideEncryption.enabled",
            "not encrypted: Direct PUT delivery streams have server-side encryption off",
            [
                "https://docs.aws.amazon.com/firehose/latest/dev/encryption.html",
                SH("DataFirehose.1"),
                "CKV_AWS_240",
            ],
            // A stream fed from Kinesis Data Streams takes the source stream's encryption.
            { unless: [{ path: "kinesisSourceConfiguration", present: true }] },
        ),
    ],
    "aws:redshift/cluster:Cluster": [
        mustBeTrue("encrypted", "not encrypted (provider default false)", [
            "https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html",
            SH("Redshift.10"),
            "CKV_AWS_64",
        ]),
        notPublic("publiclyAccessible", "private (provider default false)", [
            SH("Redshift.1"),
            "CKV_AWS_87",
        ]),
    ],
    "aws:docdb/cluster:Cluster": [
        mustBeTrue("storageEncrypted", "not encrypted (default false)", [
            "https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html",
            SH("DocumentDB.1"),
            "CKV_AWS_74",
        ]),
    ],
    "aws:docdb/globalCluster:GlobalCluster": [
        mustBeTrue("storageEncrypted", "not encrypted (default false)", [
            "https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html",
            SH("DocumentDB.1"),
        ]),
    ],
    "aws:neptune/cluster:Cluster": [
        mustBeTrue("storageEncrypted", "not encrypted (provider default false)", [
            "https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html",
            SH("Neptune.1"),
            "CKV_AWS_44",
        ]),
    ],
    "aws:neptune/globalCluster:GlobalCluster": [
        mustBeTrue("storageEncrypted", "not encrypted (default false)", [
            "https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html",
            SH("Neptune.1"),
        ]),
    ],
    "aws:neptune/clusterInstance:ClusterInstance": [
        notPublic("publiclyAccessible", "private (default false)", [SH("Neptune.5")]),
    ],
    "aws:rds/globalCluster:GlobalCluster": [
        mustBeTrue("storageEncrypted", "not encrypted unless the source cluster is", [
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html",
            SH("RDS.4"),
        ]),
    ],
    "aws:dax/cluster:Cluster": [
        mustBeTrue("serverSideEncryption.enabled", "not encrypted (default false)", [
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAXEncryptionAtRest.html",
            SH("DynamoDB.3"),
            "CKV_AWS_47",
        ]),
        {
            path: "clusterEndpointEncryptionType",
            concern: "transit",
            safe: { oneOf: ["TLS"] },
            awsDefault: "no TLS (NONE)",
            omittedSafe: false,
            fix: 'set clusterEndpointEncryptionType to "TLS"',
            sources: [
                "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAXEncryptionInTransit.html",
                SH("DynamoDB.7"),
            ],
            example: { secure: "TLS", insecure: "NONE" },
        },
    ],
    "aws:elasticache/replicationGroup:ReplicationGroup": [
        {
            path: "transitEncryptionMode",
            concern: "transit",
            safe: { noneOf: ["preferred"] },
            awsDefault: "required once transitEncryptionEnabled is true",
            omittedSafe: true,
            fix: 'set transitEncryptionMode to "required" (preferred still admits plaintext clients)',
            sources: [
                "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
                SH("ElastiCache.5"),
            ],
            example: { secure: "required", insecure: "preferred" },
        },
    ],
    "aws:memorydb/cluster:Cluster": MEMORYDB_TLS,
    "aws:memorydb/multiRegionCluster:MultiRegionCluster": MEMORYDB_TLS,
    "aws:msk/cluster:Cluster": [
        {
            path: "encryptionInfo.encryptionInTransit.clientBroker",
            concern: "transit",
            safe: { oneOf: ["TLS"] },
            awsDefault: "TLS only (default TLS)",
            omittedSafe: true,
            fix: 'set encryptionInfo.encryptionInTransit.clientBroker to "TLS"',
            sources: [
                "https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html",
                SH("MSK.1"),
                "CKV_AWS_81",
            ],
            example: { secure: "TLS", insecure: "PLAINTEXT" },
        },
        {
            path: "encryptionInfo.encryptionInTransit.inCluster",
            concern: "transit",
            safe: { noneOf: [false] },
            awsDefault: "TLS between brokers (default true)",
            omittedSafe: true,
            fix: "do not set encryptionInfo.encryptionInTransit.inCluster to false",
            sources: [
                "https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html",
                SH("MSK.1"),
            ],
            example: { secure: true, insecure: false },
        },
        {
            path: "brokerNodeGroupInfo.connectivityInfo.publicAccess.type",
            concern: "exposure",
            safe: { noneOf: ["SERVICE_PROVIDED_EIPS"] },
            awsDefault: "private (DISABLED)",
            omittedSafe: true,
            fix: 'set brokerNodeGroupInfo.connectivityInfo.publicAccess.type to "DISABLED"',
            sources: [
                "https://docs.aws.amazon.com/msk/latest/developerguide/public-access.html",
                SH("MSK.4"),
            ],
            example: { secure: "DISABLED", insecure: "SERVICE_PROVIDED_EIPS" },
        },
    ],
    "aws:mq/broker:Broker": [
        notPublic("publiclyAccessible", "private (default false)", [
            "https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/using-amazon-mq-securely.html",
            SH("MQ.5"),
            "CKV_AWS_69",
        ]),
    ],
    "aws:dms/replicationInstance:ReplicationInstance": [
        notPublic("publiclyAccessible", "private (provider default false)", [
            SH("DMS.1"),
            "CKV_AWS_89",
        ]),
    ],
    "aws:dms/endpoint:Endpoint": [
        {
            path: "sslMode",
            concern: "transit",
            safe: { noneOf: ["none"] },
            awsDefault: "no TLS (sslMode none)",
            omittedSafe: false,
            fix: 'set sslMode to "require", "verify-ca" or "verify-full"',
            sources: [
                "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Security.SSL.html",
                SH("DMS.9"),
            ],
            // S3, DynamoDB, Kinesis and other AWS-API endpoints use HTTPS and take no sslMode.
            when: [
                {
                    path: "engineName",
                    oneOf: [
                        "aurora",
                        "aurora-postgresql",
                        "mariadb",
                        "mysql",
                        "oracle",
                        "postgres",
                        "sqlserver",
                        "docdb",
                        "mongodb",
                        "db2",
                        "sybase",
                        "redshift",
                    ],
                },
            ],
            example: { secure: "require", insecure: "none" },
        },
    ],
    "aws:redshiftserverless/workgroup:Workgroup": [
        notPublic("publiclyAccessible", "private (default false)", [SH("RedshiftServerless.3")]),
    ],
    "aws:timestreaminfluxdb/dbInstance:DbInstance": [
        notPublic("publiclyAccessible", "private (default false)", [
            "https://docs.aws.amazon.com/timestream/latest/developerguide/timestream-for-influx-security.html",
        ]),
    ],
    "aws:timestreaminfluxdb/dbCluster:DbCluster": [
        notPublic("publiclyAccessible", "private (default false)", [
            "https://docs.aws.amazon.com/timestream/latest/developerguide/timestream-for-influx-security.html",
        ]),
    ],
    "aws:lightsail/database:Database": [
        notPublic("publiclyAccessible", "private (default false)", [
            "https://docs.aws.amazon.com/lightsail/latest/userguide/amazon-lightsail-configuring-database-public-mode.html",
        ]),
    ],
    "aws:rds/shardGroup:ShardGroup": [
        notPublic("publiclyAccessible", "private (default false)", [SH("RDS.2")]),
    ],
    "aws:m2/environment:Environment": [
        notPublic("publiclyAccessible", "private (default false)", [
            "https://docs.aws.amazon.com/m2/latest/userguide/security.html",
        ]),
    ],
    "aws:dms/instanceProfile:InstanceProfile": [
        notPublic("publiclyAccessible", "private (default false)", [SH("DMS.1")]),
    ],
    "aws:apprunner/service:Service": [
        {
            path: "networkConfiguration.ingressConfiguration.isPubliclyAccessible",
            concern: "exposure",
            safe: { oneOf: [false] },
            awsDefault: "public (default true)",
            omittedSafe: false,
            fix: "set networkConfiguration.ingressConfiguration.isPubliclyAccessible to false (front it with the load balancer and WAF)",
            sources: ["https://docs.aws.amazon.com/apprunner/latest/dg/network-pl.html"],
            example: { secure: false, insecure: true },
        },
    ],
    "aws:appsync/apiCache:ApiCache": [
        mustBeTrue("atRestEncryptionEnabled", "not encrypted (default false)", [
            "https://docs.aws.amazon.com/appsync/latest/devguide/enabling-caching.html",
            SH("AppSync.1"),
        ]),
        {
            ...mustBeTrue("transitEncryptionEnabled", "no TLS to the cache (default false)", [
                "https://docs.aws.amazon.com/appsync/latest/devguide/enabling-caching.html",
                SH("AppSync.6"),
            ]),
            concern: "transit",
        },
    ],
    "aws:apigateway/methodSettings:MethodSettings": [
        {
            ...mustBeTrue("settings.cacheDataEncrypted", "not encrypted (default false)", [
                SH("APIGateway.5"),
                "CKV_AWS_308",
            ]),
            when: [{ path: "settings.cachingEnabled", oneOf: [true] }],
        },
    ],
    "aws:workspaces/workspace:Workspace": [
        mustBeTrue("rootVolumeEncryptionEnabled", "not encrypted (default false)", [
            SH("WorkSpaces.2"),
            "CKV_AWS_156",
        ]),
        mustBeTrue("userVolumeEncryptionEnabled", "not encrypted (default false)", [
            SH("WorkSpaces.1"),
            "CKV_AWS_155",
        ]),
    ],
    "aws:codebuild/project:Project": [
        {
            path: "artifacts.encryptionDisabled",
            concern: "rest",
            safe: { noneOf: [true] },
            awsDefault: "encrypted (default false)",
            omittedSafe: true,
            fix: "do not set artifacts.encryptionDisabled to true",
            sources: [SH("CodeBuild.7"), "CKV_AWS_78"],
            example: { secure: false, insecure: true },
        },
        {
            path: "source.insecureSsl",
            concern: "transit",
            safe: { noneOf: [true] },
            awsDefault: "certificate verified (default false)",
            omittedSafe: true,
            fix: "do not set source.insecureSsl to true",
            sources: [
                "https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectSource.html",
            ],
            example: { secure: false, insecure: true },
        },
    ],
    "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings": [
        {
            path: "dataCatalogEncryptionSettings.encryptionAtRest.catalogEncryptionMode",
            concern: "rest",
            safe: { oneOf: ["SSE-KMS", "SSE-KMS-WITH-SERVICE-ROLE"] },
            awsDefault: "not encrypted (DISABLED)",
            omittedSafe: false,
            fix: 'set dataCatalogEncryptionSettings.encryptionAtRest.catalogEncryptionMode to "SSE-KMS"',
            sources: [
                "https://docs.aws.amazon.com/glue/latest/dg/encrypt-glue-data-catalog.html",
                "CKV_AWS_94",
            ],
            example: { secure: "SSE-KMS", insecure: "DISABLED" },
        },
        mustBeTrue(
            "dataCatalogEncryptionSettings.connectionPasswordEncryption.returnConnectionPasswordEncrypted",
            "connection passwords returned in clear (false)",
            [
                "https://docs.aws.amazon.com/glue/latest/dg/encrypt-connection-passwords.html",
                "CKV_AWS_94",
            ],
        ),
    ],
    "aws:sagemaker/notebookInstance:NotebookInstance": [
        {
            path: "directInternetAccess",
            concern: "exposure",
            safe: { oneOf: ["Disabled"] },
            awsDefault: "direct internet access Enabled",
            omittedSafe: false,
            fix: 'set directInternetAccess to "Disabled" with subnetId',
            sources: [
                "https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html",
                SH("SageMaker.2"),
                "CKV_AWS_122",
            ],
            example: { secure: "Disabled", insecure: "Enabled" },
        },
    ],
    "aws:mwaa/environment:Environment": [
        {
            path: "webserverAccessMode",
            concern: "exposure",
            safe: { noneOf: ["PUBLIC_ONLY"] },
            awsDefault: "private (PRIVATE_ONLY)",
            omittedSafe: true,
            fix: 'set webserverAccessMode to "PRIVATE_ONLY"',
            sources: [
                "https://docs.aws.amazon.com/mwaa/latest/userguide/configuring-networking.html",
                "CKV_AWS_244",
            ],
            example: { secure: "PRIVATE_ONLY", insecure: "PUBLIC_ONLY" },
        },
    ],
    "aws:eks/cluster:Cluster": [
        {
            path: "vpcConfig.endpointPublicAccess",
            concern: "exposure",
            safe: { oneOf: [false] },
            awsDefault: "public API endpoint (default true)",
            omittedSafe: false,
            fix: "set vpcConfig.endpointPublicAccess to false (or limit publicAccessCidrs)",
            // A public endpoint limited to known CIDRs is the documented alternative.
            unless: [{ path: "vpcConfig.publicAccessCidrs", present: true }],
            sources: [
                "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
                SH("EKS.1"),
                "CKV_AWS_39",
            ],
            example: { secure: false, insecure: true },
        },
    ],
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": [
        "blockPublicAcls",
        "blockPublicPolicy",
        "ignorePublicAcls",
        "restrictPublicBuckets",
    ].map((p) => ({
        path: p,
        concern: "exposure" as const,
        safe: { oneOf: [true] },
        awsDefault: "not blocked (default false)",
        omittedSafe: false,
        fix: `set ${p} to true`,
        sources: [
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
            SH("S3.1"),
        ],
        example: { secure: true, insecure: false },
    })),
    "aws:ram/resourceShare:ResourceShare": [
        {
            path: "allowExternalPrincipals",
            concern: "exposure",
            safe: { oneOf: [false] },
            awsDefault: "shares outside the organization allowed (default true)",
            omittedSafe: false,
            fix: "set allowExternalPrincipals to false",
            sources: [
                "https://docs.aws.amazon.com/ram/latest/userguide/working-with-sharing-create.html",
                "https://docs.aws.amazon.com/ram/latest/userguide/security-iam.html",
            ],
            example: { secure: false, insecure: true },
        },
    ],
    "aws:lambda/layerVersionPermission:LayerVersionPermission": [
        {
            path: "principal",
            concern: "exposure",
            safe: { noneOf: ["*"] },
            awsDefault: "principal is required",
            omittedSafe: true,
            unless: [{ path: "organizationId", present: true }],
            fix: "grant a named account, or set organizationId with principal *",
            sources: [
                "https://docs.aws.amazon.com/lambda/latest/dg/permissions-layer-cross-account.html",
            ],
            example: { secure: "123456789012", insecure: "*" },
        },
    ],
    "aws:cloudwatch/eventPermission:EventPermission": [
        {
            path: "principal",
            concern: "exposure",
            safe: { noneOf: ["*"] },
            awsDefault: "principal is required",
            omittedSafe: true,
            unless: [{ path: "condition", present: true }],
            fix: "grant a named account, or add a condition (aws:PrincipalOrgID) with principal *",
            sources: [
                "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html",
            ],
            example: { secure: "123456789012", insecure: "*" },
        },
    ],
    "aws:s3/bucketObject:BucketObject": OBJECT_ACL,
    "aws:s3/bucketObjectv2:BucketObjectv2": OBJECT_ACL,
    "aws:rds/proxy:Proxy": [
        {
            path: "requireTls",
            concern: "transit",
            safe: { oneOf: [true] },
            awsDefault: "TLS optional (default false)",
            omittedSafe: false,
            fix: "set requireTls to true",
            sources: [
                "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html#rds-proxy-security.tls",
                "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-setup.html",
            ],
            example: { secure: true, insecure: false },
        },
    ],
    "aws:datasync/efsLocation:EfsLocation": [
        {
            path: "inTransitEncryption",
            concern: "transit",
            safe: { oneOf: ["TLS1_2"] },
            awsDefault: "no TLS (NONE)",
            omittedSafe: false,
            fix: 'set inTransitEncryption to "TLS1_2"',
            sources: [
                "https://docs.aws.amazon.com/datasync/latest/userguide/create-efs-location.html",
            ],
            example: { secure: "TLS1_2", insecure: "NONE" },
        },
    ],
    "aws:quicksight/dataSource:DataSource": [
        {
            path: "sslProperties.disableSsl",
            concern: "transit",
            safe: { noneOf: [true] },
            awsDefault: "SSL on (default false)",
            omittedSafe: true,
            fix: "do not set sslProperties.disableSsl to true",
            sources: [
                "https://docs.aws.amazon.com/quicksight/latest/APIReference/API_SslProperties.html",
            ],
            example: { secure: false, insecure: true },
        },
    ],
    "aws:apigateway/integration:Integration": [
        {
            path: "tlsConfig.insecureSkipVerification",
            concern: "transit",
            safe: { noneOf: [true] },
            awsDefault: "certificate verified (default false)",
            omittedSafe: true,
            fix: "do not set tlsConfig.insecureSkipVerification to true",
            sources: ["https://docs.aws.amazon.com/apigateway/latest/api/API_TlsConfig.html"],
            example: { secure: false, insecure: true },
        },
    ],
    "aws:transfer/server:Server": [
        {
            path: "protocols",
            concern: "transit",
            safe: { noneIn: ["FTP"] },
            awsDefault: "SFTP only",
            omittedSafe: true,
            fix: "use SFTP or FTPS, not FTP",
            sources: [
                "https://docs.aws.amazon.com/transfer/latest/userguide/create-server-ftp.html",
                "CKV_AWS_357",
            ],
            example: { secure: ["SFTP"], insecure: ["FTP"] },
        },
    ],
    "aws:apigateway/domainName:DomainName": [
        {
            path: "securityPolicy",
            concern: "transit",
            safe: { noneOf: ["TLS_1_0"] },
            awsDefault: "TLS_1_0 for REST API custom domains",
            omittedSafe: false,
            fix: 'set securityPolicy to "TLS_1_2" (or a SecurityPolicy_TLS13_* policy)',
            sources: [
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html",
                "CKV_AWS_206",
            ],
            example: { secure: "TLS_1_2", insecure: "TLS_1_0" },
        },
    ],
    "aws:apigatewayv2/domainName:DomainName": [
        {
            path: "domainNameConfiguration.securityPolicy",
            concern: "transit",
            safe: { noneOf: ["TLS_1_0"] },
            awsDefault: "required by the provider",
            omittedSafe: true,
            fix: 'set domainNameConfiguration.securityPolicy to "TLS_1_2"',
            sources: [
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html",
            ],
            example: { secure: "TLS_1_2", insecure: "TLS_1_0" },
        },
    ],
    "aws:apigateway/method:Method": [
        {
            path: "authorization",
            concern: "exposure",
            safe: { noneOf: ["NONE"] },
            awsDefault: "required by the provider",
            omittedSafe: true,
            unless: NO_AUTH_METHOD_EXEMPT,
            fix: 'set authorization to "AWS_IAM", "COGNITO_USER_POOLS" or "CUSTOM" (or require an API key)',
            sources: [
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html",
                "CKV_AWS_59",
            ],
            example: { secure: "AWS_IAM", insecure: "NONE" },
        },
    ],
    "aws:apigatewayv2/route:Route": [
        {
            path: "authorizationType",
            concern: "exposure",
            safe: { noneOf: ["NONE"] },
            awsDefault: "NONE (open route)",
            omittedSafe: false,
            unless: [
                { path: "routeKey", oneOf: ["$disconnect"] },
                { path: "apiKeyRequired", oneOf: [true] },
            ],
            fix: 'set authorizationType to "AWS_IAM", "JWT" or "CUSTOM"',
            sources: [
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html",
                "CKV_AWS_309",
            ],
            example: { secure: "AWS_IAM", insecure: "NONE" },
        },
    ],
    "aws:ebs/encryptionByDefault:EncryptionByDefault": [
        {
            path: "enabled",
            concern: "rest",
            safe: { noneOf: [false] },
            awsDefault: "enabled (the resource defaults to true)",
            omittedSafe: true,
            fix: "do not set enabled to false",
            sources: [
                "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
                SH("EC2.7"),
            ],
            example: { secure: true, insecure: false },
        },
    ],
    "aws:ec2/vpcEndpointService:VpcEndpointService": [
        {
            path: "allowedPrincipals",
            concern: "exposure",
            safe: { noneIn: ["*"] },
            awsDefault: "no principal allowed",
            omittedSafe: true,
            // With acceptance required, every connection request still needs an approval.
            unless: [{ path: "acceptanceRequired", oneOf: [true] }],
            fix: "list the accounts or roles that may connect instead of *, or set acceptanceRequired to true",
            sources: [
                "https://docs.aws.amazon.com/vpc/latest/privatelink/configure-endpoint-service.html",
            ],
            example: { secure: ["arn:aws:iam::123456789012:root"], insecure: ["*"] },
        },
    ],
    "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple": [
        {
            path: "principalArn",
            concern: "exposure",
            safe: { noneOf: ["*"] },
            awsDefault: "principalArn is required",
            omittedSafe: true,
            fix: "allow a named account or role, not *",
            sources: [
                "https://docs.aws.amazon.com/vpc/latest/privatelink/configure-endpoint-service.html",
            ],
            example: { secure: "arn:aws:iam::123456789012:root", insecure: "*" },
        },
    ],
    "aws:ecs/taskSet:TaskSet": [
        noPublicIp("networkConfiguration.assignPublicIp", [SH("ECS.16"), ECS_PUBLIC_IP]),
    ],
    "aws:cloudwatch/eventTarget:EventTarget": [
        noPublicIp("ecsTarget.networkConfiguration.assignPublicIp", [SH("ECS.2"), ECS_PUBLIC_IP]),
    ],
    "aws:scheduler/schedule:Schedule": [
        noPublicIp("target.ecsParameters.networkConfiguration.assignPublicIp", [
            SH("ECS.2"),
            ECS_PUBLIC_IP,
        ]),
    ],
    "aws:pipes/pipe:Pipe": [
        noPublicIp(
            "targetParameters.ecsTaskParameters.networkConfiguration.awsVpcConfiguration.assignPublicIp",
            [SH("ECS.2"), ECS_PUBLIC_IP],
            "ENABLED",
        ),
    ],
    "aws:ec2/launchConfiguration:LaunchConfiguration": [
        noPublicIp("associatePublicIpAddress", [SH("Autoscaling.5"), "CKV_AWS_88"]),
    ],
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest": [
        noPublicIp("associatePublicIpAddress", [SH("EC2.9"), "CKV_AWS_88"]),
    ],
    "aws:ec2/spotFleetRequest:SpotFleetRequest": [
        noPublicIp("launchSpecifications[].associatePublicIpAddress", [SH("EC2.9"), "CKV_AWS_88"]),
    ],
    "aws:drs/replicationConfigurationTemplate:ReplicationConfigurationTemplate": [
        noPublicIp("createPublicIp", [
            "https://docs.aws.amazon.com/drs/latest/userguide/replication-settings-template.html",
        ]),
    ],
    "aws:elb/loadBalancer:LoadBalancer": [
        {
            path: "listeners[].lbProtocol",
            concern: "transit",
            // The provider accepts either case.
            safe: { noneOf: ["HTTP", "http", "TCP", "tcp"] },
            awsDefault: "lbProtocol is required",
            omittedSafe: true,
            fix: 'use "HTTPS" or "SSL" listeners (with sslCertificateId)',
            sources: [
                "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html",
                SH("ELB.3"),
                "CKV_AWS_127",
            ],
            example: { secure: "HTTPS", insecure: "HTTP" },
        },
    ],
    "aws:sns/topicSubscription:TopicSubscription": [
        {
            path: "protocol",
            concern: "transit",
            safe: { noneOf: ["http"] },
            awsDefault: "protocol is required",
            omittedSafe: true,
            fix: 'use "https" endpoints, not "http"',
            sources: [
                "https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html",
                "https://docs.aws.amazon.com/sns/latest/dg/sns-http-https-endpoint-as-subscriber.html",
            ],
            example: { secure: "https", insecure: "http" },
        },
    ],
};
