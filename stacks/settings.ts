/**
 * Typed, validated stack settings: the only module that reads `tng:` config.
 *
 * Each top-level key is a structured object in Pulumi.<stack>.yaml. Everything is checked before
 * any resource is created, and every problem is reported at once, naming the dotted key and what
 * is allowed. dev/prod differences live in the stack files, never in `if (stack === ...)` code.
 */
import * as pulumi from "@pulumi/pulumi";
import { INSTANCE_CLASSES } from "../components/data/database";
import {
    indexFieldProblems,
    SEARCH_FIELD_TYPES,
    SEARCH_INSTANCE_TYPES,
} from "../components/data/searchDomain";
import {
    bool,
    FieldType,
    int,
    list,
    object,
    oneOf,
    optional,
    Problems,
    record,
    show,
    text,
} from "./schema";

/** The Pulumi project name, which is also the config namespace. */
export const PROJECT = "tng";

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
] as const;

/** Valid Fargate task sizes: cpu units → allowed memory (MiB). */
export const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = {
    256: [512, 1024, 2048],
    512: range(1024, 4096, 1024),
    1024: range(2048, 8192, 1024),
    2048: range(4096, 16384, 1024),
    4096: range(8192, 30720, 1024),
    8192: range(16384, 61440, 4096),
    16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
    const out: number[] = [];
    for (let v = from; v <= to; v += step) {
        out.push(v);
    }
    return out;
}

/** Oldest Memcached that supports in-transit encryption on ElastiCache. */
export const MIN_MEMCACHED_TLS_VERSION = "1.6.12";

/**
 * The app's third-party credentials, set with `pulumi config set --secret`. Grouped by the
 * integration that needs them: a group is either complete or left out.
 */
export const CREDENTIALS = {
    sender: {
        senderUsername: "TNG_SENDER_USERNAME",
        senderPassword: "TNG_SENDER_PASSWORD",
        senderDomain: "TNG_SENDER_DOMAIN",
    },
    facebook: {
        facebookAppId: "TNG_FACEBOOK_APP_ID",
        facebookAppSecret: "TNG_FACEBOOK_APP_SECRET",
    },
    twitter: {
        twitterConsumerKey: "TNG_TWITTER_CONSUMER_KEY",
        twitterConsumerSecret: "TNG_TWITTER_CONSUMER_SECRET",
    },
} as const;
export type Integration = keyof typeof CREDENTIALS;
export const CREDENTIAL_KEYS: readonly string[] = Object.values(CREDENTIALS).flatMap((g) =>
    Object.keys(g),
);

const HOUR_MIN = "([01]\\d|2[0-3]):[0-5]\\d";
const DAY = "(mon|tue|wed|thu|fri|sat|sun)";

const articleIndexFields = [
    {
        name: "title",
        type: "text",
        analysisScheme: "_ja_default_",
        return: true,
        highlight: true,
        sort: true,
    },
    { name: "body", type: "text", analysisScheme: "_ja_default_", return: false, highlight: true },
    { name: "tags", type: "literal-array", search: true, facet: true, return: true },
    { name: "category", type: "literal", search: true, facet: true, return: true, sort: true },
    { name: "published_at", type: "date", search: true, facet: false, return: true, sort: true },
];

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
                doc: "Analysis scheme (text fields).",
                pattern: /^_[a-z]{2,3}_default_$/,
                allowed: "a language default scheme such as _ja_default_",
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
            pattern: /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
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
                    check: (v) =>
                        INSTANCE_CLASSES[v.split(".")[1]]?.[v.split(".")[2]] !== undefined,
                }),
                engineVersion: text({
                    doc: "PostgreSQL engine version (must match the production snapshot to restore it).",
                    pattern: /^(1[3-7])\.\d{1,2}$/,
                    allowed: "a PostgreSQL version MAJOR.MINOR with major 13 to 17, such as 13.20",
                }),
                databaseName: text({
                    doc: "Initial database name.",
                    pattern: /^[a-z][a-z0-9_]{0,62}$/,
                    allowed: "a lower-case identifier",
                    default: "tng",
                }),
                username: text({
                    doc: "Master user name (its password is generated and kept by RDS in Secrets Manager).",
                    pattern: /^[a-z][a-z0-9_]{0,15}$/,
                    allowed: "a lower-case identifier of at most 16 characters",
                    default: "tng",
                }),
                allocatedStorage: int({ doc: "Storage in GiB.", min: 20, max: 65536, default: 40 }),
                maxAllocatedStorage: int({
                    doc: "Storage autoscaling ceiling in GiB (at least allocatedStorage).",
                    min: 20,
                    max: 65536,
                    default: 100,
                }),
                // io1/io2 would need provisioned IOPS, which the Database component does not set.
                storageType: oneOf(["gp3", "gp2"], {
                    doc: "Storage type.",
                    default: "gp3",
                }),
                multiAz: bool({ doc: "Standby in a second AZ.", default: false }),
                backupRetentionDays: int({
                    doc: "Automated backup retention in days.",
                    min: 1,
                    max: 35,
                    default: 7,
                }),
                backupWindow: text({
                    doc: "Daily backup window, UTC (at least 30 minutes).",
                    pattern: new RegExp(`^${HOUR_MIN}-${HOUR_MIN}$`),
                    allowed: "a UTC window hh:mm-hh:mm",
                    default: "13:15-13:45",
                }),
                maintenanceWindow: text({
                    doc: "Weekly maintenance window, UTC (at least 30 minutes, not overlapping the backup window).",
                    pattern: new RegExp(`^${DAY}:${HOUR_MIN}-${DAY}:${HOUR_MIN}$`),
                    allowed: "a UTC window ddd:hh:mm-ddd:hh:mm such as wed:16:20-wed:16:50",
                    default: "wed:16:20-wed:16:50",
                }),
                deletionProtection: bool({ doc: "RDS deletion protection.", default: true }),
                protect: bool({
                    doc: "Pulumi `protect`: refuse to delete the instance from Pulumi.",
                    default: false,
                }),
                performanceInsights: bool({
                    doc: "Performance Insights (7-day free tier), KMS-encrypted.",
                    default: false,
                }),
                monitoringInterval: oneOf([0, 1, 5, 10, 15, 30, 60], {
                    doc: "Enhanced monitoring interval in seconds; 0 turns it off.",
                    default: 0,
                }),
                snapshotIdentifier: optional(
                    text({
                        doc: "Create the instance from this (encrypted) snapshot: the production migration.",
                        pattern:
                            /^(arn:aws:rds:[a-z0-9-]+:\d{12}:snapshot:)?[a-zA-Z][a-zA-Z0-9-]{0,254}$/,
                        allowed: "an RDS snapshot identifier or ARN",
                    }),
                ),
                parameters: record(
                    text({ doc: "", pattern: /^[^\n]{1,512}$/, allowed: "a parameter value" }),
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
                mode: oneOf(["node", "serverless"], {
                    doc: "node: ElastiCache cluster (TLS, no at-rest encryption); serverless: encrypted at rest with the stack key.",
                    default: "node",
                }),
                nodeType: text({
                    doc: "Node type (node mode).",
                    pattern:
                        /^cache\.(t3|t4g|m5|m6g|m7g|r5|r6g|r7g)\.(micro|small|medium|large|xlarge|[1-9]\d?xlarge)$/,
                    allowed: "an ElastiCache node type such as cache.t3.micro or cache.r5.large",
                    default: "cache.t3.micro",
                }),
                nodeCount: int({
                    doc: "Nodes (node mode); two or more are spread across AZs.",
                    min: 1,
                    max: 20,
                    default: 1,
                }),
                engineVersion: text({
                    doc: "Memcached version (node mode).",
                    pattern: /^\d+\.\d+\.\d+$/,
                    allowed: `a Memcached version ${MIN_MEMCACHED_TLS_VERSION} or later (needed for TLS)`,
                    check: (v) => compareVersions(v, MIN_MEMCACHED_TLS_VERSION) >= 0,
                    default: "1.6.22",
                }),
                maintenanceWindow: text({
                    doc: "Weekly maintenance window, UTC (node mode).",
                    pattern: new RegExp(`^${DAY}:${HOUR_MIN}-${DAY}:${HOUR_MIN}$`),
                    allowed: "a UTC window ddd:hh:mm-ddd:hh:mm",
                    default: "wed:17:00-wed:18:00",
                }),
                maxDataStorageGb: int({
                    doc: "Data storage limit in GB (serverless mode).",
                    min: 1,
                    max: 5000,
                    default: 10,
                }),
                maxEcpuPerSecond: int({
                    doc: "ElastiCache processing units per second limit (serverless mode).",
                    min: 1000,
                    max: 15000000,
                    default: 5000,
                }),
            },
            { doc: "ElastiCache Memcached." },
        ),
        search: object(
            {
                instanceType: oneOf(SEARCH_INSTANCE_TYPES, {
                    doc: "CloudSearch instance type.",
                    default: "search.small",
                }),
                replicationCount: int({
                    doc: "Replicas per index partition.",
                    min: 1,
                    max: 5,
                    default: 1,
                }),
                multiAz: bool({ doc: "Keep instances in a second AZ.", default: false }),
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
                    default: articleIndexFields as never,
                }),
            },
            { doc: "CloudSearch." },
        ),
        service: object(
            {
                image: text({
                    doc: "Container image: a tag on the stack's ECR repository, or a full image reference.",
                    pattern:
                        /^([a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[\w.-]{1,128}|@sha256:[a-f0-9]{64})|[\w][\w.-]{0,127})$/,
                    allowed: "an image tag such as release-2026.11.1, or registry/repository:tag",
                }),
                cpu: oneOf([256, 512, 1024, 2048, 4096, 8192, 16384], {
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
                    doc: "Images the ECR lifecycle policy keeps.",
                    min: 1,
                    max: 1000,
                    default: 30,
                }),
                requireCredentials: bool({
                    doc: "Fail when an app credential is missing (prod); otherwise leave the integration out with a warning.",
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
                certificateArn: optional(
                    text({
                        doc: "ACM certificate in us-east-1 for the distribution; else created when hostedZoneId is set.",
                        pattern: /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
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
    },
    { doc: "TNG stack settings." },
);

export type StackSettings = FieldType<typeof settingsSchema> & {
    /** `aws:region` of the stack. */
    readonly region: string;
    /** Integrations whose credentials are all set; the rest are left out. */
    readonly integrations: readonly Integration[];
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

function minutes(hhmm: string): number {
    const [h, m] = hhmm.split(":").map(Number);
    return h * 60 + m;
}

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** A weekly window as [start, end) minutes from Monday 00:00, end > start (wraps past Sunday). */
function weekly(window: string): [number, number] {
    const [from, to] = window.split("-");
    const at = (s: string) => DAYS.indexOf(s.slice(0, 3)) * 1440 + minutes(s.slice(4));
    const start = at(from);
    let end = at(to);
    if (end <= start) {
        end += 7 * 1440;
    }
    return [start, end];
}

function daily(window: string): [number, number] {
    const [from, to] = window.split("-").map(minutes);
    return [from, to > from ? to : to + 1440];
}

function compareVersions(a: string, b: string): number {
    const pa = a.split(".").map(Number);
    const pb = b.split(".").map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0) {
            return d;
        }
    }
    return 0;
}

type Parsed = FieldType<typeof settingsSchema>;

/** Rules that span several keys; run only when every key parsed. */
function crossChecks(s: Parsed, problems: Problems): void {
    const { database: db, cache, service, network } = s;
    if (db.maxAllocatedStorage < db.allocatedStorage) {
        problems.push(
            `database.maxAllocatedStorage must be at least database.allocatedStorage (${db.allocatedStorage}) (got ${db.maxAllocatedStorage})`,
        );
    }
    const [bs, be] = daily(db.backupWindow);
    if (be - bs < 30) {
        problems.push(
            `database.backupWindow must be at least 30 minutes long (got ${show(db.backupWindow)})`,
        );
    }
    const [ms, me] = weekly(db.maintenanceWindow);
    if (me - ms < 30) {
        problems.push(
            `database.maintenanceWindow must be at least 30 minutes long (got ${show(db.maintenanceWindow)})`,
        );
    }
    // The backup window recurs daily; test each day's occurrence against the weekly window.
    for (let day = -1; day <= 7; day++) {
        const start = day * 1440 + bs;
        const end = day * 1440 + be;
        if (start < me && ms < end) {
            problems.push(
                `database.maintenanceWindow must not overlap database.backupWindow (${db.backupWindow} daily) (got ${show(db.maintenanceWindow)})`,
            );
            break;
        }
    }
    const [cs, ce] = weekly(cache.maintenanceWindow);
    if (ce - cs < 60) {
        problems.push(
            `cache.maintenanceWindow must be at least 60 minutes long (got ${show(cache.maintenanceWindow)})`,
        );
    }
    if (cache.mode === "node" && cache.nodeCount > 1 && network.availabilityZones.length < 2) {
        problems.push(`cache.nodeCount above 1 needs at least two network.availabilityZones`);
    }
    if (s.hostedZoneId === undefined) {
        if (service.certificateArn === undefined) {
            problems.push(
                "service.certificateArn or hostedZoneId must be set: the internal ALB needs a certificate for origin.<domainName> in the stack region",
            );
        }
        if (s.edge.certificateArn === undefined) {
            problems.push(
                "edge.certificateArn or hostedZoneId must be set: CloudFront needs a certificate for domainName and www.<domainName> in us-east-1",
            );
        }
    }
    const forceSsl = db.parameters["rds.force_ssl"];
    if (forceSsl !== undefined && forceSsl !== "1") {
        problems.push(
            `database.parameters.rds.force_ssl must be "1": TLS is required for every connection (got ${show(forceSsl)})`,
        );
    }
    const fieldNames = new Set<string>();
    s.search.indexFields.forEach((field, i) => {
        if (fieldNames.has(field.name)) {
            problems.push(
                `search.indexFields[${i}].name must not repeat another field (got ${show(field.name)})`,
            );
        }
        fieldNames.add(field.name);
        for (const problem of indexFieldProblems(field)) {
            problems.push(`search.indexFields[${i}]: ${problem}`);
        }
    });
    const memories = FARGATE_MEMORY[service.cpu];
    if (!memories.includes(service.memory)) {
        problems.push(
            `service.memory must be one of ${memories.join(", ")} for service.cpu ${service.cpu} (got ${service.memory})`,
        );
    }
    if (service.minTasks > service.maxTasks) {
        problems.push(
            `service.minTasks must be at most service.maxTasks (${service.maxTasks}) (got ${service.minTasks})`,
        );
    }
}

/** Raw config as Pulumi hands it over: key without namespace → string (JSON for objects). */
export type RawConfig = Readonly<Record<string, string>>;

/** What the credentials look like in config: which are set, and which of those are secret. */
export interface CredentialPresence {
    readonly set: ReadonlySet<string>;
    readonly secret: ReadonlySet<string>;
}

function decode(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value; // plain strings such as domainName
    }
}

/**
 * Parses and checks raw `tng:` config (without the namespace) for a stack.
 * Returns frozen settings plus warnings, or throws {@link SettingsError} listing every problem.
 */
export function parseSettings(
    stack: string,
    raw: RawConfig,
    credentials: CredentialPresence,
    region: string | undefined,
): { settings: StackSettings; warnings: string[] } {
    const problems: string[] = [];
    // Physical names derive from tng-<stack>: CloudSearch domains allow 28 characters, cluster ids 40.
    if (!/^[a-z][a-z0-9-]{0,19}$/.test(stack)) {
        problems.push(
            `the stack name must be 1 to 20 of a-z, 0-9, - starting with a letter (AWS names derive from it) (got ${show(stack)})`,
        );
    }
    if (region === undefined || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
        problems.push(
            `aws:region must be an AWS region such as ap-northeast-1 (got ${show(region)}): run pulumi config set aws:region ap-northeast-1 --stack ${stack}`,
        );
    }
    const warnings: string[] = [];
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (!CREDENTIAL_KEYS.includes(key)) {
            values[key] = decode(value);
        }
    }
    const parsed = settingsSchema.parse(values, "", problems);
    if (parsed) {
        crossChecks(parsed, problems);
    }

    const integrations: Integration[] = [];
    for (const [integration, keys] of Object.entries(CREDENTIALS) as [
        Integration,
        Record<string, string>,
    ][]) {
        const names = Object.keys(keys);
        for (const k of names.filter((k) => credentials.set.has(k) && !credentials.secret.has(k))) {
            problems.push(
                `${k} must be set as a secret: run pulumi config set --secret ${k} <value> --stack ${stack}`,
            );
        }
        const missing = names.filter((k) => !credentials.set.has(k));
        if (missing.length === 0) {
            integrations.push(integration);
        } else if (parsed?.service.requireCredentials) {
            for (const k of missing) {
                problems.push(
                    `${k} is required because service.requireCredentials is true: run pulumi config set --secret ${k} <value> --stack ${stack}`,
                );
            }
        } else {
            warnings.push(
                `The ${integration} integration is left out: ${missing.join(", ")} not set (pulumi config set --secret <key> <value> --stack ${stack}).`,
            );
        }
    }

    if (problems.length > 0 || !parsed) {
        throw new SettingsError(stack, problems);
    }
    return {
        settings: Object.freeze({
            ...parsed,
            region: region as string,
            integrations: Object.freeze(integrations),
        }),
        warnings,
    };
}

/** Whether a config key was set with --secret (the SDK keeps this helper internal). */
function isConfigSecret(key: string): boolean {
    const runtime = pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean };
    if (!runtime.isConfigSecret) {
        throw new Error(
            "@pulumi/pulumi no longer exposes runtime.isConfigSecret; update stacks/settings.ts",
        );
    }
    return runtime.isConfigSecret(key);
}

/**
 * Reads this stack's `tng:` config from the Pulumi runtime, validates it, logs warnings, and
 * returns the settings. Call it before creating any resource.
 */
export function loadSettings(): StackSettings {
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
        if (CREDENTIAL_KEYS.includes(name)) {
            set.add(name);
            if (isConfigSecret(key)) {
                secret.add(name);
            }
        } else {
            raw[name] = value;
        }
    }
    const { settings, warnings } = parseSettings(
        pulumi.getStack(),
        raw,
        { set, secret },
        all["aws:region"],
    );
    warnings.forEach((w) => pulumi.log.warn(w));
    return settings;
}
