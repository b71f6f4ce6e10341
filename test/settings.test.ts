/**
 * Every validation rule of stacks/settings.ts: a value at the edge that passes and one that
 * fails with its exact message, plus defaults, cross-key rules and credentials.
 */
import * as assert from "assert";
import {
    AWS_CONFIG_KEYS,
    CONFIG_NAMESPACES,
    configKeyProblems,
    configSetCommand,
    CredentialPresence,
    missingSecretKeys,
    parseSettings,
    placeholderValues,
    RawConfig,
    SettingsError,
    StackSettings,
} from "../stacks/settings";

type Json = unknown;

/** A complete, valid dev-like config: each test changes one key. */
function baseConfig(): Record<string, Json> {
    return {
        domainName: "dev.tng-media.jp",
        hostedZoneId: "Z0123456789ABCDEFGHIJ",
        network: { availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"] },
        database: { instanceClass: "db.t3.micro", engineVersion: "13.20", createEmpty: true },
        service: { image: "release-1", generateSecretKeyBase: true },
    };
}

const NO_CREDENTIALS: CredentialPresence = { set: new Set(), secret: new Set() };

function toRaw(config: Record<string, Json>): RawConfig {
    return Object.fromEntries(
        Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

/** Returns a copy of the base config with `path` (dotted) set to `value` (undefined deletes). */
function withValue(path: string, value: Json, from = baseConfig()): Record<string, Json> {
    const config = structuredClone(from);
    const keys = path.split(".");
    let node = config as Record<string, Json>;
    for (const k of keys.slice(0, -1)) {
        node[k] = { ...((node[k] as Record<string, Json>) ?? {}) };
        node = node[k] as Record<string, Json>;
    }
    const last = keys[keys.length - 1];
    if (value === undefined) {
        delete node[last];
    } else {
        node[last] = value;
    }
    return config;
}

function parse(
    config: Record<string, Json>,
    credentials = NO_CREDENTIALS,
    region: string | null = "ap-northeast-1",
): { settings: StackSettings; warnings: string[] } {
    return parseSettings("dev", toRaw(config), credentials, region ?? undefined);
}

function problemsOf(fn: () => unknown): readonly string[] {
    try {
        fn();
    } catch (e) {
        assert.ok(e instanceof SettingsError, `expected SettingsError, got ${String(e)}`);
        return e.problems;
    }
    assert.fail("expected a SettingsError");
}

/** [dotted key, a passing edge value, a failing value, the exact message]. */
/** What database.engineVersion may be, as the settings say it. */
const PG_VERSIONS =
    "a PostgreSQL version MAJOR.MINOR, or RDS's Extended Support name MAJOR.MINOR-rds.YYYYMMDD, with major 13 to 17, such as 13.20 or 13.20-rds.20250220 (list what RDS still creates: aws rds describe-db-engine-versions --engine postgres --query \"DBEngineVersions[?Status=='available'].EngineVersion\" --output text)";

const RULES: [string, Json, Json, string][] = [
    [
        "domainName",
        "a.tng-media.com",
        "Example.com",
        'domainName must be a lower-case DNS name such as tng.example.jp (got "Example.com")',
    ],
    [
        "hostedZoneId",
        "Z0123456789ABCDEFGHIJ",
        "zone-1",
        'hostedZoneId must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (got "zone-1")',
    ],
    [
        "logRetentionDays",
        731,
        100,
        "logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 100)",
    ],
    [
        "network.cidrBlock",
        "10.255.0.0/16",
        "192.168.0.0/16",
        'network.cidrBlock must be a private /16 of the form 10.N.0.0/16 (got "192.168.0.0/16")',
    ],
    [
        "network.availabilityZones",
        ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
        ["ap-northeast-1a"],
        'network.availabilityZones must be a list of 2 to 3 items, each an availability zone name such as ap-northeast-1a, without repeats (got ["ap-northeast-1a"])',
    ],
    [
        "network.availabilityZones",
        ["ap-northeast-1a", "ap-northeast-1c"],
        ["ap-northeast-1a", "tokyo"],
        'network.availabilityZones[1] must be an availability zone name such as ap-northeast-1a (got "tokyo")',
    ],
    [
        "network.availabilityZones",
        ["ap-northeast-1a", "ap-northeast-1d"],
        ["ap-northeast-1a", "ap-northeast-1a"],
        'network.availabilityZones must not repeat an item (got ["ap-northeast-1a","ap-northeast-1a"])',
    ],
    [
        "network.natGateways",
        "perAz",
        "two",
        'network.natGateways must be one of single, perAz (got "two")',
    ],
    [
        "network.interfaceEndpoints",
        ["ecr.api", "ecr.dkr", "logs", "secretsmanager"],
        ["sqs"],
        'network.interfaceEndpoints[0] must be one of ecr.api, ecr.dkr, logs, secretsmanager (got "sqs")',
    ],
    [
        "database.instanceClass",
        "db.r6g.12xlarge",
        "db.t3.huge",
        'database.instanceClass must be an RDS instance class such as db.t3.micro or db.r6g.large (got "db.t3.huge")',
    ],
    [
        "database.instanceClass",
        "db.m5.24xlarge",
        "db.m6g.24xlarge",
        'database.instanceClass must be an RDS instance class such as db.t3.micro or db.r6g.large (got "db.m6g.24xlarge")',
    ],
    [
        "database.instanceClass",
        "db.t3.xlarge",
        "t3.micro",
        'database.instanceClass must be an RDS instance class such as db.t3.micro or db.r6g.large (got "t3.micro")',
    ],
    [
        "database.engineVersion",
        "17.6",
        13.2,
        `database.engineVersion must be ${PG_VERSIONS} (got 13.2)`,
    ],
    [
        "database.engineVersion",
        "13.20-rds.20250220",
        "13.20-rds.2025",
        `database.engineVersion must be ${PG_VERSIONS} (got "13.20-rds.2025")`,
    ],
    [
        "database.engineVersion",
        "13.20-RDS.20250220.R2.20250301",
        "11.22-rds.20240208",
        `database.engineVersion must be ${PG_VERSIONS} (got "11.22-rds.20240208")`,
    ],
    [
        "database.engineVersion",
        "13.20",
        "12.22",
        `database.engineVersion must be ${PG_VERSIONS} (got "12.22")`,
    ],
    [
        "database.databaseName",
        "tng_production",
        "TNG",
        'database.databaseName must be a lower-case identifier (got "TNG")',
    ],
    [
        "database.username",
        "app_admin",
        "0admin",
        'database.username must be a lower-case identifier of at most 16 characters (got "0admin")',
    ],
    [
        "database.allocatedStorage",
        20,
        19,
        "database.allocatedStorage must be an integer from 20 to 65536 (got 19)",
    ],
    [
        "database.maxAllocatedStorage",
        65536,
        65537,
        "database.maxAllocatedStorage must be an integer from 20 to 65536 (got 65537)",
    ],
    [
        "database.storageType",
        "gp2",
        "io1",
        'database.storageType must be one of gp3, gp2 (got "io1")',
    ],
    ["database.multiAz", true, "true", 'database.multiAz must be true or false (got "true")'],
    [
        "database.backupRetentionDays",
        35,
        36,
        "database.backupRetentionDays must be an integer from 1 to 35 (got 36)",
    ],
    [
        "database.backupRetentionDays",
        1,
        0,
        "database.backupRetentionDays must be an integer from 1 to 35 (got 0)",
    ],
    [
        "database.backupWindow",
        "23:50-00:20",
        "13:15",
        'database.backupWindow must be a UTC window hh:mm-hh:mm (got "13:15")',
    ],
    [
        "database.maintenanceWindow",
        "sun:23:45-mon:00:15",
        "thu:01:20-01:50",
        'database.maintenanceWindow must be a UTC window ddd:hh:mm-ddd:hh:mm such as wed:16:20-wed:16:50 (got "thu:01:20-01:50")',
    ],
    [
        "database.deletionProtection",
        false,
        "no",
        'database.deletionProtection must be true or false (got "no")',
    ],
    ["database.protect", true, 1, "database.protect must be true or false (got 1)"],
    [
        "database.performanceInsights",
        true,
        "enabled",
        'database.performanceInsights must be true or false (got "enabled")',
    ],
    [
        "database.monitoringInterval",
        60,
        20,
        "database.monitoringInterval must be one of 0, 1, 5, 10, 15, 30, 60 (got 20)",
    ],
    [
        "database.parameters",
        { work_mem: "16384" },
        { "Work-Mem": "1" },
        'database.parameters keys must be PostgreSQL parameter names (got "Work-Mem")',
    ],
    [
        "database.parameters",
        { "rds.log_retention_period": "4320", work_mem: 65536 },
        { work_mem: true },
        "database.parameters.work_mem must be a parameter value (got true)",
    ],
    [
        "cache.mode",
        "serverless",
        "cluster",
        'cache.mode must be one of node, serverless (got "cluster")',
    ],
    [
        "cache.nodeType",
        "cache.r5.large",
        "cache.r5.giant",
        'cache.nodeType must be an ElastiCache node type such as cache.t3.micro or cache.r5.large (got "cache.r5.giant")',
    ],
    ["cache.nodeCount", 20, 0, "cache.nodeCount must be an integer from 1 to 20 (got 0)"],
    ["cache.nodeCount", 1, 21, "cache.nodeCount must be an integer from 1 to 20 (got 21)"],
    [
        "cache.engineVersion",
        "1.6.12",
        "1.6.6",
        'cache.engineVersion must be a Memcached version 1.6.12 or later (needed for TLS) (got "1.6.6")',
    ],
    [
        "cache.engineVersion",
        "1.6.22",
        "1.4.34",
        'cache.engineVersion must be a Memcached version 1.6.12 or later (needed for TLS) (got "1.4.34")',
    ],
    [
        "cache.engineVersion",
        "1.10.0",
        "1.6",
        'cache.engineVersion must be a Memcached version 1.6.12 or later (needed for TLS) (got "1.6")',
    ],
    [
        "cache.maintenanceWindow",
        "sat:20:00-sat:21:00",
        "sat:20:00-sat:20:30",
        'cache.maintenanceWindow must be at least 60 minutes long (got "sat:20:00-sat:20:30")',
    ],
    [
        "cache.maxDataStorageGb",
        5000,
        5001,
        "cache.maxDataStorageGb must be an integer from 1 to 5000 (got 5001)",
    ],
    [
        "cache.maxEcpuPerSecond",
        1000,
        999,
        "cache.maxEcpuPerSecond must be an integer from 1000 to 15000000 (got 999)",
    ],
    [
        "search.instanceType",
        "search.2xlarge",
        "search.m3.large",
        'search.instanceType must be one of search.small, search.medium, search.large, search.xlarge, search.2xlarge (got "search.m3.large")',
    ],
    [
        "search.replicationCount",
        5,
        6,
        "search.replicationCount must be an integer from 1 to 5 (got 6)",
    ],
    ["search.multiAz", true, "yes", 'search.multiAz must be true or false (got "yes")'],
    [
        "search.existingDomainName",
        "tng-prod",
        "TNG",
        'search.existingDomainName must be a CloudSearch domain name: 3 to 28 of a-z, 0-9, - starting with a letter (got "TNG")',
    ],
    [
        "search.indexFields",
        [{ name: "title", type: "text", analysisScheme: "_ja_default_" }],
        [{ name: "Title", type: "text" }],
        'search.indexFields[0].name must be a CloudSearch field name: a lower-case letter, then up to 63 of a-z, 0-9, _ (got "Title")',
    ],
    [
        "search.indexFields",
        [{ name: "geo", type: "latlon" }],
        [{ name: "geo", type: "point" }],
        'search.indexFields[0].type must be one of int, int-array, double, double-array, literal, literal-array, text, text-array, date, date-array, latlon (got "point")',
    ],
    [
        "search.indexFields",
        [{ name: "body", type: "text", analysisScheme: "_en_default_" }],
        [{ name: "body", type: "text", analysisScheme: "Japanese!" }],
        'search.indexFields[0].analysisScheme must be a language default scheme such as _ja_default_, or a custom scheme name (a-z, then a-z, 0-9, _) (got "Japanese!")',
    ],
    [
        "search.indexFields",
        [{ name: "all_text", type: "text-array", sourceFields: "title,body" }],
        [{ name: "rank", type: "int", sourceFields: "a,b" }],
        "search.indexFields[0]: SearchDomain index field `rank`: a int field takes one source field, not 2.",
    ],
    [
        "search.indexFields",
        [{ name: "rank", type: "int", defaultValue: "0" }],
        [{ name: "rank", type: "int", defaultValue: "a\nb" }],
        'search.indexFields[0].defaultValue must be one line of at most 1,024 characters (got "a\\nb")',
    ],
    [
        "network.natEipAllocationIds",
        ["eipalloc-0123456789abcdef0"],
        ["203.0.113.25"],
        'network.natEipAllocationIds[0] must be an Elastic IP allocation id such as eipalloc-0123456789abcdef0 (got "203.0.113.25")',
    ],
    [
        "edge.httpVersion",
        "http3",
        "http4",
        'edge.httpVersion must be one of http1.1, http2, http2and3, http3 (got "http4")',
    ],
    [
        "service.image",
        "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/tng:release-1",
        "tng app",
        'service.image must be an image tag such as release-2026.11.1, or registry/repository:tag (got "tng app")',
    ],
    [
        "service.cpu",
        512,
        3000,
        "service.cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 (got 3000)",
    ],
    ["service.memory", 8192, 100, "service.memory must be an integer from 512 to 122880 (got 100)"],
    [
        "service.containerPort",
        8080,
        80,
        "service.containerPort must be an integer from 1024 to 65535 (got 80)",
    ],
    [
        "service.user",
        "1000:1000",
        "0:0",
        'service.user must be a non-root numeric uid:gid such as 1000:1000 (got "0:0")',
    ],
    [
        "service.user",
        "999:999",
        "app",
        'service.user must be a non-root numeric uid:gid such as 1000:1000 (got "app")',
    ],
    ["service.minTasks", 2, 0, "service.minTasks must be an integer from 1 to 100 (got 0)"],
    ["service.maxTasks", 100, 101, "service.maxTasks must be an integer from 1 to 100 (got 101)"],
    ["service.cpuTarget", 95, 99, "service.cpuTarget must be an integer from 10 to 95 (got 99)"],
    [
        "service.requestsPerTarget",
        1,
        0,
        "service.requestsPerTarget must be an integer from 1 to 100000 (got 0)",
    ],
    [
        "service.healthCheckPath",
        "/up",
        "health",
        'service.healthCheckPath must be an absolute URL path such as /health (got "health")',
    ],
    [
        "service.certificateArn",
        "arn:aws:acm:ap-northeast-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
        "arn:aws:iam::123456789012:server-certificate/x",
        'service.certificateArn must be an ACM certificate ARN (got "arn:aws:iam::123456789012:server-certificate/x")',
    ],
    [
        "service.deletionProtection",
        true,
        "on",
        'service.deletionProtection must be true or false (got "on")',
    ],
    [
        "service.ecrKeepImages",
        1000,
        0,
        "service.ecrKeepImages must be an integer from 1 to 1000 (got 0)",
    ],
    [
        "service.requireCredentials",
        false,
        "false",
        'service.requireCredentials must be true or false (got "false")',
    ],
    ["service.enableExec", true, "yes", 'service.enableExec must be true or false (got "yes")'],
    [
        "edge.priceClass",
        "PriceClass_All",
        "PriceClass_300",
        'edge.priceClass must be one of PriceClass_All, PriceClass_200, PriceClass_100 (got "PriceClass_300")',
    ],
    [
        "edge.certificateArn",
        "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
        "arn:aws:acm:ap-northeast-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
        'edge.certificateArn must be an ACM certificate ARN in us-east-1 (got "arn:aws:acm:ap-northeast-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666")',
    ],
    ["edge.rateLimit", 10, 9, "edge.rateLimit must be an integer from 10 to 2000000000 (got 9)"],
    [
        "edge.rateLimitWindowSeconds",
        600,
        900,
        "edge.rateLimitWindowSeconds must be one of 60, 120, 300, 600 (got 900)",
    ],
    ["edge.ttl.html", 0, -1, "edge.ttl.html must be an integer from 0 to 31536000 (got -1)"],
    [
        "edge.ttl.assets",
        31536000,
        31536001,
        "edge.ttl.assets must be an integer from 0 to 31536000 (got 31536001)",
    ],
    ["edge.ttl.images", 60, 1.5, "edge.ttl.images must be an integer from 0 to 31536000 (got 1.5)"],
    [
        "edge.ttl.feeds",
        300,
        "1h",
        'edge.ttl.feeds must be an integer from 0 to 31536000 (got "1h")',
    ],
    [
        "edge.allowBrowserUploads",
        true,
        "true",
        'edge.allowBrowserUploads must be true or false (got "true")',
    ],
    [
        "edge.uploadPaths",
        ["/admin/uploads", "/api/media*"],
        ["uploads"],
        'edge.uploadPaths[0] must be an absolute URL path prefix such as /admin/uploads (a * only at the end) (got "uploads")',
    ],
    [
        "edge.uploadPaths",
        ["/admin/uploads/"],
        ["/a*/b"],
        'edge.uploadPaths[0] must be an absolute URL path prefix such as /admin/uploads (a * only at the end) (got "/a*/b")',
    ],
    [
        "edge.assetVersion",
        "2026.11.26-1",
        "v 2",
        'edge.assetVersion must be 1 to 64 of letters, digits, _ . - (got "v 2")',
    ],
    [
        "edge.invalidationPaths",
        ["/*"],
        [],
        "edge.invalidationPaths must be a list of 1 to 15 items, each an absolute path pattern such as /*, without repeats (got [])",
    ],
    [
        "alerts.emails",
        ["ops@tng-media.jp"],
        ["ops"],
        'alerts.emails[0] must be an e-mail address (got "ops")',
    ],
    ["audit.cloudWatchLogs", true, "yes", 'audit.cloudWatchLogs must be true or false (got "yes")'],
    ["audit.s3DataEvents", true, 1, "audit.s3DataEvents must be true or false (got 1)"],
    [
        "monitoring.cloudfrontAdditionalMetrics",
        true,
        "on",
        'monitoring.cloudfrontAdditionalMetrics must be true or false (got "on")',
    ],
    [
        "monitoring.cacheHitRateTarget",
        100,
        0,
        "monitoring.cacheHitRateTarget must be an integer from 1 to 100 (got 0)",
    ],
    [
        "monitoring.cacheHitRateTarget",
        1,
        80.5,
        "monitoring.cacheHitRateTarget must be an integer from 1 to 100 (got 80.5)",
    ],
    [
        "security.guardDuty",
        "create",
        "on",
        'security.guardDuty must be one of create, adopt, off (got "on")',
    ],
    [
        "security.securityHub",
        "create",
        true,
        "security.securityHub must be one of create, adopt, off (got true)",
    ],
    [
        "security.config",
        "create",
        false,
        "security.config must be one of create, adopt, off (got false)",
    ],
    [
        "security.cisStandard",
        false,
        "yes",
        'security.cisStandard must be true or false (got "yes")',
    ],
    [
        "security.findingSeverity",
        10,
        11,
        "security.findingSeverity must be an integer from 1 to 10 (got 11)",
    ],
    [
        "security.findingSeverity",
        1,
        0,
        "security.findingSeverity must be an integer from 1 to 10 (got 0)",
    ],
    [
        "database.parameters",
        { "rds.force_ssl": "1" },
        { "rds.force_ssl": "0" },
        'database.parameters.rds.force_ssl must be "1": TLS is required for every connection (got "0")',
    ],
    [
        "database.parameters",
        { log_statement: "none" },
        { log_statement: "ddl" },
        'database.parameters.log_statement must be "none": ddl, mod and all write statements such as ALTER ROLE … PASSWORD, password included, to the PostgreSQL log (https://www.postgresql.org/docs/current/runtime-config-logging.html); slow statements are logged through log_min_duration_statement (got "ddl")',
    ],
    [
        "search.indexFields",
        [{ name: "body", type: "text", highlight: true }],
        [{ name: "body", type: "text", facet: true }],
        "search.indexFields[0]: SearchDomain index field `body`: `facet` is not an option of text fields.",
    ],
    [
        "search.indexFields",
        [{ name: "tags", type: "literal-array", facet: true }],
        [{ name: "tags", type: "literal-array", sort: true }],
        "search.indexFields[0]: SearchDomain index field `tags`: `sort` is not an option of literal-array fields.",
    ],
    [
        "search.indexFields",
        [
            { name: "a", type: "int" },
            { name: "b", type: "int" },
        ],
        [
            { name: "a", type: "int" },
            { name: "a", type: "date" },
        ],
        'search.indexFields[1].name must not repeat another field (got "a")',
    ],
];

describe("stack settings", () => {
    it("accept the base config and apply every documented default", () => {
        const { settings } = parse(baseConfig());
        assert.deepStrictEqual(settings.network, {
            cidrBlock: "10.20.0.0/16",
            availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"],
            natGateways: "single",
            interfaceEndpoints: [],
        });
        assert.strictEqual(settings.region, "ap-northeast-1");
        assert.strictEqual(settings.logRetentionDays, 90);
        assert.strictEqual(settings.database.storageType, "gp3");
        assert.strictEqual(settings.database.backupRetentionDays, 7);
        assert.strictEqual(settings.database.backupWindow, "13:15-13:45");
        assert.strictEqual(settings.database.maintenanceWindow, "wed:16:20-wed:16:50");
        assert.strictEqual(settings.database.deletionProtection, true);
        assert.strictEqual(settings.database.snapshotIdentifier, undefined);
        assert.deepStrictEqual(settings.cache, {
            mode: "node",
            nodeType: "cache.t3.micro",
            nodeCount: 1,
            engineVersion: "1.6.22",
            maintenanceWindow: "wed:17:00-wed:18:00",
            maxDataStorageGb: 10,
            maxEcpuPerSecond: 5000,
        });
        assert.strictEqual(settings.search.instanceType, "search.small");
        assert.deepStrictEqual(
            settings.search.indexFields.map((f) => [f.name, f.type, f.analysisScheme]),
            [
                ["title", "text", "_ja_default_"],
                ["body", "text", "_ja_default_"],
                ["tags", "literal-array", undefined],
                ["category", "literal", undefined],
                ["published_at", "date", undefined],
            ],
        );
        assert.strictEqual(settings.service.user, "1000:1000");
        assert.strictEqual(settings.service.enableExec, false);
        assert.strictEqual(settings.edge.priceClass, "PriceClass_200");
        assert.strictEqual(settings.edge.httpVersion, "http2and3");
        assert.deepStrictEqual(settings.edge.ttl, {
            html: 0,
            assets: 31536000,
            images: 86400,
            feeds: 3600,
        });
        assert.strictEqual(settings.edge.rateLimit, 2000);
        assert.strictEqual(settings.edge.rateLimitWindowSeconds, 300);
        assert.deepStrictEqual(settings.alerts.emails, []);
    });

    it("are frozen", () => {
        const { settings } = parse(baseConfig());
        assert.ok(Object.isFrozen(settings));
        assert.ok(Object.isFrozen(settings.database));
        assert.ok(Object.isFrozen(settings.network.availabilityZones));
    });

    for (const [key, good, bad, message] of RULES) {
        it(`${key}: accepts ${JSON.stringify(good)}, rejects ${JSON.stringify(bad)}`, () => {
            parse(withValue(key, good));
            assert.deepStrictEqual(
                problemsOf(() => parse(withValue(key, bad))),
                [message],
            );
        });
    }

    it("require the keys without a default, saying what to set", () => {
        const config = withValue(
            "database.instanceClass",
            undefined,
            withValue("domainName", undefined),
        );
        assert.deepStrictEqual(
            problemsOf(() => parse(config)),
            [
                "domainName is required: set it to a lower-case DNS name such as tng.example.jp",
                "database.instanceClass is required: set it to an RDS instance class such as db.t3.micro or db.r6g.large",
            ],
        );
    });

    it("reject unknown keys (typos), naming the known ones", () => {
        assert.deepStrictEqual(
            problemsOf(() => parse(withValue("databse", {}))),
            [
                "databse is not a known setting (known: domainName, hostedZoneId, logRetentionDays, protectData, audit, network, database, cache, search, service, edge, alerts, monitoring, security)",
            ],
        );
        assert.deepStrictEqual(
            problemsOf(() => parse(withValue("cache.nodes", 2))),
            [
                "cache.nodes is not a known setting (known: mode, nodeType, nodeCount, engineVersion, maintenanceWindow, maxDataStorageGb, maxEcpuPerSecond)",
            ],
        );
    });

    it("reject a scalar where an object belongs", () => {
        assert.deepStrictEqual(
            problemsOf(() => parse(withValue("edge", "fast"))),
            [
                'edge must be an object with keys priceClass, httpVersion, certificateArn, rateLimit, rateLimitWindowSeconds, ttl, allowBrowserUploads, uploadPaths, invalidationPaths, assetVersion (got "fast")',
            ],
        );
    });

    it("require a stack name AWS names can be derived from", () => {
        parseSettings("prod-tokyo-2", toRaw(baseConfig()), NO_CREDENTIALS, "ap-northeast-1");
        assert.deepStrictEqual(
            problemsOf(() =>
                parseSettings(
                    "Staging_Feature_Branch_X",
                    toRaw(baseConfig()),
                    NO_CREDENTIALS,
                    "ap-northeast-1",
                ),
            ),
            [
                'the stack name must be 1 to 20 of a-z, 0-9, - starting with a letter (AWS names derive from it) (got "Staging_Feature_Branch_X")',
            ],
        );
    });

    it("require aws:region", () => {
        assert.deepStrictEqual(
            problemsOf(() => parse(baseConfig(), NO_CREDENTIALS, null)),
            [
                "aws:region must be an AWS region such as ap-northeast-1 (got undefined): run pulumi config set aws:region ap-northeast-1 --stack dev",
            ],
        );
    });

    describe("cross-key rules", () => {
        it("maxAllocatedStorage at least allocatedStorage", () => {
            parse(
                withValue(
                    "database.maxAllocatedStorage",
                    40,
                    withValue("database.allocatedStorage", 40),
                ),
            );
            assert.deepStrictEqual(
                problemsOf(() =>
                    parse(
                        withValue(
                            "database.maxAllocatedStorage",
                            39,
                            withValue("database.allocatedStorage", 40),
                        ),
                    ),
                ),
                [
                    "database.maxAllocatedStorage must be at least database.allocatedStorage (40) (got 39)",
                ],
            );
        });

        it("backup window at least 30 minutes", () => {
            assert.deepStrictEqual(
                problemsOf(() => parse(withValue("database.backupWindow", "13:15-13:30"))),
                ['database.backupWindow must be at least 30 minutes long (got "13:15-13:30")'],
            );
        });

        it("maintenance window at least 30 minutes", () => {
            assert.deepStrictEqual(
                problemsOf(() =>
                    parse(withValue("database.maintenanceWindow", "wed:16:20-wed:16:40")),
                ),
                [
                    'database.maintenanceWindow must be at least 30 minutes long (got "wed:16:20-wed:16:40")',
                ],
            );
        });

        it("maintenance window must not overlap the daily backup window, even across midnight and Sunday", () => {
            parse(withValue("database.maintenanceWindow", "thu:13:45-thu:14:15"));
            for (const window of ["thu:13:30-thu:14:00", "sun:23:50-mon:13:20"]) {
                assert.deepStrictEqual(
                    problemsOf(() => parse(withValue("database.maintenanceWindow", window))),
                    [
                        `database.maintenanceWindow must not overlap database.backupWindow (13:15-13:45 daily) (got "${window}")`,
                    ],
                );
            }
        });

        it("Fargate memory must suit the cpu", () => {
            parse(withValue("service.memory", 512, withValue("service.cpu", 256)));
            parse(withValue("service.memory", 30720, withValue("service.cpu", 4096)));
            assert.deepStrictEqual(
                problemsOf(() =>
                    parse(withValue("service.memory", 1536, withValue("service.cpu", 1024))),
                ),
                [
                    "service.memory must be one of 2048, 3072, 4096, 5120, 6144, 7168, 8192 for service.cpu 1024 (got 1536)",
                ],
            );
        });

        it("certificates: a hosted zone, or both certificate ARNs", () => {
            const arn = (region: string) =>
                `arn:aws:acm:${region}:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666`;
            const noZone = withValue("hostedZoneId", undefined);
            parse(
                withValue(
                    "edge.certificateArn",
                    arn("us-east-1"),
                    withValue("service.certificateArn", arn("ap-northeast-1"), noZone),
                ),
            );
            assert.deepStrictEqual(
                problemsOf(() => parse(noZone)),
                [
                    "service.certificateArn or hostedZoneId must be set: the internal ALB needs a certificate for origin.<domainName> in the stack region",
                    "edge.certificateArn or hostedZoneId must be set: CloudFront needs a certificate for domainName and www.<domainName> in us-east-1",
                ],
            );
            assert.deepStrictEqual(
                problemsOf(() =>
                    parse(withValue("service.certificateArn", arn("ap-northeast-1"), noZone)),
                ),
                [
                    "edge.certificateArn or hostedZoneId must be set: CloudFront needs a certificate for domainName and www.<domainName> in us-east-1",
                ],
            );
        });

        it("a database restores database.snapshotIdentifier or is created empty on purpose, never both", () => {
            const restoring = withValue(
                "database.snapshotIdentifier",
                "tng-prod-cutover-enc",
                withValue("database.createEmpty", undefined),
            );
            assert.strictEqual(
                parse(restoring).settings.database.snapshotIdentifier,
                "tng-prod-cutover-enc",
            );
            assert.strictEqual(parse(restoring).settings.database.createEmpty, false);
            const arn = "arn:aws:rds:ap-northeast-1:123456789012:snapshot:tng-prod-encrypted";
            assert.strictEqual(
                parse(withValue("database.snapshotIdentifier", arn, restoring)).settings.database
                    .snapshotIdentifier,
                arn,
            );
            assert.strictEqual(parse(baseConfig()).settings.database.createEmpty, true);
            assert.deepStrictEqual(
                problemsOf(() => parse(withValue("database.createEmpty", undefined))),
                [
                    "database.snapshotIdentifier is required unless database.createEmpty is true: without a snapshot the database starts empty. Name the snapshot to restore (the runbook's encrypted copy, tng-<stack>-cutover-enc: docs/migration.md §1.3), or set database.createEmpty: true for a stack that starts empty (dev)",
                ],
            );
            assert.deepStrictEqual(
                problemsOf(() => parse(withValue("database.createEmpty", true, restoring))),
                [
                    'database.createEmpty must be false when database.snapshotIdentifier is set ("tng-prod-cutover-enc" is restored) (got true)',
                ],
            );
            // An invalid snapshot identifier is reported once, by its own rule.
            assert.deepStrictEqual(
                problemsOf(() =>
                    parse(withValue("database.snapshotIdentifier", "snap shot", restoring)),
                ),
                [
                    'database.snapshotIdentifier must be an RDS snapshot identifier or ARN (got "snap shot")',
                ],
            );
        });

        it("audit.retentionDays at least audit.minRetentionDays (prod's floor of 365)", () => {
            const floor = withValue("audit", { minRetentionDays: 365, retentionDays: 365 });
            assert.deepStrictEqual(parse(floor).settings.audit, {
                retentionDays: 365,
                minRetentionDays: 365,
                protect: false,
                cloudWatchLogs: false,
                s3DataEvents: false,
            });
            assert.deepStrictEqual(
                problemsOf(() => parse(withValue("audit.retentionDays", 90, floor))),
                [
                    "audit.retentionDays must be at least audit.minRetentionDays (365): lowering it would delete older trail files (got 90)",
                ],
            );
        });

        it("audit and protectData default to a year of trail files and no protection", () => {
            const { settings } = parse(baseConfig());
            assert.deepStrictEqual(settings.audit, {
                retentionDays: 365,
                minRetentionDays: 1,
                protect: false,
                cloudWatchLogs: false,
                s3DataEvents: false,
            });
            assert.strictEqual(settings.protectData, false);
        });

        it("first up: service.image unset is allowed with a warning, but not with waitForSteadyState", () => {
            const first = withValue("service.image", undefined);
            const { settings, warnings } = parse(first);
            assert.strictEqual(settings.service.image, undefined);
            assert.deepStrictEqual(
                warnings.filter((w) => w.startsWith("service.image")),
                [
                    'service.image is not set: this up creates the ECR repository and a service with no tasks. Push the first image to the repositoryUrl output, then run pulumi config set --path tng:service.image <value> --stack dev (the tag) and pulumi up again (README, "First up").',
                ],
            );
            assert.deepStrictEqual(
                problemsOf(() => parse(withValue("service.waitForSteadyState", true, first))),
                [
                    "service.waitForSteadyState must be false while service.image is unset: there is no image to wait for (push the first image, then set service.image)",
                ],
            );
            assert.deepStrictEqual(
                parse(withValue("service.waitForSteadyState", true)).warnings.filter((w) =>
                    w.startsWith("service.image"),
                ),
                [],
            );
        });

        it("GuardDuty: adopt needs the detector id, which nothing else takes", () => {
            const id = "12abc34d567e8fa901bc2d34e56789f0";
            const adopt = withValue("security", { guardDuty: "adopt", guardDutyDetectorId: id });
            assert.deepStrictEqual(parse(adopt).settings.security, {
                guardDuty: "adopt",
                guardDutyDetectorId: id,
                findingSeverity: 7,
                securityHub: "off",
                cisStandard: false,
                config: "off",
                configRoleExists: false,
            });
            assert.deepStrictEqual(
                problemsOf(() =>
                    parse(withValue("security.guardDutyDetectorId", undefined, adopt)),
                ),
                [
                    "security.guardDutyDetectorId is required when security.guardDuty is adopt: set the id that aws guardduty list-detectors --region ap-northeast-1 prints",
                ],
            );
            assert.deepStrictEqual(
                problemsOf(() => parse(withValue("security.guardDuty", "create", adopt))),
                [
                    'security.guardDutyDetectorId must be unset unless security.guardDuty is adopt (security.guardDuty is "create")',
                ],
            );
            assert.deepStrictEqual(
                problemsOf(() =>
                    parse(withValue("security.guardDutyDetectorId", id.toUpperCase(), adopt)),
                ),
                [
                    `security.guardDutyDetectorId must be a GuardDuty detector id: 32 lower-case hex digits (got "${id.toUpperCase()}")`,
                ],
            );
        });

        it("Security Hub: adopt needs the account id, which nothing else takes", () => {
            const adopt = withValue("security", {
                securityHub: "adopt",
                accountId: "012345678901",
            });
            assert.strictEqual(parse(adopt).settings.security.accountId, "012345678901");
            // YAML reads an unquoted id as a number: taken as its digits.
            assert.strictEqual(
                parse(withValue("security.accountId", 123456789012, adopt)).settings.security
                    .accountId,
                "123456789012",
            );
            assert.deepStrictEqual(
                problemsOf(() => parse(withValue("security.accountId", undefined, adopt))),
                [
                    "security.accountId is required when security.securityHub is adopt: set the 12-digit id that aws sts get-caller-identity --query Account --output text prints",
                ],
            );
            assert.deepStrictEqual(
                problemsOf(() => parse(withValue("security.securityHub", "off", adopt))),
                [
                    'security.accountId must be unset unless security.securityHub is adopt (security.securityHub is "off")',
                ],
            );
            assert.deepStrictEqual(
                problemsOf(() => parse(withValue("security.accountId", "1234", adopt))),
                ['security.accountId must be a 12-digit AWS account id (got "1234")'],
            );
        });

        it("AWS Config: adopt needs the recorder's name, which nothing else takes", () => {
            const adopt = withValue("security", { config: "adopt", configRecorderName: "default" });
            assert.strictEqual(parse(adopt).settings.security.configRecorderName, "default");
            assert.deepStrictEqual(
                problemsOf(() => parse(withValue("security.configRecorderName", undefined, adopt))),
                [
                    "security.configRecorderName is required when security.config is adopt: set the name that aws configservice describe-configuration-recorders --region ap-northeast-1 prints",
                ],
            );
            assert.deepStrictEqual(
                problemsOf(() => parse(withValue("security.config", "create", adopt))),
                [
                    'security.configRecorderName must be unset unless security.config is adopt (security.config is "create")',
                ],
            );
            assert.deepStrictEqual(
                problemsOf(() =>
                    parse(withValue("security.configRecorderName", "my recorder", adopt)),
                ),
                [
                    'security.configRecorderName must be a configuration recorder name: 1-256 of A-Z a-z 0-9 _ . - (got "my recorder")',
                ],
            );
            const create = withValue("security", { config: "create", configRoleExists: true });
            assert.deepStrictEqual(
                [
                    parse(create).settings.security.config,
                    parse(create).settings.security.configRoleExists,
                ],
                ["create", true],
            );
        });

        it("the CIS standard needs Security Hub", () => {
            const cis = withValue("security", { securityHub: "create", cisStandard: true });
            assert.strictEqual(parse(cis).settings.security.cisStandard, true);
            assert.deepStrictEqual(
                problemsOf(() => parse(withValue("security.securityHub", "off", cis))),
                [
                    "security.cisStandard needs Security Hub: set security.securityHub to create or adopt, or security.cisStandard to false",
                ],
            );
        });

        it("monitoring, security and the audit extras default to off, with the 80 % hit-rate target", () => {
            const { settings } = parse(baseConfig());
            assert.deepStrictEqual(settings.monitoring, {
                cloudfrontAdditionalMetrics: false,
                cacheHitRateTarget: 80,
            });
            assert.deepStrictEqual(settings.security, {
                guardDuty: "off",
                findingSeverity: 7,
                securityHub: "off",
                cisStandard: false,
                config: "off",
                configRoleExists: false,
            });
            assert.deepStrictEqual(
                [settings.audit.cloudWatchLogs, settings.audit.s3DataEvents],
                [false, false],
            );
        });

        it("minTasks at most maxTasks", () => {
            parse(withValue("service.minTasks", 2, withValue("service.maxTasks", 2)));
            assert.deepStrictEqual(
                problemsOf(() =>
                    parse(withValue("service.minTasks", 3, withValue("service.maxTasks", 2))),
                ),
                ["service.minTasks must be at most service.maxTasks (2) (got 3)"],
            );
        });
    });

    it("take numbers as parameter values, as describe-db-parameters and config set --path write them", () => {
        const { settings } = parse(
            withValue("database.parameters", { work_mem: 65536, random_page_cost: 1.1 }),
        );
        assert.deepStrictEqual(settings.database.parameters, {
            work_mem: "65536",
            random_page_cost: "1.1",
        });
        assert.deepStrictEqual(
            problemsOf(() => parse(withValue("database.parameters", { "rds.force_ssl": 0 }))),
            [
                'database.parameters.rds.force_ssl must be "1": TLS is required for every connection (got "0")',
            ],
        );
    });

    it("require availability zones of aws:region, naming both keys", () => {
        parse(
            withValue("network.availabilityZones", ["us-east-1a", "us-east-1b"]),
            NO_CREDENTIALS,
            "us-east-1",
        );
        assert.deepStrictEqual(
            problemsOf(() =>
                parse(withValue("network.availabilityZones", ["ap-northeast-1a", "us-east-1b"])),
            ),
            [
                'network.availabilityZones[1] must be an availability zone of aws:region ap-northeast-1, such as ap-northeast-1a (got "us-east-1b")',
            ],
        );
        // The default zones are Tokyo's: another region must name its own.
        assert.deepStrictEqual(
            problemsOf(() =>
                parse(
                    withValue("network.availabilityZones", undefined),
                    NO_CREDENTIALS,
                    "eu-west-1",
                ),
            ),
            [
                'network.availabilityZones[0] must be an availability zone of aws:region eu-west-1, such as eu-west-1a (got "ap-northeast-1a")',
                'network.availabilityZones[1] must be an availability zone of aws:region eu-west-1, such as eu-west-1a (got "ap-northeast-1c")',
            ],
        );
    });

    it("run the cross-key rules even when other keys are invalid, reporting everything at once", () => {
        let config = withValue("database.instanceClass", "db.t3.huge");
        config = withValue("database.maxAllocatedStorage", 30, config);
        config = withValue("service.memory", 1536, config);
        config = withValue("service.image", "", config);
        config = withValue("hostedZoneId", undefined, config);
        assert.deepStrictEqual(
            problemsOf(() => parse(config)),
            [
                'database.instanceClass must be an RDS instance class such as db.t3.micro or db.r6g.large (got "db.t3.huge")',
                'service.image must be an image tag such as release-2026.11.1, or registry/repository:tag (got "")',
                "database.maxAllocatedStorage must be at least database.allocatedStorage (40) (got 30)",
                "service.certificateArn or hostedZoneId must be set: the internal ALB needs a certificate for origin.<domainName> in the stack region",
                "edge.certificateArn or hostedZoneId must be set: CloudFront needs a certificate for domainName and www.<domainName> in us-east-1",
                "service.memory must be one of 2048, 3072, 4096, 5120, 6144, 7168, 8192 for service.cpu 1024 (got 1536)",
            ],
        );
    });

    it("skip a cross-key rule whose keys are invalid themselves (no second message)", () => {
        assert.deepStrictEqual(
            problemsOf(() =>
                parse(withValue("hostedZoneId", "zone-1", withValue("service.cpu", 1000))),
            ),
            [
                'hostedZoneId must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (got "zone-1")',
                "service.cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 (got 1000)",
            ],
        );
    });

    describe("cache mode warnings", () => {
        // Without credentials every integration is also warned about: look at the cache ones.
        const cacheWarnings = (config: Record<string, Json>) =>
            parse(config).warnings.filter((w) => w.startsWith("cache."));

        it("serverless: warn about the node-mode keys it ignores", () => {
            const warnings = cacheWarnings(
                withValue("cache", {
                    mode: "serverless",
                    nodeType: "cache.r5.large",
                    nodeCount: 2,
                }),
            );
            assert.deepStrictEqual(warnings, [
                "cache.mode is serverless: cache.nodeType, cache.nodeCount apply only in node mode and are ignored.",
            ]);
        });

        it("serverless without node keys: no warning (its own alarms watch it)", () => {
            assert.deepStrictEqual(cacheWarnings(withValue("cache", { mode: "serverless" })), []);
        });

        it("node: warn about the serverless limits it ignores", () => {
            const warnings = cacheWarnings(
                withValue("cache", { mode: "node", maxDataStorageGb: 5 }),
            );
            assert.deepStrictEqual(warnings, [
                "cache.mode is node: cache.maxDataStorageGb applies only in serverless mode and is ignored.",
            ]);
            assert.deepStrictEqual(cacheWarnings(baseConfig()), []);
        });
    });

    it("report every problem at once, in key order", () => {
        let config = withValue("cache.nodeCount", 0);
        config = withValue("database.backupRetentionDays", 40, config);
        config = withValue("edge.rateLimitWindowSeconds", 30, config);
        assert.deepStrictEqual(
            problemsOf(() => parse(config)),
            [
                "database.backupRetentionDays must be an integer from 1 to 35 (got 40)",
                "cache.nodeCount must be an integer from 1 to 20 (got 0)",
                "edge.rateLimitWindowSeconds must be one of 60, 120, 300, 600 (got 30)",
            ],
        );
    });

    it("throw a SettingsError (a RunError: no stack trace) whose message lists the problems", () => {
        try {
            parse(withValue("cache.nodeCount", 0));
            assert.fail("expected a SettingsError");
        } catch (e) {
            assert.ok(e instanceof SettingsError);
            assert.strictEqual(
                (e as Error).message,
                'Stack "dev" has 1 invalid setting:\n  - cache.nodeCount must be an integer from 1 to 20 (got 0)',
            );
        }
    });

    describe("credentials", () => {
        const all = [
            "senderUsername",
            "senderPassword",
            "senderDomain",
            "facebookAppId",
            "facebookAppSecret",
            "twitterConsumerKey",
            "twitterConsumerSecret",
        ];

        it("with every credential set as a secret, every integration is present and nothing is warned", () => {
            const { settings, warnings } = parse(withValue("service.requireCredentials", true), {
                set: new Set(all),
                secret: new Set(all),
            });
            assert.deepStrictEqual(settings.integrations, ["sender", "facebook", "twitter"]);
            assert.deepStrictEqual(warnings, []);
        });

        it("when required (prod), a missing credential fails with the command that fixes it", () => {
            const present = all.filter((k) => k !== "twitterConsumerSecret");
            assert.deepStrictEqual(
                problemsOf(() =>
                    parse(withValue("service.requireCredentials", true), {
                        set: new Set(present),
                        secret: new Set(present),
                    }),
                ),
                [
                    "twitterConsumerSecret is required because service.requireCredentials is true: run pulumi config set --secret twitterConsumerSecret <value> --stack dev",
                ],
            );
        });

        it("when not required (dev), an incomplete integration is left out with a warning", () => {
            const present = ["senderUsername", "senderPassword", "senderDomain", "facebookAppId"];
            const { settings, warnings } = parse(baseConfig(), {
                set: new Set(present),
                secret: new Set(present),
            });
            assert.deepStrictEqual(settings.integrations, ["sender"]);
            assert.deepStrictEqual(warnings, [
                "The facebook integration is left out: facebookAppSecret not set (pulumi config set --secret <key> <value> --stack dev).",
                "The twitter integration is left out: twitterConsumerKey, twitterConsumerSecret not set (pulumi config set --secret <key> <value> --stack dev).",
            ]);
        });

        it("a credential set in plaintext is rejected even in dev", () => {
            assert.deepStrictEqual(
                problemsOf(() =>
                    parse(baseConfig(), { set: new Set(["senderPassword"]), secret: new Set() }),
                ),
                [
                    "senderPassword must be set as a secret: run pulumi config set --secret senderPassword <value> --stack dev",
                ],
            );
        });
    });
    describe("SECRET_KEY_BASE (tng:secretKeyBase)", () => {
        const restore = withValue("service.generateSecretKeyBase", undefined);
        const keyBase = (secret: boolean): CredentialPresence => ({
            set: new Set(["secretKeyBase"]),
            secret: new Set(secret ? ["secretKeyBase"] : []),
        });

        it("is read from the secret config key when the stack does not generate it", () => {
            const { settings } = parse(restore, keyBase(true));
            assert.strictEqual(settings.secretKeyBase, "config");
            assert.strictEqual(settings.service.generateSecretKeyBase, false);
        });

        it("is generated only when the stack opts in (dev)", () => {
            assert.strictEqual(parse(baseConfig()).settings.secretKeyBase, "generate");
        });

        it("is required, with the command, when the stack neither sets nor generates it", () => {
            assert.deepStrictEqual(
                problemsOf(() => parse(restore)),
                [
                    "secretKeyBase is required: carry the running site's SECRET_KEY_BASE over (a new one logs everyone out and invalidates every signed or encrypted cookie): run pulumi config set --secret secretKeyBase <value> --stack dev, or set service.generateSecretKeyBase: true for a stack with nothing to carry over (dev)",
                ],
            );
        });

        it("must not be set when the stack also generates one", () => {
            assert.deepStrictEqual(
                problemsOf(() => parse(baseConfig(), keyBase(true))),
                [
                    "secretKeyBase must not be set when service.generateSecretKeyBase is true: keep the carried-over key (set service.generateSecretKeyBase: false) or remove it (pulumi config rm secretKeyBase --stack dev)",
                ],
            );
        });

        it("must be set as a secret", () => {
            assert.deepStrictEqual(
                problemsOf(() => parse(restore, keyBase(false))),
                [
                    "secretKeyBase must be set as a secret: run pulumi config set --secret secretKeyBase <value> --stack dev",
                ],
            );
        });

        it("is not a setting: it never reaches the parsed settings", () => {
            const { settings } = parse(restore, keyBase(true));
            assert.ok(!("secretKeyBase" in settings.service));
        });
    });

    describe("placeholder values (example domains, REPLACE markers)", () => {
        const placeholders = withValue(
            "alerts.emails",
            ["ops@tng-media.jp", "infra-alerts@example.jp"],
            withValue(
                "hostedZoneId",
                "Z0REPLACEWITHZONEID",
                withValue("domainName", "tng.example.jp"),
            ),
        );

        it("are refused by a real preview, each with the command that sets it", () => {
            assert.deepStrictEqual(
                problemsOf(() => parse(placeholders)),
                [
                    'domainName is a placeholder ("tng.example.jp"): set the real value with pulumi config set tng:domainName <value> --stack dev',
                    'hostedZoneId is a placeholder ("Z0REPLACEWITHZONEID"): set the real value with pulumi config set tng:hostedZoneId <value> --stack dev',
                    'alerts.emails[1] is a placeholder ("infra-alerts@example.jp"): set the real value with pulumi config set --path tng:alerts.emails[1] <value> --stack dev',
                ],
            );
        });

        it("pass when the offline synth renders (it warns about each itself)", () => {
            const { settings } = parseSettings(
                "dev",
                toRaw(placeholders),
                NO_CREDENTIALS,
                "ap-northeast-1",
                { allowPlaceholders: true },
            );
            assert.strictEqual(settings.domainName, "tng.example.jp");
        });

        it("are found by one marker list: example.com/.net/.org/.jp names and addresses, REPLACE", () => {
            assert.deepStrictEqual(
                placeholderValues(
                    toRaw({
                        domainName: "www.example.com",
                        a: { b: ["x@example.net", "example.org", "fine.jp", "notexample.jp"] },
                        c: "Z0REPLACE",
                        senderDomain: "example.jp", // a secret: never inspected
                    }),
                ),
                [
                    { key: "domainName", value: "www.example.com" },
                    { key: "a.b[0]", value: "x@example.net" },
                    { key: "a.b[1]", value: "example.org" },
                    { key: "c", value: "Z0REPLACE" },
                ],
            );
        });

        it("configSetCommand uses --path for nested keys and --secret for secrets", () => {
            assert.strictEqual(
                configSetCommand("domainName", "prod"),
                "pulumi config set tng:domainName <value> --stack prod",
            );
            assert.strictEqual(
                configSetCommand("alerts.emails[0]", "prod"),
                "pulumi config set --path tng:alerts.emails[0] <value> --stack prod",
            );
            assert.strictEqual(
                configSetCommand("secretKeyBase", "prod", true),
                "pulumi config set --secret tng:secretKeyBase <value> --stack prod",
            );
        });
    });

    describe("missingSecretKeys (what the offline synth stands in for)", () => {
        it("secretKeyBase unless generated; every credential only when required", () => {
            assert.deepStrictEqual(missingSecretKeys(toRaw(baseConfig()), new Set()), []);
            assert.deepStrictEqual(
                missingSecretKeys(
                    toRaw(withValue("service.generateSecretKeyBase", false)),
                    new Set(),
                ),
                ["secretKeyBase"],
            );
            assert.deepStrictEqual(
                missingSecretKeys(
                    toRaw(withValue("service", { image: "release-1", requireCredentials: true })),
                    new Set(["senderUsername", "senderPassword", "senderDomain"]),
                ),
                [
                    "facebookAppId",
                    "facebookAppSecret",
                    "twitterConsumerKey",
                    "twitterConsumerSecret",
                    "secretKeyBase",
                ],
            );
        });
    });
});

describe("config keys (namespaces, aws: keys, secrets inside structured settings)", () => {
    const never = () => false;

    it("allows exactly the tng:, aws: and pulumi: namespaces and the documented aws: keys", () => {
        assert.deepStrictEqual(CONFIG_NAMESPACES, ["tng", "aws", "pulumi"]);
        assert.deepStrictEqual(AWS_CONFIG_KEYS, ["region", "defaultTags", "allowedAccountIds"]);
        assert.deepStrictEqual(
            configKeyProblems(
                [
                    "aws:region",
                    "aws:defaultTags",
                    "aws:allowedAccountIds",
                    "tng:domainName",
                    "tng:database",
                    "pulumi:tags",
                ],
                never,
            ),
            [],
        );
    });

    it("refuses every other aws: key, naming it and the allowed ones", () => {
        for (const key of [
            "insecure",
            "endpoints",
            "skipCredentialsValidation",
            "assumeRoles",
            "assumeRole",
            "profile",
            "accessKey",
            "sharedCredentialsFiles",
        ]) {
            assert.deepStrictEqual(configKeyProblems([`aws:${key}`], never), [
                `aws:${key} is not an allowed provider setting; the stack file may set only aws:region, aws:defaultTags, aws:allowedAccountIds (README, "Stack settings")`,
            ]);
        }
    });

    it("refuses a foreign namespace, naming the key", () => {
        assert.deepStrictEqual(configKeyProblems(["aws-native:region", "foo:bar"], never), [
            'aws-native:region: the config namespace "aws-native" is not read by this program; only tng:, aws:, pulumi: keys are allowed (remove it with pulumi config rm aws-native:region)',
            'foo:bar: the config namespace "foo" is not read by this program; only tng:, aws:, pulumi: keys are allowed (remove it with pulumi config rm foo:bar)',
        ]);
    });

    it("refuses a secure: value inside a non-secret setting with the key's name; secret settings pass", () => {
        const secret = (key: string) => key === "tng:database" || key === "tng:secretKeyBase";
        assert.deepStrictEqual(
            configKeyProblems(["tng:database", "tng:secretKeyBase", "tng:domainName"], secret),
            [
                "tng:database holds a secret (secure:) value, but it is not a secret setting: the program would copy it as plaintext into resource inputs and the state. Only tng:senderUsername, tng:senderPassword, tng:senderDomain, tng:facebookAppId, tng:facebookAppSecret, tng:twitterConsumerKey, tng:twitterConsumerSecret, tng:secretKeyBase may be secret",
            ],
        );
    });
});
