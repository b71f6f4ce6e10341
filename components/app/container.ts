/**
 * The Rails container: its definition (one element of a task definition's
 * `containerDefinitions`), its plain environment and secrets, and the `aws ecs run-task` command
 * of the one-off tasks. Pure functions of plain values; RailsService resolves the outputs.
 */
import type * as pulumi from "@pulumi/pulumi";

/** Name of the app container in every task definition (the target group registers it). */
export const CONTAINER_NAME = "rails";
/** The app's root inside the image (Dockerfile WORKDIR). */
export const APP_ROOT = "/app";

/**
 * Writable paths on the read-only root filesystem, each a task volume (non-persistent, on the
 * task's ephemeral storage): Rails' tmp (pids, cache, sockets) and log, /tmp (Rack multipart
 * uploads, Ruby's Dir.tmpdir), and the three paths ECS Exec's agent writes to.
 */
export const WRITABLE_PATHS: readonly { readonly volume: string; readonly path: string }[] = [
    { volume: "rails-tmp", path: `${APP_ROOT}/tmp` },
    { volume: "rails-log", path: `${APP_ROOT}/log` },
    { volume: "tmp", path: "/tmp" },
    { volume: "exec-agents", path: "/managed-agents" },
    { volume: "ssm-state", path: "/var/lib/amazon/ssm" },
    { volume: "ssm-logs", path: "/var/log/amazon/ssm" },
];

/** Plain environment variables of every container: endpoints and names, never secrets. */
export const PLAIN_ENVIRONMENT_NAMES = [
    "RAILS_ENV",
    "RAILS_LOG_TO_STDOUT",
    "RAILS_SERVE_STATIC_FILES",
    "PORT",
    "AWS_REGION",
    "DATABASE_HOST",
    "DATABASE_PORT",
    "DATABASE_NAME",
    "MEMCACHE_SERVERS",
    "MEMCACHED_ENDPOINT",
    "MEMCACHED_PORT",
    "MEMCACHED_TLS",
    "TNG_CLOUD_SEARCH_ENDPOINT_DOCUMENT",
    "TNG_CLOUD_SEARCH_ENDPOINT_SEARCH",
    "TNG_CLOUD_SEARCH_REGION",
    "TNG_STATIC_ASSETS_BUCKET",
    "TNG_CLOUDFRONT_DISTRIBUTION_ID",
    "TNG_APP_HOST",
] as const;
export type PlainEnvironmentName = (typeof PLAIN_ENVIRONMENT_NAMES)[number];

/** Secret variables every container gets, whatever integrations are configured. */
export const BASE_SECRET_NAMES = [
    "DATABASE_USERNAME",
    "DATABASE_PASSWORD",
    "SECRET_KEY_BASE",
] as const;

/** Default one-off commands. The reindex rake task is the app's; override it if it differs. */
export const DEFAULT_MIGRATE_COMMAND: readonly string[] = ["bundle", "exec", "rails", "db:migrate"];
export const DEFAULT_REINDEX_COMMAND: readonly string[] = [
    "bundle",
    "exec",
    "rails",
    "tng:search:reindex",
];

/** One `secrets` entry of a container definition. */
export interface EcsSecret {
    readonly name: string;
    readonly valueFrom: string;
}

/**
 * The secrets mapping: JSON keys of the RDS-managed secret and of the app secret (Fargate
 * platform 1.4.0+ resolves `<arn>:<json-key>::`,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
 * Credentials keep the order given (the settings' order).
 */
export function secretMappings(
    appSecretArn: string,
    databaseSecretArn: string,
    credentialNames: readonly string[],
): EcsSecret[] {
    const key = (arn: string, jsonKey: string) => `${arn}:${jsonKey}::`;
    return [
        { name: "DATABASE_USERNAME", valueFrom: key(databaseSecretArn, "username") },
        { name: "DATABASE_PASSWORD", valueFrom: key(databaseSecretArn, "password") },
        { name: "SECRET_KEY_BASE", valueFrom: key(appSecretArn, "SECRET_KEY_BASE") },
        ...credentialNames.map((name) => ({
            name,
            valueFrom: key(appSecretArn, name),
        })),
    ];
}

/** Where the app finds its backing services: the values behind the plain environment. */
export interface AppEndpoints {
    /** Database host name (DATABASE_HOST). */
    readonly databaseHost: string;
    /** Database port (DATABASE_PORT). */
    readonly databasePort: number;
    /** Database name (DATABASE_NAME). */
    readonly databaseName: string;
    /** Dalli's server list "h1:11211,h2:11211" (MEMCACHE_SERVERS). */
    readonly memcacheServers: string;
    /** Single cache endpoint the current Rails config reads (MEMCACHED_ENDPOINT). */
    readonly memcachedEndpoint: string;
    /** Cache port (MEMCACHED_PORT). */
    readonly memcachedPort: number;
    /** CloudSearch document endpoint URL (TNG_CLOUD_SEARCH_ENDPOINT_DOCUMENT). */
    readonly searchDocumentEndpoint: string;
    /** CloudSearch search endpoint URL (TNG_CLOUD_SEARCH_ENDPOINT_SEARCH). */
    readonly searchSearchEndpoint: string;
    /** Static assets bucket name (TNG_STATIC_ASSETS_BUCKET). */
    readonly staticAssetsBucketName: string;
    /** CloudFront distribution id (TNG_CLOUDFRONT_DISTRIBUTION_ID). */
    readonly distributionId: string;
    /** The public site domain the app builds URLs from (TNG_APP_HOST). */
    readonly appHost: string;
}

/** {@link AppEndpoints} as component inputs (outputs of the data and edge components). */
export type AppEndpointInputs = {
    readonly [K in keyof AppEndpoints]: pulumi.Input<AppEndpoints[K]>;
};

/** Resolved values behind the plain environment. */
export interface AppEnvironmentValues {
    readonly region: string;
    readonly containerPort: number;
    readonly endpoints: AppEndpoints;
}

/** The plain environment, exactly {@link PLAIN_ENVIRONMENT_NAMES}. */
export function plainEnvironment(v: AppEnvironmentValues): Record<PlainEnvironmentName, string> {
    const e = v.endpoints;
    return {
        RAILS_ENV: "production",
        RAILS_LOG_TO_STDOUT: "true", // the awslogs driver collects stdout
        RAILS_SERVE_STATIC_FILES: "false", // CloudFront serves assets from S3
        PORT: String(v.containerPort),
        AWS_REGION: v.region,
        DATABASE_HOST: e.databaseHost,
        DATABASE_PORT: String(e.databasePort),
        DATABASE_NAME: e.databaseName,
        MEMCACHE_SERVERS: e.memcacheServers,
        MEMCACHED_ENDPOINT: e.memcachedEndpoint,
        MEMCACHED_PORT: String(e.memcachedPort),
        MEMCACHED_TLS: "true", // the cache accepts TLS connections only
        TNG_CLOUD_SEARCH_ENDPOINT_DOCUMENT: e.searchDocumentEndpoint,
        TNG_CLOUD_SEARCH_ENDPOINT_SEARCH: e.searchSearchEndpoint,
        TNG_CLOUD_SEARCH_REGION: v.region,
        TNG_STATIC_ASSETS_BUCKET: e.staticAssetsBucketName,
        TNG_CLOUDFRONT_DISTRIBUTION_ID: e.distributionId,
        // The app sees Host: origin.<domain> (CloudFront's origin name), so it builds absolute
        // URLs and mail links from this instead of the request.
        TNG_APP_HOST: e.appHost,
    };
}

/** Plain values of one container definition. */
export interface ContainerSpec {
    readonly image: string;
    readonly user: string;
    readonly environment: Readonly<Record<string, string>>;
    readonly secrets: readonly EcsSecret[];
    readonly logGroupName: string;
    readonly region: string;
    /** Log stream prefix: web, migrate or reindex. */
    readonly streamPrefix: string;
    /** The port the web container listens on; one-off tasks have none. */
    readonly containerPort?: number;
    /** Command override (one-off tasks); the image's CMD otherwise. */
    readonly command?: readonly string[];
}

/** The Rails container definition (one element of `containerDefinitions`). */
export function containerDefinition(spec: ContainerSpec): Record<string, unknown> {
    return {
        name: CONTAINER_NAME,
        image: spec.image,
        essential: true,
        user: spec.user,
        readonlyRootFilesystem: true,
        ...(spec.command ? { command: [...spec.command] } : {}),
        portMappings:
            spec.containerPort === undefined
                ? []
                : [
                      {
                          containerPort: spec.containerPort,
                          hostPort: spec.containerPort,
                          protocol: "tcp",
                      },
                  ],
        environment: Object.keys(spec.environment)
            .sort()
            .map((name) => ({ name, value: spec.environment[name] })),
        secrets: spec.secrets.map((s) => ({ name: s.name, valueFrom: s.valueFrom })),
        mountPoints: WRITABLE_PATHS.map((p) => ({
            sourceVolume: p.volume,
            containerPath: p.path,
            readOnly: false,
        })),
        // ECS Exec needs an init process; it also reaps Puma's orphaned children.
        linuxParameters: { initProcessEnabled: true },
        logConfiguration: {
            logDriver: "awslogs",
            options: {
                "awslogs-group": spec.logGroupName,
                "awslogs-region": spec.region,
                "awslogs-stream-prefix": spec.streamPrefix,
                // A slow CloudWatch Logs must not block Puma's writes to stdout.
                mode: "non-blocking",
                "max-buffer-size": "25m",
            },
        },
    };
}

/** `service.image`: a tag on this stack's repository, or (with a "/") a full image reference. */
export function imageReference(image: string, repositoryUrl: string): string {
    return image.includes("/") ? image : `${repositoryUrl}:${image}`;
}

/** Values of a `aws ecs run-task` command line for a one-off task. */
export interface RunTaskValues {
    readonly region: string;
    readonly cluster: string;
    readonly taskDefinitionArn: string;
    readonly subnetIds: readonly string[];
    readonly securityGroupId: string;
}

/** The `aws ecs run-task` command that starts a one-off task like a service task. */
export function runTaskCommand(v: RunTaskValues): string {
    return [
        "aws ecs run-task",
        `--region ${v.region}`,
        `--cluster ${v.cluster}`,
        `--task-definition ${v.taskDefinitionArn}`,
        "--launch-type FARGATE",
        "--platform-version LATEST",
        `--network-configuration 'awsvpcConfiguration={subnets=[${v.subnetIds.join(",")}],securityGroups=[${v.securityGroupId}],assignPublicIp=DISABLED}'`,
    ].join(" ");
}

/** Environment variable names the service sets itself; credentials must not reuse them. */
export const RESERVED_ENV_NAMES: readonly string[] = [
    ...PLAIN_ENVIRONMENT_NAMES,
    ...BASE_SECRET_NAMES,
];

/** Problems with credential env names: not an environment variable name, or a reserved one. */
export function credentialNameProblems(names: readonly string[]): string[] {
    const problems: string[] = [];
    for (const name of names) {
        if (!/^[A-Z][A-Z0-9_]*$/.test(name)) {
            problems.push(
                `credentials name ${JSON.stringify(name)} must be an upper-case environment variable name such as TNG_SENDER_PASSWORD`,
            );
        } else if (RESERVED_ENV_NAMES.includes(name)) {
            problems.push(`credentials must not set ${name}: the service sets it`);
        }
    }
    return problems;
}
