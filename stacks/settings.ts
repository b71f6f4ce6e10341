/**
 * Typed, validated stack settings: the only module that reads `tng:` config.
 *
 * Each top-level key is a structured object in Pulumi.<stack>.yaml. Everything is checked before
 * any resource is created, and every problem is reported at once, naming the dotted key and what
 * is allowed. dev/prod differences live in the stack files, never in `if (stack === ...)` code.
 */
import * as pulumi from "@pulumi/pulumi";
import { FARGATE_CPU_UNITS } from "../components/app/fargate";
import {
    CACHE_DEFAULTS,
    CACHE_MODES,
    MAX_CACHE_NODES,
    MIN_MEMCACHED_TLS_VERSION,
    SERVERLESS_LIMITS,
    supportsTls,
} from "../components/data/cacheCluster";
import {
    BACKUP_RETENTION_DAYS,
    DATABASE_DEFAULTS,
    MONITORING_INTERVALS,
    STORAGE_TYPES,
} from "../components/data/database";
import { isKnownInstanceClass } from "../components/data/instanceClasses";
import {
    ENGINE_VERSION_ALLOWED,
    ENGINE_VERSION_PATTERN,
    isKnownEngineVersion,
} from "../components/data/postgresEngine";
import {
    SEARCH_DEFAULTS,
    SEARCH_FIELD_TYPES,
    SEARCH_INSTANCE_TYPES,
} from "../components/data/searchDomain";
import { US_EAST_1_CERTIFICATE_ARN } from "../components/edge/edgeDistribution";
import { SITE_DOMAIN_NAME } from "../components/network/siteDomain";
import { LOG_RETENTION_DAYS } from "../components/ops/logRetention";
import { EDGE_THRESHOLD_DEFAULTS } from "../components/ops/thresholds";
import { CONFIG_RECORDER_NAME } from "../components/security/configRecorder";
import {
    ACCOUNT_ID,
    DEFAULT_FINDING_SEVERITY,
    GUARDDUTY_DETECTOR_ID,
    SERVICE_MODES,
} from "../components/security/threatDetection";
import { isConfigSecret } from "../sdk/internals";
import {
    checkCredentials,
    checkSecretKeyBase,
    CREDENTIAL_KEYS,
    CredentialPresence,
    credentialValues,
    Integration,
    SECRET_CONFIG_KEYS,
    SECRET_KEY_BASE_KEY,
} from "./credentials";
import { crossChecks } from "./crossChecks";
import { bool, FieldType, int, list, object, oneOf, optional, record, show, text } from "./schema";
import { DAILY_WINDOW, WEEKLY_WINDOW } from "./windows";

export {
    CREDENTIAL_KEYS,
    CREDENTIALS,
    SECRET_CONFIG_KEYS,
    SECRET_KEY_BASE_KEY,
} from "./credentials";
export type { CredentialPresence, Integration } from "./credentials";

/** The Pulumi project name, which is also the config namespace. */
export const PROJECT = "tng";

const indexField = object(
    {
        name: text({
            doc: "Field name.",
            pattern: /^[a-z][a-z0-9_]{0,63}$/,
            allowed: "a CloudSearch field name: a lower-case letter, then up to 63 of a-z, 0-9, _",
        }),
        type: oneOf(SEARCH_FIELD_TYPES, { doc: "CloudSearch field type." }),
        search: optional(bool({ doc: "Searchable." })),
        facet: optional(bool({ doc: "Facet-enabled." })),
        return: optional(bool({ doc: "Returned in results." })),
        sort: optional(bool({ doc: "Sortable." })),
        highlight: optional(bool({ doc: "Highlights (text fields)." })),
        analysisScheme: optional(
            text({
                doc: "Analysis scheme (text fields): a language default, or a custom scheme of the adopted domain.",
                pattern: /^(_[a-z]{2,3}(-[A-Za-z]{2,4})?_default_|[a-z][a-z0-9_]{0,63})$/,
                allowed:
                    "a language default scheme such as _ja_default_, or a custom scheme name (a-z, then a-z, 0-9, _)",
            }),
        ),
        sourceFields: optional(
            text({
                doc: "Fields copied into this one, comma-separated (one for non-array types).",
                pattern: /^[a-z][a-z0-9_]{0,63}(,[a-z][a-z0-9_]{0,63})*$/,
                allowed: "field names separated by commas, such as title,body",
            }),
        ),
        defaultValue: optional(
            text({
                doc: "Value used when a document has none.",
                pattern: /^[^\n\r]{1,1024}$/,
                allowed: "one line of at most 1,024 characters",
            }),
        ),
    },
    { doc: "A CloudSearch index field." },
);

/** The settings schema: the single source of validation, types and the README reference. */
export const settingsSchema = object(
    {
        domainName: text({
            doc: "Public site domain; CloudFront serves it and www.<domainName>, CORS allows both.",
            pattern: SITE_DOMAIN_NAME,
            allowed: "a lower-case DNS name such as tng.example.jp",
        }),
        hostedZoneId: optional(
            text({
                doc: "Route 53 zone of domainName; when set, ACM certificates are created with DNS validation.",
                pattern: /^Z[A-Z0-9]{4,31}$/,
                allowed: "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ",
            }),
        ),
        logRetentionDays: oneOf(LOG_RETENTION_DAYS, {
            doc: "Retention of every CloudWatch log group the stack creates.",
            default: 90,
        }),
        protectData: bool({
            doc: "Pulumi protect on the data-holding resources besides the database and the audit bucket: both KMS keys (also retainOnDelete), the log and assets buckets, the ECR repository, the app secret, and the app, flow and WAF log groups.",
            default: false,
        }),
        audit: object(
            {
                retentionDays: int({
                    doc: "Days to keep CloudTrail log files: the audit bucket's S3 expiry and its Object Lock (governance) retention.",
                    min: 1,
                    max: 3650,
                    default: 365,
                }),
                minRetentionDays: int({
                    doc: "Floor for audit.retentionDays (prod sets 365): a lower value is refused.",
                    min: 1,
                    max: 3650,
                    default: 1,
                }),
                protect: bool({
                    doc: "Pulumi protect on the audit bucket and, with audit.cloudWatchLogs, the trail's log group.",
                    default: false,
                }),
                cloudWatchLogs: bool({
                    doc: "Also deliver the trail to a KMS-encrypted CloudWatch Logs group (kept logRetentionDays) with the CIS AWS Foundations metric filters and an alarm each.",
                    default: false,
                }),
                s3DataEvents: bool({
                    doc: "Log S3 object writes and deletes on the assets and audit buckets as CloudTrail data events (billed per event).",
                    default: false,
                }),
            },
            { doc: "The CloudTrail audit log." },
        ),
        network: object(
            {
                cidrBlock: text({
                    doc: "VPC IPv4 range; split into /20-or-smaller subnets per tier and AZ.",
                    pattern: /^10\.(25[0-5]|2[0-4]\d|1?\d?\d)\.0\.0\/16$/,
                    allowed: "a private /16 of the form 10.N.0.0/16",
                    default: "10.20.0.0/16",
                }),
                availabilityZones: list(
                    text({
                        doc: "AZ name.",
                        pattern: /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/,
                        allowed: "an availability zone name such as ap-northeast-1a",
                    }),
                    {
                        doc: "Availability zones to spread subnets over (at least two, for RDS and the ALB).",
                        min: 2,
                        max: 3,
                        unique: true,
                        default: ["ap-northeast-1a", "ap-northeast-1c"],
                    },
                ),
                natGateways: oneOf(["single", "perAz"], {
                    doc: "NAT gateways for private-subnet egress: one shared, or one per AZ (no cross-AZ dependency).",
                    default: "single",
                }),
                natEipAllocationIds: optional(
                    list(
                        text({
                            doc: "Elastic IP allocation id.",
                            pattern: /^eipalloc-[0-9a-f]{8,17}$/,
                            allowed:
                                "an Elastic IP allocation id such as eipalloc-0123456789abcdef0",
                        }),
                        {
                            doc: "Adopt these existing Elastic IPs for the NAT gateways, one per gateway in AZ order, so outbound addresses allow-listed elsewhere stay; unset creates new ones.",
                            min: 1,
                            max: 3,
                            unique: true,
                        },
                    ),
                ),
                interfaceEndpoints: list(
                    oneOf(["ecr.api", "ecr.dkr", "logs", "secretsmanager"], {
                        doc: "Endpoint service.",
                    }),
                    {
                        doc: "Interface VPC endpoints in the private subnets (the S3 gateway endpoint is always created).",
                        min: 0,
                        max: 4,
                        unique: true,
                        default: [],
                    },
                ),
            },
            { doc: "VPC layout." },
        ),
        database: object(
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
                        pattern:
                            /^(arn:aws:rds:[a-z0-9-]+:\d{12}:snapshot:)?[a-zA-Z][a-zA-Z0-9-]{0,254}$/,
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
        ),
        cache: object(
            {
                mode: oneOf(CACHE_MODES, {
                    doc: "node: ElastiCache cluster (TLS, no at-rest encryption); serverless: encrypted at rest with the stack key.",
                    default: "node",
                }),
                nodeType: text({
                    doc: "Node type (node mode).",
                    pattern:
                        /^cache\.(t3|t4g|m5|m6g|m7g|r5|r6g|r7g)\.(micro|small|medium|large|xlarge|[1-9]\d?xlarge)$/,
                    allowed: "an ElastiCache node type such as cache.t3.micro or cache.r5.large",
                    default: CACHE_DEFAULTS.nodeType,
                }),
                nodeCount: int({
                    doc: "Nodes (node mode); two or more are spread across AZs.",
                    min: 1,
                    max: MAX_CACHE_NODES,
                    default: CACHE_DEFAULTS.nodeCount,
                }),
                engineVersion: text({
                    doc: "Memcached version (node mode).",
                    pattern: /^\d+\.\d+\.\d+$/,
                    allowed: `a Memcached version ${MIN_MEMCACHED_TLS_VERSION} or later (needed for TLS)`,
                    check: supportsTls,
                    default: CACHE_DEFAULTS.engineVersion,
                }),
                maintenanceWindow: text({
                    doc: "Weekly maintenance window, UTC (node mode).",
                    pattern: WEEKLY_WINDOW,
                    allowed: "a UTC window ddd:hh:mm-ddd:hh:mm",
                    default: CACHE_DEFAULTS.maintenanceWindow,
                }),
                maxDataStorageGb: int({
                    doc: "Data storage limit in GB (serverless mode).",
                    ...SERVERLESS_LIMITS.dataStorageGb,
                    default: CACHE_DEFAULTS.maxDataStorageGb,
                }),
                maxEcpuPerSecond: int({
                    doc: "ElastiCache processing units per second limit (serverless mode).",
                    ...SERVERLESS_LIMITS.ecpuPerSecond,
                    default: CACHE_DEFAULTS.maxEcpuPerSecond,
                }),
            },
            { doc: "ElastiCache Memcached." },
        ),
        search: object(
            {
                instanceType: oneOf(SEARCH_INSTANCE_TYPES, {
                    doc: "CloudSearch instance type.",
                    default: SEARCH_DEFAULTS.instanceType,
                }),
                replicationCount: int({
                    doc: "Replicas per index partition.",
                    min: 1,
                    max: 5,
                    default: SEARCH_DEFAULTS.replicationCount,
                }),
                multiAz: bool({
                    doc: "Keep instances in a second AZ.",
                    default: SEARCH_DEFAULTS.multiAz,
                }),
                existingDomainName: optional(
                    text({
                        doc: "Adopt (import) this existing domain instead of creating one: CloudSearch is closed to new AWS customers.",
                        pattern: /^[a-z][a-z0-9-]{2,27}$/,
                        allowed:
                            "a CloudSearch domain name: 3 to 28 of a-z, 0-9, - starting with a letter",
                    }),
                ),
                indexFields: list(indexField, {
                    doc: "Index fields; defaults suit articles (title, body with Japanese analysis, tags, category, published_at).",
                    min: 1,
                    max: 200,
                    default: SEARCH_DEFAULTS.indexFields as never,
                }),
            },
            { doc: "CloudSearch." },
        ),
        service: object(
            {
                image: optional(
                    text({
                        doc: "Container image: a tag on the stack's ECR repository, or a full image reference. Unset for the very first up (no image yet): the service is created with no tasks.",
                        pattern:
                            /^([a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[\w.-]{1,128}|@sha256:[a-f0-9]{64})|[\w][\w.-]{0,127})$/,
                        allowed:
                            "an image tag such as release-2026.11.1, or registry/repository:tag",
                    }),
                ),
                cpu: oneOf(FARGATE_CPU_UNITS, {
                    doc: "Task CPU units.",
                    default: 1024,
                }),
                memory: int({
                    doc: "Task memory in MiB (must suit cpu, see Fargate sizes).",
                    min: 512,
                    max: 122880,
                    default: 2048,
                }),
                containerPort: int({
                    doc: "Port the Rails server listens on.",
                    min: 1024,
                    max: 65535,
                    default: 3000,
                }),
                user: text({
                    doc: "Non-root uid:gid the container runs as.",
                    pattern: /^[1-9]\d{0,9}:[1-9]\d{0,9}$/,
                    allowed: "a non-root numeric uid:gid such as 1000:1000",
                    default: "1000:1000",
                }),
                minTasks: int({ doc: "Autoscaling minimum.", min: 1, max: 100, default: 1 }),
                maxTasks: int({ doc: "Autoscaling maximum.", min: 1, max: 100, default: 2 }),
                cpuTarget: int({
                    doc: "Target average CPU % for scaling.",
                    min: 10,
                    max: 95,
                    default: 70,
                }),
                requestsPerTarget: int({
                    doc: "Target ALB requests per task per minute for scaling (measure with npm run loadtest).",
                    min: 1,
                    max: 100000,
                    default: 1000,
                }),
                healthCheckPath: text({
                    doc: "ALB health check path.",
                    pattern: /^\/[A-Za-z0-9._~\-/]{0,1023}$/,
                    allowed: "an absolute URL path such as /health",
                    default: "/health",
                }),
                certificateArn: optional(
                    text({
                        doc: "ACM certificate for the ALB listener (in the stack region); else created when hostedZoneId is set.",
                        pattern: /^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
                        allowed: "an ACM certificate ARN",
                    }),
                ),
                deletionProtection: bool({ doc: "ALB deletion protection.", default: false }),
                waitForSteadyState: bool({
                    doc: "Make pulumi up wait until the new tasks are healthy (off for the very first deploy, before an image exists).",
                    default: false,
                }),
                ecrKeepImages: int({
                    doc: "release-* images the ECR lifecycle policy keeps (untagged ones expire after 14 days; other tags are kept).",
                    min: 1,
                    max: 1000,
                    default: 30,
                }),
                generateSecretKeyBase: bool({
                    doc: "Generate SECRET_KEY_BASE once (kept in the state) instead of reading the secret secretKeyBase: only for a stack with no running site to carry over (dev).",
                    default: false,
                }),
                requireCredentials: bool({
                    doc: "Fail when an app credential is missing (prod); otherwise leave the integration out with a warning.",
                    default: false,
                }),
                enableExec: bool({
                    doc: "ECS Exec (aws ecs execute-command) into the tasks: the task role gets the SSM channels and KMS decrypt only through SSM, and sessions are logged to a group the app cannot write. Off unless a stack turns it on.",
                    default: false,
                }),
            },
            { doc: "The Rails service on ECS Fargate." },
        ),
        edge: object(
            {
                priceClass: oneOf(["PriceClass_All", "PriceClass_200", "PriceClass_100"], {
                    doc: "CloudFront price class; PriceClass_100 has no edge locations in Japan.",
                    default: "PriceClass_200",
                }),
                httpVersion: oneOf(["http1.1", "http2", "http2and3", "http3"], {
                    doc: "Highest HTTP version viewers may use (npm run parity -- --write copies production's).",
                    default: "http2and3",
                }),
                certificateArn: optional(
                    text({
                        doc: "ACM certificate in us-east-1 for the distribution; else created when hostedZoneId is set.",
                        pattern: US_EAST_1_CERTIFICATE_ARN,
                        allowed: "an ACM certificate ARN in us-east-1",
                    }),
                ),
                rateLimit: int({
                    doc: "WAF requests per IP per window before blocking.",
                    min: 10,
                    max: 2000000000,
                    default: 2000,
                }),
                rateLimitWindowSeconds: oneOf([60, 120, 300, 600], {
                    doc: "WAF rate evaluation window.",
                    default: 300,
                }),
                ttl: object(
                    {
                        html: int({
                            doc: "Default TTL (s) for pages; 0 = cache only what the origin's Cache-Control allows.",
                            min: 0,
                            max: 31536000,
                            default: 0,
                        }),
                        assets: int({
                            doc: "TTL (s) for /assets/* and /packs/*.",
                            min: 0,
                            max: 31536000,
                            default: 31536000,
                        }),
                        images: int({
                            doc: "TTL (s) for images.",
                            min: 0,
                            max: 31536000,
                            default: 86400,
                        }),
                        feeds: int({
                            doc: "TTL (s) for feeds.",
                            min: 0,
                            max: 31536000,
                            default: 3600,
                        }),
                    },
                    { doc: "Cache TTLs." },
                ),
                allowBrowserUploads: bool({
                    doc: "Allow PUT/POST from the site's origins in the assets bucket CORS.",
                    default: false,
                }),
                uploadPaths: list(
                    text({
                        doc: "",
                        pattern: /^\/[A-Za-z0-9._~\-/]{0,198}\*?$/,
                        allowed:
                            "an absolute URL path prefix such as /admin/uploads (a * only at the end)",
                    }),
                    {
                        doc: "Paths whose request bodies may exceed WAF's 8 KB body rule (uploads).",
                        min: 0,
                        max: 10,
                        unique: true,
                        default: [],
                    },
                ),
                invalidationPaths: list(
                    text({
                        doc: "",
                        pattern: /^\/[A-Za-z0-9._~\-/*]{0,255}$/,
                        allowed: "an absolute path pattern such as /*",
                    }),
                    {
                        doc: "Paths invalidated on a deploy that changes service.image or edge.assetVersion.",
                        min: 1,
                        max: 15,
                        unique: true,
                        default: ["/*"],
                    },
                ),
                assetVersion: text({
                    doc: "Bump to invalidate the CDN on the next deploy without a new image.",
                    pattern: /^[\w.-]{1,64}$/,
                    allowed: "1 to 64 of letters, digits, _ . -",
                    default: "1",
                }),
            },
            { doc: "CloudFront and WAF." },
        ),
        alerts: object(
            {
                emails: list(
                    text({
                        doc: "",
                        pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
                        allowed: "an e-mail address",
                    }),
                    {
                        doc: "Alarm subscribers (each must confirm the SNS e-mail).",
                        min: 0,
                        max: 10,
                        unique: true,
                        default: [],
                    },
                ),
            },
            { doc: "Alarm notifications." },
        ),
        monitoring: object(
            {
                cloudfrontAdditionalMetrics: bool({
                    doc: "CloudFront's additional metrics (cache hit rate, origin latency; billed per distribution per month) and their alarms.",
                    default: false,
                }),
                cacheHitRateTarget: int({
                    doc: "CloudFront cache hit rate target, percent: below it for an hour (in periods with enough requests) alarms.",
                    min: 1,
                    max: 100,
                    default: EDGE_THRESHOLD_DEFAULTS.cacheHitRatePercent,
                }),
            },
            { doc: "CloudFront KPIs." },
        ),
        security: object(
            {
                guardDuty: oneOf(SERVICE_MODES, {
                    doc: "GuardDuty detector: create one, adopt the account's (aws guardduty list-detectors --region <region> prints its id), or off.",
                    default: "off",
                }),
                guardDutyDetectorId: optional(
                    text({
                        doc: "The detector to adopt (security.guardDuty adopt only).",
                        pattern: GUARDDUTY_DETECTOR_ID,
                        allowed: "a GuardDuty detector id: 32 lower-case hex digits",
                    }),
                ),
                findingSeverity: int({
                    doc: "GuardDuty findings at or above this severity reach the alarm topic (7: High and Critical).",
                    min: 1,
                    max: 10,
                    default: DEFAULT_FINDING_SEVERITY,
                }),
                securityHub: oneOf(SERVICE_MODES, {
                    doc: "Security Hub with the AWS Foundational Security Best Practices standard: create, adopt (aws securityhub describe-hub --region <region> answers), or off.",
                    default: "off",
                }),
                accountId: optional(
                    text({
                        doc: "This account's id: the import ids of an adopted hub (security.securityHub adopt only).",
                        pattern: ACCOUNT_ID,
                        allowed: "a 12-digit AWS account id",
                        numbers: true,
                    }),
                ),
                cisStandard: bool({
                    doc: "Also subscribe Security Hub to the CIS AWS Foundations Benchmark v1.2.0 standard, which scores the trail's metric-filter alarms (CloudWatch.1-14). Needs security.securityHub.",
                    default: false,
                }),
                config: oneOf(SERVICE_MODES, {
                    doc: "AWS Config recorder (service-linked role, all resources, delivery to the log bucket): create, adopt the region's recorder (aws configservice describe-configuration-recorders --region <region> prints it), or off.",
                    default: "off",
                }),
                configRecorderName: optional(
                    text({
                        doc: "The recorder to adopt (security.config adopt only).",
                        pattern: CONFIG_RECORDER_NAME,
                        allowed: "a configuration recorder name: 1-256 of A-Z a-z 0-9 _ . -",
                    }),
                ),
                configRoleExists: bool({
                    doc: "The account already has the service-linked role AWSServiceRoleForConfig (aws iam get-role --role-name AWSServiceRoleForConfig succeeds): use it, do not create it (security.config create).",
                    default: false,
                }),
            },
            { doc: "Security event monitoring (one stack per account and region may create)." },
        ),
    },
    { doc: "TNG stack settings." },
);

export type StackSettings = FieldType<typeof settingsSchema> & {
    /** `aws:region` of the stack. */
    readonly region: string;
    /** Integrations whose credentials are all set; the rest are left out. */
    readonly integrations: readonly Integration[];
    /** SECRET_KEY_BASE: the secret config key secretKeyBase, or generated (opt-in). */
    readonly secretKeyBase: "config" | "generate";
};

/** Thrown on bad config; a RunError, so Pulumi prints the message without a stack trace. */
export class SettingsError extends pulumi.RunError {
    constructor(
        readonly stack: string,
        readonly problems: readonly string[],
    ) {
        super(
            `Stack "${stack}" has ${problems.length} invalid setting${problems.length === 1 ? "" : "s"}:\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "SettingsError";
    }
}

/** The settings as the schema parses them (before region and credentials are added). */
export type ParsedSettings = FieldType<typeof settingsSchema>;

/** Raw config as Pulumi hands it over: key without namespace → string (JSON for objects). */
export type RawConfig = Readonly<Record<string, string>>;

function decode(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value; // plain strings such as domainName
    }
}

/**
 * Values that stand in for a real one in a committed stack file: names under the reserved example
 * domains (RFC 2606 example.com/.net/.org; JPRS reserves example.jp), e-mail addresses at them,
 * and REPLACE markers such as the hosted zone id Z0REPLACEWITHZONEID. A real preview refuses them;
 * the offline synth renders them with a warning.
 */
export const PLACEHOLDER_MARKERS: readonly RegExp[] = [
    /(^|[.@])example\.(com|net|org|jp)$/,
    /REPLACE/,
];

/** A config value that is a placeholder: its dotted key (as `--path` takes it) and value. */
export interface Placeholder {
    readonly key: string;
    readonly value: string;
}

/** Every placeholder value in raw `tng:` config (secrets excluded), in key order. */
export function placeholderValues(raw: RawConfig): Placeholder[] {
    const found: Placeholder[] = [];
    const walk = (value: unknown, key: string) => {
        if (typeof value === "string") {
            if (PLACEHOLDER_MARKERS.some((m) => m.test(value))) {
                found.push({ key, value });
            }
        } else if (Array.isArray(value)) {
            value.forEach((v, i) => walk(v, `${key}[${i}]`));
        } else if (value !== null && typeof value === "object") {
            Object.entries(value).forEach(([k, v]) => walk(v, `${key}.${k}`));
        }
    };
    for (const [key, value] of Object.entries(raw)) {
        if (!SECRET_CONFIG_KEYS.includes(key)) {
            walk(decode(value), key);
        }
    }
    return found;
}

/** The command that sets a `tng:` key (dotted keys through --path). */
export function configSetCommand(key: string, stack: string, secret = false): string {
    const path = /[.[]/.test(key) ? "--path " : "";
    return `pulumi config set ${secret ? "--secret " : ""}${path}${PROJECT}:${key} <value> --stack ${stack}`;
}

/**
 * The secret keys this config requires that are not set: secretKeyBase unless the stack generates
 * it, every credential when service.requireCredentials is true. The offline synth renders such a
 * stack with placeholders (and a warning each); a real preview fails with the settings error.
 */
export function missingSecretKeys(raw: RawConfig, set: ReadonlySet<string>): string[] {
    const service = raw.service === undefined ? {} : decode(raw.service);
    const flag = (name: string) =>
        service !== null && typeof service === "object"
            ? (service as Record<string, unknown>)[name] === true
            : false;
    const required = [
        ...(flag("generateSecretKeyBase") ? [] : [SECRET_KEY_BASE_KEY]),
        ...(flag("requireCredentials") ? CREDENTIAL_KEYS : []),
    ];
    return SECRET_CONFIG_KEYS.filter((k) => required.includes(k) && !set.has(k));
}

/** A decoded config object's keys (an absent or non-object value has none). */
function givenKeys(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/** Keys of one cache mode that the other mode ignores. */
const CACHE_MODE_KEYS = {
    node: ["nodeType", "nodeCount", "engineVersion", "maintenanceWindow"],
    serverless: ["maxDataStorageGb", "maxEcpuPerSecond"],
} as const;

/** Warnings about cache settings that are valid but do nothing in the chosen mode. */
function cacheModeWarnings(mode: string | undefined, given: Record<string, unknown>): string[] {
    if (mode !== "node" && mode !== "serverless") {
        return [];
    }
    const other = mode === "node" ? "serverless" : "node";
    const ignored = CACHE_MODE_KEYS[other].filter((k) => given[k] !== undefined);
    return ignored.length
        ? [
              `cache.mode is ${mode}: ${ignored.map((k) => `cache.${k}`).join(", ")} ${ignored.length === 1 ? "applies" : "apply"} only in ${other} mode and ${ignored.length === 1 ? "is" : "are"} ignored.`,
          ]
        : [];
}

/**
 * Parses and checks raw `tng:` config (without the namespace) for a stack.
 * Returns frozen settings plus warnings, or throws {@link SettingsError} listing every problem:
 * field rules, then the rules across keys (on every key that parsed), then credentials, then
 * placeholder values (unless `allowPlaceholders`: the offline synth, which warns about them).
 */
export function parseSettings(
    stack: string,
    raw: RawConfig,
    credentials: CredentialPresence,
    region: string | undefined,
    options: { readonly allowPlaceholders?: boolean } = {},
): { settings: StackSettings; warnings: string[] } {
    const problems: string[] = [];
    // Physical names derive from tng-<stack>: CloudSearch domains allow 28 characters, cluster ids 40.
    if (!/^[a-z][a-z0-9-]{0,19}$/.test(stack)) {
        problems.push(
            `the stack name must be 1 to 20 of a-z, 0-9, - starting with a letter (AWS names derive from it) (got ${show(stack)})`,
        );
    }
    const validRegion = region !== undefined && /^[a-z]{2}(-[a-z]+)+-\d$/.test(region);
    if (!validRegion) {
        problems.push(
            `aws:region must be an AWS region such as ap-northeast-1 (got ${show(region)}): run pulumi config set aws:region ap-northeast-1 --stack ${stack}`,
        );
    }
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (!SECRET_CONFIG_KEYS.includes(key)) {
            values[key] = decode(value);
        }
    }
    const before = problems.length;
    const partial = settingsSchema.parsePartial?.(values, "", problems) ?? {};
    const fieldsValid = problems.length === before;
    crossChecks(partial, validRegion ? region : undefined, problems);

    const given = values.cache;
    const warnings = cacheModeWarnings(
        partial.cache?.mode,
        given !== null && typeof given === "object" ? (given as Record<string, unknown>) : {},
    );
    const check = checkCredentials(
        stack,
        credentials,
        partial.service?.requireCredentials ?? false,
    );
    problems.push(...check.problems);
    warnings.push(...check.warnings);
    if (partial.service !== undefined && !("image" in givenKeys(values.service))) {
        warnings.push(
            `service.image is not set: this up creates the ECR repository and a service with no tasks. Push the first image to the repositoryUrl output, then run ${configSetCommand("service.image", stack)} (the tag) and pulumi up again (README, "First up").`,
        );
    }
    const keyBase =
        partial.service?.generateSecretKeyBase === undefined
            ? { problems: [] } // its own problem is reported
            : checkSecretKeyBase(stack, credentials, partial.service.generateSecretKeyBase);
    problems.push(...keyBase.problems);
    if (!options.allowPlaceholders) {
        for (const { key, value } of placeholderValues(raw)) {
            problems.push(
                `${key} is a placeholder (${show(value)}): set the real value with ${configSetCommand(key, stack)}`,
            );
        }
    }

    if (problems.length > 0 || !fieldsValid) {
        throw new SettingsError(stack, problems);
    }
    return {
        settings: Object.freeze({
            ...(partial as ParsedSettings),
            region: region as string,
            integrations: Object.freeze(check.integrations),
            secretKeyBase: keyBase.source as "config" | "generate",
        }),
        warnings,
    };
}

/** The config namespaces a stack file may use: this project's, the AWS provider's, Pulumi's. */
export const CONFIG_NAMESPACES: readonly string[] = [PROJECT, "aws", "pulumi"];

/**
 * The `aws:` keys a stack file may set (README, "Stack settings"): the region, the default tags,
 * and the accounts the provider may run in. Every other provider key (insecure, endpoints,
 * skipCredentialsValidation, assumeRoles, profile, accessKey, ...) would change where or how the
 * stack's calls go, so the stack file cannot set it. Provider arguments:
 * https://www.pulumi.com/registry/packages/aws/api-docs/provider/
 */
export const AWS_CONFIG_KEYS: readonly string[] = ["region", "defaultTags", "allowedAccountIds"];

/**
 * Problems with the config keys themselves, before any value is read: a namespace other than
 * {@link CONFIG_NAMESPACES}, an `aws:` key outside {@link AWS_CONFIG_KEYS}, and a `tng:` setting
 * holding a secret although it is not one of the secret keys (`pulumi config set --secret --path
 * tng:database.parameters.x` marks the whole `tng:database` secret; the program would copy the
 * value as plaintext into resource inputs, the state and the preview).
 */
export function configKeyProblems(
    keys: readonly string[],
    isSecret: (key: string) => boolean,
): string[] {
    const problems: string[] = [];
    for (const key of [...keys].sort()) {
        const colon = key.indexOf(":");
        const namespace = colon < 0 ? "" : key.slice(0, colon);
        const name = key.slice(colon + 1);
        if (!CONFIG_NAMESPACES.includes(namespace)) {
            problems.push(
                `${key}: the config namespace ${show(namespace)} is not read by this program; only ${CONFIG_NAMESPACES.map((n) => `${n}:`).join(", ")} keys are allowed (remove it with pulumi config rm ${key})`,
            );
        } else if (namespace === "aws" && !AWS_CONFIG_KEYS.includes(name)) {
            problems.push(
                `${key} is not an allowed provider setting; the stack file may set only ${AWS_CONFIG_KEYS.map((k) => `aws:${k}`).join(", ")} (README, "Stack settings")`,
            );
        } else if (namespace === PROJECT && !SECRET_CONFIG_KEYS.includes(name) && isSecret(key)) {
            problems.push(
                `${key} holds a secret (secure:) value, but it is not a secret setting: the program would copy it as plaintext into resource inputs and the state. Only ${SECRET_CONFIG_KEYS.map((k) => `${PROJECT}:${k}`).join(", ")} may be secret`,
            );
        }
    }
    return problems;
}

/**
 * Set by the offline tools around a render. A process-wide symbol, not a module variable: the CLI
 * replay (offline/cliLoad.ts) runs the program as an esbuild bundle with its own copy of this module.
 */
const OFFLINE_RENDER = Symbol.for("tng.offlineRender");

/**
 * For the offline synth only: placeholder values pass (it warns about each itself). A real
 * `pulumi preview` never calls this, so placeholders stop it with the settings error.
 */
export function renderingOffline(on: boolean): void {
    (globalThis as Record<symbol, unknown>)[OFFLINE_RENDER] = on;
}

function isOfflineRender(): boolean {
    return (globalThis as Record<symbol, unknown>)[OFFLINE_RENDER] === true;
}

/** Validated settings and the credentials of the complete integrations (env name → secret). */
export interface LoadedSettings {
    readonly settings: StackSettings;
    readonly credentials: Readonly<Record<string, pulumi.Output<string>>>;
    /** SECRET_KEY_BASE from the secret config, or undefined when the stack generates it. */
    readonly secretKeyBase?: pulumi.Output<string>;
}

/**
 * Reads this stack's `tng:` config from the Pulumi runtime, validates it, logs warnings, and
 * returns the settings with the credentials. Call it before creating any resource.
 */
export function loadSettings(): LoadedSettings {
    const prefix = `${PROJECT}:`;
    const all = pulumi.runtime.allConfig();
    const raw: Record<string, string> = {};
    const set = new Set<string>();
    const secret = new Set<string>();
    for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(prefix)) {
            continue;
        }
        const name = key.slice(prefix.length);
        if (SECRET_CONFIG_KEYS.includes(name)) {
            set.add(name);
            if (isConfigSecret(key)) {
                secret.add(name);
            }
        } else {
            raw[name] = value;
        }
    }
    const stack = pulumi.getStack();
    const keyProblems = configKeyProblems(Object.keys(all), isConfigSecret);
    let parsed: { settings: StackSettings; warnings: string[] };
    try {
        parsed = parseSettings(stack, raw, { set, secret }, all["aws:region"], {
            allowPlaceholders: isOfflineRender(),
        });
    } catch (e) {
        if (e instanceof SettingsError && keyProblems.length > 0) {
            throw new SettingsError(stack, [...keyProblems, ...e.problems]);
        }
        throw e;
    }
    if (keyProblems.length > 0) {
        throw new SettingsError(stack, keyProblems);
    }
    const { settings, warnings } = parsed;
    warnings.forEach((w) => pulumi.log.warn(w));
    const credentials = credentialValues(settings.integrations, (key) =>
        pulumi.secret(all[prefix + key]),
    );
    const secretKeyBase =
        settings.secretKeyBase === "config"
            ? pulumi.secret(all[prefix + SECRET_KEY_BASE_KEY])
            : undefined;
    return { settings, credentials, secretKeyBase };
}
