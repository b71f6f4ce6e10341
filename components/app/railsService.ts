/**
 * RailsService: the Rails app on ECS Fargate behind the internal ALB.
 *
 * - ECR repository (scan on push, immutable tags, stack-key encryption, keeps the last N images).
 * - ECS cluster with Container Insights (enhanced) and ECS Exec sessions encrypted with the stack
 *   key and logged to the app's log group.
 * - Task definitions for the web service and two one-off tasks (`rails db:migrate`, search
 *   reindex) sharing image, roles, environment and secrets. Each container runs as a non-root
 *   user on a read-only root filesystem; only the paths below are writable (task volumes).
 * - Secrets only through `secrets[].valueFrom`: SECRET_KEY_BASE (generated) and the app's
 *   third-party credentials in one Secrets Manager secret (stack key), the database user and
 *   password from the RDS-managed secret. The plain environment holds endpoints and names only.
 * - An execution role that pulls only from this repository, writes only to this log group and
 *   reads only these secrets; ECS Exec grants on the shared task role.
 * - A Fargate service in the private subnets without public IPs, with the circuit breaker and
 *   rollback, and target-tracking autoscaling on CPU and ALB requests per target, which owns the
 *   desired count.
 *
 * Image contract (the app's Dockerfile): `WORKDIR /app`; the directories in
 * {@link WRITABLE_PATHS} exist in the image, owned by the service user, and are declared with
 * `VOLUME [...]` at the same paths. ECS mounts an empty root-owned (0755) volume at each path
 * unless the image declares it as a VOLUME, in which case the image's directory, with its owner,
 * is copied into the volume. Puma reads PORT.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ecsTasksTrustPolicy } from "./appIdentity";
import * as random from "@pulumi/random";
import { CREDENTIALS, FARGATE_MEMORY, LOG_RETENTION_DAYS } from "../../stacks/settings";

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

/** Env names of the third-party credentials, in settings order (integration by integration). */
export const CREDENTIAL_ENV_NAMES: readonly string[] = Object.values(CREDENTIALS).flatMap((group) =>
    Object.values(group),
);

/** Default one-off commands. The reindex rake task is the app's; override it if it differs. */
export const DEFAULT_MIGRATE_COMMAND: readonly string[] = ["bundle", "exec", "rails", "db:migrate"];
export const DEFAULT_REINDEX_COMMAND: readonly string[] = [
    "bundle",
    "exec",
    "rails",
    "tng:search:reindex",
];

/** Seconds the ALB health check may fail while Rails boots. Defaults to this. */
export const DEFAULT_HEALTH_CHECK_GRACE_SECONDS = 120;
/**
 * Days a deleted app secret can be restored. Every value in it can be recreated (credentials
 * from the encrypted stack config, SECRET_KEY_BASE from the Pulumi state), so the minimum is
 * enough to undo a mistake without keeping an orphaned copy of the credentials for a month.
 */
export const DEFAULT_SECRET_RECOVERY_DAYS = 7;
/** Scaling cooldowns (seed item 8): scale out fast, scale in slowly. */
export const SCALE_OUT_COOLDOWN_SECONDS = 60;
export const SCALE_IN_COOLDOWN_SECONDS = 300;

/** One `secrets` entry of a container definition. */
export interface EcsSecret {
    readonly name: string;
    readonly valueFrom: string;
}

/**
 * The secrets mapping: JSON keys of the RDS-managed secret and of the app secret (Fargate
 * platform 1.4.0+ resolves `<arn>:<json-key>::`). Credentials follow settings order.
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
        ...CREDENTIAL_ENV_NAMES.filter((n) => credentialNames.includes(n)).map((name) => ({
            name,
            valueFrom: key(appSecretArn, name),
        })),
    ];
}

/** Resolved values behind the plain environment. */
export interface AppEnvironmentValues {
    readonly region: string;
    readonly containerPort: number;
    readonly databaseHost: string;
    readonly databasePort: number;
    readonly databaseName: string;
    readonly memcacheServers: string;
    readonly memcachedEndpoint: string;
    readonly memcachedPort: number;
    readonly searchDocumentEndpoint: string;
    readonly searchSearchEndpoint: string;
    readonly staticAssetsBucketName: string;
    readonly distributionId: string;
    readonly appHost: string;
}

/** The plain environment, exactly {@link PLAIN_ENVIRONMENT_NAMES}. */
export function plainEnvironment(v: AppEnvironmentValues): Record<PlainEnvironmentName, string> {
    return {
        RAILS_ENV: "production",
        RAILS_LOG_TO_STDOUT: "true", // the awslogs driver collects stdout
        RAILS_SERVE_STATIC_FILES: "false", // CloudFront serves assets from S3
        PORT: String(v.containerPort),
        AWS_REGION: v.region,
        DATABASE_HOST: v.databaseHost,
        DATABASE_PORT: String(v.databasePort),
        DATABASE_NAME: v.databaseName,
        MEMCACHE_SERVERS: v.memcacheServers,
        MEMCACHED_ENDPOINT: v.memcachedEndpoint,
        MEMCACHED_PORT: String(v.memcachedPort),
        MEMCACHED_TLS: "true", // the cache accepts TLS connections only
        TNG_CLOUD_SEARCH_ENDPOINT_DOCUMENT: v.searchDocumentEndpoint,
        TNG_CLOUD_SEARCH_ENDPOINT_SEARCH: v.searchSearchEndpoint,
        TNG_CLOUD_SEARCH_REGION: v.region,
        TNG_STATIC_ASSETS_BUCKET: v.staticAssetsBucketName,
        TNG_CLOUDFRONT_DISTRIBUTION_ID: v.distributionId,
        // The app sees Host: origin.<domain> (CloudFront's origin name), so it builds absolute
        // URLs and mail links from this instead of the request.
        TNG_APP_HOST: v.appHost,
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

/** The ECR lifecycle policy: expire everything beyond the newest `keep` images. */
export function ecrLifecyclePolicy(keep: number): string {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `Keep the last ${keep} images`,
                selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
                action: { type: "expire" },
            },
        ],
    });
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

/** Problems with the credential names: unknown names, or an integration given only in part. */
export function credentialProblems(names: readonly string[]): string[] {
    const problems: string[] = [];
    for (const n of names.filter((n) => !CREDENTIAL_ENV_NAMES.includes(n))) {
        problems.push(
            `credentials has unknown name ${n} (allowed: ${CREDENTIAL_ENV_NAMES.join(", ")})`,
        );
    }
    for (const [integration, group] of Object.entries(CREDENTIALS)) {
        const envs: string[] = Object.values(group);
        const missing = envs.filter((e) => !names.includes(e));
        if (missing.length > 0 && missing.length < envs.length) {
            problems.push(
                `credentials must hold all of the ${integration} integration or none of it (missing ${missing.join(", ")})`,
            );
        }
    }
    return problems;
}

/** Problems with the plain arguments; empty when they are valid. */
export function railsServiceProblems(args: RailsServiceArgs): string[] {
    const problems: string[] = [];
    const isInt = (v: number, min: number, max: number) =>
        Number.isInteger(v) && v >= min && v <= max;
    if (args.image.trim() === "") {
        problems.push("image must be an image tag or a full image reference");
    }
    const memories = FARGATE_MEMORY[args.cpu];
    if (memories === undefined) {
        problems.push(
            `cpu must be one of ${Object.keys(FARGATE_MEMORY).join(", ")} (got ${args.cpu})`,
        );
    } else if (!memories.includes(args.memory)) {
        problems.push(
            `memory must be one of ${memories.join(", ")} for cpu ${args.cpu} (got ${args.memory})`,
        );
    }
    if (!isInt(args.containerPort, 1024, 65535)) {
        problems.push(
            `containerPort must be an integer from 1024 to 65535 (got ${args.containerPort})`,
        );
    }
    const uid = args.user.split(":")[0];
    if (!/^[^\s:]+(:[^\s:]+)?$/.test(args.user) || uid === "0" || uid === "root") {
        problems.push(`user must be a non-root user such as 1000:1000 (got "${args.user}")`);
    }
    if (!isInt(args.minTasks, 1, 100)) {
        problems.push(`minTasks must be an integer from 1 to 100 (got ${args.minTasks})`);
    }
    if (!isInt(args.maxTasks, args.minTasks, 100)) {
        problems.push(
            `maxTasks must be an integer from minTasks (${args.minTasks}) to 100 (got ${args.maxTasks})`,
        );
    }
    if (!isInt(args.cpuTarget, 10, 95)) {
        problems.push(`cpuTarget must be an integer from 10 to 95 (got ${args.cpuTarget})`);
    }
    if (!isInt(args.requestsPerTarget, 1, 100000)) {
        problems.push(
            `requestsPerTarget must be an integer from 1 to 100000 (got ${args.requestsPerTarget})`,
        );
    }
    if (!isInt(args.ecrKeepImages, 1, 1000)) {
        problems.push(
            `ecrKeepImages must be an integer from 1 to 1000 (got ${args.ecrKeepImages})`,
        );
    }
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(args.logRetentionDays)) {
        problems.push(
            `logRetentionDays must be a CloudWatch Logs retention period such as 30 or 365 (got ${args.logRetentionDays})`,
        );
    }
    const grace = args.healthCheckGracePeriodSeconds;
    if (grace !== undefined && !isInt(grace, 0, 3600)) {
        problems.push(
            `healthCheckGracePeriodSeconds must be an integer from 0 to 3600 (got ${grace})`,
        );
    }
    const recovery = args.secretRecoveryWindowInDays;
    if (recovery !== undefined && !isInt(recovery, 7, 30)) {
        problems.push(
            `secretRecoveryWindowInDays must be an integer from 7 to 30 (got ${recovery})`,
        );
    }
    for (const key of ["migrateCommand", "reindexCommand"] as const) {
        const command = args[key];
        if (command !== undefined && (command.length === 0 || command.some((c) => c === ""))) {
            problems.push(`${key} must be a non-empty list of non-empty arguments`);
        }
    }
    problems.push(...credentialProblems(Object.keys(args.credentials)));
    return problems;
}

/** Arguments of {@link RailsService}. */
export interface RailsServiceArgs {
    /** Stack region (AWS_REGION, CloudSearch region, log driver region). */
    readonly region: string;
    /** Account id, to confine the execution role's trust to this account's ECS tasks. */
    readonly accountId: pulumi.Input<string>;
    /** Stack KMS key ARN: ECR, logs, the app secret and ECS Exec sessions. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Private subnets of the tasks. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The tasks' security group (AppIdentity); gets the ingress rule from the ALB. */
    readonly taskSecurityGroupId: pulumi.Input<string>;
    /** The task role (AppIdentity): what the running app may do. */
    readonly taskRoleArn: pulumi.Input<string>;
    /** Name of the task role, for the ECS Exec grants attached here. */
    readonly taskRoleName: pulumi.Input<string>;
    /** The ALB's security group: the only source the tasks admit. */
    readonly albSecurityGroupId: pulumi.Input<string>;
    /** Target group the service registers tasks in. */
    readonly targetGroupArn: pulumi.Input<string>;
    /** `app/<name>/<id>` of the ALB, for the request-count scaling metric. */
    readonly albArnSuffix: pulumi.Input<string>;
    /** `targetgroup/<name>/<id>`, for the request-count scaling metric. */
    readonly targetGroupArnSuffix: pulumi.Input<string>;
    /** HTTPS listener ARN: the service waits until the target group is attached to the ALB. */
    readonly httpsListenerArn: pulumi.Input<string>;
    /** `service.image`: a tag on this stack's repository, or a full reference (contains "/"). */
    readonly image: string;
    /** Task CPU units. */
    readonly cpu: number;
    /** Task memory in MiB (a valid Fargate size for `cpu`). */
    readonly memory: number;
    /** Port Puma listens on. */
    readonly containerPort: number;
    /** Non-root `uid:gid` (or user name) the container runs as. */
    readonly user: string;
    /** Autoscaling minimum (also the desired count at creation). */
    readonly minTasks: number;
    /** Autoscaling maximum. */
    readonly maxTasks: number;
    /** Target average CPU % of the service. */
    readonly cpuTarget: number;
    /** Target ALB requests per task per minute. */
    readonly requestsPerTarget: number;
    /** Images the ECR lifecycle policy keeps. */
    readonly ecrKeepImages: number;
    /** Retention of the app log group, a CloudWatch Logs retention period. */
    readonly logRetentionDays: number;
    /** Database host name (DATABASE_HOST). */
    readonly databaseHost: pulumi.Input<string>;
    /** Database port (DATABASE_PORT). */
    readonly databasePort: pulumi.Input<number>;
    /** Database name (DATABASE_NAME). */
    readonly databaseName: pulumi.Input<string>;
    /** RDS-managed master secret (JSON `username`/`password`, encrypted with the stack key). */
    readonly databaseSecretArn: pulumi.Input<string>;
    /** Dalli's server list "h1:11211,h2:11211" (MEMCACHE_SERVERS). */
    readonly memcacheServers: pulumi.Input<string>;
    /** Single cache endpoint the current Rails config reads (MEMCACHED_ENDPOINT). */
    readonly memcachedEndpoint: pulumi.Input<string>;
    /** Cache port (MEMCACHED_PORT). */
    readonly memcachedPort: pulumi.Input<number>;
    /** CloudSearch document endpoint URL (TNG_CLOUD_SEARCH_ENDPOINT_DOCUMENT). */
    readonly searchDocumentEndpoint: pulumi.Input<string>;
    /** CloudSearch search endpoint URL (TNG_CLOUD_SEARCH_ENDPOINT_SEARCH). */
    readonly searchSearchEndpoint: pulumi.Input<string>;
    /** Static assets bucket name (TNG_STATIC_ASSETS_BUCKET). */
    readonly staticAssetsBucketName: pulumi.Input<string>;
    /** CloudFront distribution id (TNG_CLOUDFRONT_DISTRIBUTION_ID). */
    readonly distributionId: pulumi.Input<string>;
    /** The public site domain the app builds URLs from (TNG_APP_HOST). */
    readonly appHost: pulumi.Input<string>;
    /**
     * Third-party credentials: env name (e.g. TNG_SENDER_PASSWORD) → secret value. Only the
     * integrations present are injected; each integration is all or nothing. The names decide
     * the `secrets` entries, the values go only into the Secrets Manager secret.
     */
    readonly credentials: Readonly<Record<string, pulumi.Input<string>>>;
    /** Command of the migration task. Defaults to `bundle exec rails db:migrate`. */
    readonly migrateCommand?: readonly string[];
    /** Command of the search reindex task. Defaults to `bundle exec rails tng:search:reindex`. */
    readonly reindexCommand?: readonly string[];
    /** Seconds ALB health checks are ignored after a task starts. Defaults to 120. */
    readonly healthCheckGracePeriodSeconds?: number;
    /** Recovery window of the app secret, 7 to 30 days. Defaults to 7. */
    readonly secretRecoveryWindowInDays?: number;
    /**
     * Make `pulumi up` wait for the deployment to become stable (and fail when the circuit
     * breaker rolls back). Defaults to false, because the first `up` creates the repository the
     * image is pushed to afterwards.
     */
    readonly waitForSteadyState?: boolean;
}

export class RailsService extends pulumi.ComponentResource {
    /** ECS cluster name. */
    public readonly clusterName: pulumi.Output<string>;
    /** ECS service name. */
    public readonly serviceName: pulumi.Output<string>;
    /** ECR repository URL (push images here, then set `service.image` to the tag). */
    public readonly repositoryUrl: pulumi.Output<string>;
    /** Web task definition ARN (revision). */
    public readonly taskDefinitionArn: pulumi.Output<string>;
    /** `rails db:migrate` task definition ARN. */
    public readonly migrateTaskDefinitionArn: pulumi.Output<string>;
    /** Search reindex task definition ARN. */
    public readonly reindexTaskDefinitionArn: pulumi.Output<string>;
    /** App (and ECS Exec) log group. */
    public readonly logGroupName: pulumi.Output<string>;
    /** Execution role ARN (pull, logs, secrets). */
    public readonly executionRoleArn: pulumi.Output<string>;
    /** The app secret (SECRET_KEY_BASE and the credentials). */
    public readonly appSecretArn: pulumi.Output<string>;
    /** `aws ecs run-task` command line that runs the migration. */
    public readonly migrateRunTaskCommand: pulumi.Output<string>;
    /** `aws ecs run-task` command line that rebuilds the search index. */
    public readonly reindexRunTaskCommand: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component; task definition families derive from it.
     * @param args Image, sizing, wiring to the ALB and data tier, and credentials.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: RailsServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:app:RailsService", name, {}, opts);
        const problems = railsServiceProblems(args);
        if (problems.length > 0) {
            throw new Error(`RailsService ${name}: ${problems.join("; ")}.`);
        }
        const parent = { parent: this };
        const region = args.region;
        const credentialNames = Object.keys(args.credentials);

        const repository = new aws.ecr.Repository(
            `${name}-repo`,
            {
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
            },
            parent,
        );
        new aws.ecr.LifecyclePolicy(
            `${name}-repo-lifecycle`,
            { repository: repository.name, policy: ecrLifecyclePolicy(args.ecrKeepImages) },
            parent,
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { retentionInDays: args.logRetentionDays, kmsKeyId: args.kmsKeyArn },
            parent,
        );

        const cluster = new aws.ecs.Cluster(
            `${name}-cluster`,
            {
                settings: [{ name: "containerInsights", value: "enhanced" }],
                configuration: {
                    executeCommandConfiguration: {
                        kmsKeyId: args.kmsKeyArn,
                        logging: "OVERRIDE",
                        logConfiguration: {
                            cloudWatchLogGroupName: logGroup.name,
                            cloudWatchEncryptionEnabled: true,
                        },
                    },
                },
            },
            parent,
        );

        // Rails' SECRET_KEY_BASE: generated once, kept in the state (encrypted) and the secret.
        const secretKeyBase = new random.RandomPassword(
            `${name}-secret-key-base`,
            { length: 128, special: false },
            parent,
        );
        const appSecret = new aws.secretsmanager.Secret(
            `${name}-app-secret`,
            {
                description:
                    "Rails SECRET_KEY_BASE and third-party credentials (JSON keys = env names)",
                kmsKeyId: args.kmsKeyArn,
                recoveryWindowInDays:
                    args.secretRecoveryWindowInDays ?? DEFAULT_SECRET_RECOVERY_DAYS,
            },
            parent,
        );
        const secretValues: Record<string, pulumi.Input<string>> = {
            SECRET_KEY_BASE: secretKeyBase.result,
        };
        for (const env of CREDENTIAL_ENV_NAMES.filter((n) => credentialNames.includes(n))) {
            secretValues[env] = args.credentials[env];
        }
        new aws.secretsmanager.SecretVersion(
            `${name}-app-secret-value`,
            {
                secretId: appSecret.id,
                // Secret even if a caller passed a plain credential.
                secretString: pulumi.secret(pulumi.jsonStringify(pulumi.output(secretValues))),
            },
            parent,
        );

        const executionRole = new aws.iam.Role(
            `${name}-execution-role`,
            {
                description:
                    "ECS agent for the Rails tasks: pull the image, write logs, read the app secrets",
                assumeRolePolicy: pulumi.output(args.accountId).apply(ecsTasksTrustPolicy),
            },
            parent,
        );
        const executionPolicy = new aws.iam.RolePolicy(
            `${name}-execution-policy`,
            {
                role: executionRole.name,
                policy: pulumi
                    .all([
                        repository.arn,
                        logGroup.arn,
                        appSecret.arn,
                        args.databaseSecretArn,
                        args.kmsKeyArn,
                    ])
                    .apply(([repoArn, logArn, appSecretArn, dbSecretArn, keyArn]) =>
                        JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    // Registry-wide token call: AWS cannot scope it to a repository.
                                    Sid: "EcrAuthToken",
                                    Effect: "Allow",
                                    Action: "ecr:GetAuthorizationToken",
                                    Resource: "*",
                                },
                                {
                                    Sid: "PullThisRepository",
                                    Effect: "Allow",
                                    Action: [
                                        "ecr:BatchCheckLayerAvailability",
                                        "ecr:BatchGetImage",
                                        "ecr:GetDownloadUrlForLayer",
                                    ],
                                    Resource: repoArn,
                                },
                                {
                                    Sid: "WriteAppLogs",
                                    Effect: "Allow",
                                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                                    Resource: `${logArn}:*`,
                                },
                                {
                                    Sid: "ReadAppSecrets",
                                    Effect: "Allow",
                                    Action: "secretsmanager:GetSecretValue",
                                    Resource: [appSecretArn, dbSecretArn],
                                },
                                {
                                    // Only to decrypt those secrets, through Secrets Manager.
                                    Sid: "DecryptSecrets",
                                    Effect: "Allow",
                                    Action: "kms:Decrypt",
                                    Resource: keyArn,
                                    Condition: {
                                        StringEquals: {
                                            "kms:ViaService": `secretsmanager.${region}.amazonaws.com`,
                                        },
                                    },
                                },
                            ],
                        }),
                    ),
            },
            parent,
        );

        // ECS Exec (the seed's debugging path) on the shared task role, instead of the seed's
        // AmazonSSMFullAccess / CloudWatchLogsFullAccess attachments.
        const execPolicy = new aws.iam.RolePolicy(
            `${name}-exec`,
            {
                role: args.taskRoleName,
                policy: pulumi.all([logGroup.arn, args.kmsKeyArn]).apply(([logArn, keyArn]) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                // Session channels have no resource ARN: AWS cannot scope them.
                                Sid: "ExecChannels",
                                Effect: "Allow",
                                Action: [
                                    "ssmmessages:CreateControlChannel",
                                    "ssmmessages:CreateDataChannel",
                                    "ssmmessages:OpenControlChannel",
                                    "ssmmessages:OpenDataChannel",
                                ],
                                Resource: "*",
                            },
                            {
                                // The agent checks the log group's encryption with this
                                // list call, which AWS cannot scope to one group.
                                Sid: "ExecFindLogGroup",
                                Effect: "Allow",
                                Action: "logs:DescribeLogGroups",
                                Resource: "*",
                            },
                            {
                                Sid: "ExecSessionLogs",
                                Effect: "Allow",
                                Action: [
                                    "logs:CreateLogStream",
                                    "logs:DescribeLogStreams",
                                    "logs:PutLogEvents",
                                ],
                                Resource: `${logArn}:*`,
                            },
                            {
                                // Sessions are encrypted with the stack key; the operator
                                // starting one needs kms:GenerateDataKey, the task only this.
                                Sid: "ExecSessionKey",
                                Effect: "Allow",
                                Action: "kms:Decrypt",
                                Resource: keyArn,
                            },
                        ],
                    }),
                ),
            },
            parent,
        );

        const image = repository.repositoryUrl.apply((url) => imageReference(args.image, url));
        const environment = pulumi
            .output({
                databaseHost: args.databaseHost,
                databasePort: args.databasePort,
                databaseName: args.databaseName,
                memcacheServers: args.memcacheServers,
                memcachedEndpoint: args.memcachedEndpoint,
                memcachedPort: args.memcachedPort,
                searchDocumentEndpoint: args.searchDocumentEndpoint,
                searchSearchEndpoint: args.searchSearchEndpoint,
                staticAssetsBucketName: args.staticAssetsBucketName,
                distributionId: args.distributionId,
                appHost: args.appHost,
            })
            .apply((values) =>
                plainEnvironment({ region, containerPort: args.containerPort, ...values }),
            );
        const secrets = pulumi
            .all([appSecret.arn, args.databaseSecretArn])
            .apply(([appArn, dbArn]) => secretMappings(appArn, dbArn, credentialNames));

        const taskDefinition = (
            role: string,
            streamPrefix: string,
            extra: { containerPort?: number; command?: readonly string[] },
        ) =>
            new aws.ecs.TaskDefinition(
                `${name}-${role}`,
                {
                    family: `${name}-${role}`,
                    requiresCompatibilities: ["FARGATE"],
                    networkMode: "awsvpc",
                    cpu: String(args.cpu),
                    memory: String(args.memory),
                    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
                    executionRoleArn: executionRole.arn,
                    taskRoleArn: args.taskRoleArn,
                    volumes: WRITABLE_PATHS.map((p) => ({ name: p.volume })),
                    containerDefinitions: pulumi
                        .all([image, environment, secrets, logGroup.name])
                        .apply(([img, env, sec, logGroupName]) =>
                            JSON.stringify([
                                containerDefinition({
                                    image: img,
                                    user: args.user,
                                    environment: env,
                                    secrets: sec,
                                    logGroupName,
                                    region,
                                    streamPrefix,
                                    ...extra,
                                }),
                            ]),
                        ),
                },
                parent,
            );
        const web = taskDefinition("web", "web", { containerPort: args.containerPort });
        const migrate = taskDefinition("migrate", "migrate", {
            command: args.migrateCommand ?? DEFAULT_MIGRATE_COMMAND,
        });
        const reindex = taskDefinition("reindex", "reindex", {
            command: args.reindexCommand ?? DEFAULT_REINDEX_COMMAND,
        });

        new aws.vpc.SecurityGroupIngressRule(
            `${name}-from-alb`,
            {
                securityGroupId: args.taskSecurityGroupId,
                referencedSecurityGroupId: args.albSecurityGroupId,
                ipProtocol: "tcp",
                fromPort: args.containerPort,
                toPort: args.containerPort,
                description: "Rails (HTTP) from the internal ALB only",
            },
            parent,
        );

        const service = new aws.ecs.Service(
            `${name}-service`,
            {
                cluster: cluster.arn,
                taskDefinition: web.arn,
                // On-demand Fargate in both stacks: a Spot interruption of dev's single task
                // would take the dev site down. LATEST is 1.4.0+, which JSON-key secrets need.
                launchType: "FARGATE",
                platformVersion: "LATEST",
                desiredCount: args.minTasks, // at creation only: autoscaling owns it afterwards
                networkConfiguration: {
                    subnets: args.subnetIds,
                    securityGroups: [args.taskSecurityGroupId],
                    assignPublicIp: false,
                },
                loadBalancers: [
                    {
                        // ECS refuses a target group not yet attached to a listener.
                        targetGroupArn: pulumi
                            .all([args.targetGroupArn, args.httpsListenerArn])
                            .apply(([targetGroupArn]) => targetGroupArn),
                        containerName: CONTAINER_NAME,
                        containerPort: args.containerPort,
                    },
                ],
                healthCheckGracePeriodSeconds:
                    args.healthCheckGracePeriodSeconds ?? DEFAULT_HEALTH_CHECK_GRACE_SECONDS,
                deploymentController: { type: "ECS" },
                deploymentCircuitBreaker: { enable: true, rollback: true },
                deploymentMinimumHealthyPercent: 100,
                deploymentMaximumPercent: 200,
                availabilityZoneRebalancing: "ENABLED",
                enableExecuteCommand: true,
                enableEcsManagedTags: true,
                propagateTags: "SERVICE",
                waitForSteadyState: args.waitForSteadyState ?? false,
            },
            {
                parent: this,
                ignoreChanges: ["desiredCount"],
                // Tasks must be able to pull, log and read secrets from their first start.
                dependsOn: [executionPolicy, execPolicy],
            },
        );

        const target = new aws.appautoscaling.Target(
            `${name}-scaling`,
            {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
                minCapacity: args.minTasks,
                maxCapacity: args.maxTasks,
            },
            parent,
        );
        const trackingPolicy = (
            role: string,
            targetValue: number,
            metric: { predefinedMetricType: string; resourceLabel?: pulumi.Input<string> },
        ) =>
            new aws.appautoscaling.Policy(
                `${name}-${role}`,
                {
                    policyType: "TargetTrackingScaling",
                    serviceNamespace: target.serviceNamespace,
                    scalableDimension: target.scalableDimension,
                    resourceId: target.resourceId,
                    targetTrackingScalingPolicyConfiguration: {
                        targetValue,
                        scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS,
                        scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS,
                        predefinedMetricSpecification: metric,
                    },
                },
                parent,
            );
        trackingPolicy("cpu-scaling", args.cpuTarget, {
            predefinedMetricType: "ECSServiceAverageCPUUtilization",
        });
        trackingPolicy("requests-scaling", args.requestsPerTarget, {
            predefinedMetricType: "ALBRequestCountPerTarget",
            resourceLabel: pulumi.interpolate`${args.albArnSuffix}/${args.targetGroupArnSuffix}`,
        });

        const runTask = (taskDefinitionArn: pulumi.Output<string>) =>
            pulumi
                .all([cluster.name, taskDefinitionArn, args.subnetIds, args.taskSecurityGroupId])
                .apply(([clusterName, arn, subnetIds, securityGroupId]) =>
                    runTaskCommand({
                        region,
                        cluster: clusterName,
                        taskDefinitionArn: arn,
                        subnetIds,
                        securityGroupId,
                    }),
                );

        this.clusterName = cluster.name;
        this.serviceName = service.name;
        this.repositoryUrl = repository.repositoryUrl;
        this.taskDefinitionArn = web.arn;
        this.migrateTaskDefinitionArn = migrate.arn;
        this.reindexTaskDefinitionArn = reindex.arn;
        this.logGroupName = logGroup.name;
        this.executionRoleArn = executionRole.arn;
        this.appSecretArn = appSecret.arn;
        this.migrateRunTaskCommand = runTask(migrate.arn);
        this.reindexRunTaskCommand = runTask(reindex.arn);
        this.registerOutputs({
            clusterName: this.clusterName,
            serviceName: this.serviceName,
            repositoryUrl: this.repositoryUrl,
            taskDefinitionArn: this.taskDefinitionArn,
            migrateTaskDefinitionArn: this.migrateTaskDefinitionArn,
            reindexTaskDefinitionArn: this.reindexTaskDefinitionArn,
            logGroupName: this.logGroupName,
            executionRoleArn: this.executionRoleArn,
            appSecretArn: this.appSecretArn,
            migrateRunTaskCommand: this.migrateRunTaskCommand,
            reindexRunTaskCommand: this.reindexRunTaskCommand,
        });
    }
}
