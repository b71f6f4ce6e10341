/**
 * RailsService: the Rails app on ECS Fargate behind the internal ALB.
 *
 * - ECR repository (scan on push, immutable tags, stack-key encryption, keeps the last N images).
 * - ECS cluster with Container Insights (enhanced) and ECS Exec sessions encrypted with the stack
 *   key and logged to the app's log group.
 * - Task definitions for the web service and two one-off tasks (`rails db:migrate`, search
 *   reindex) sharing image, roles, environment and secrets. Each container runs as a non-root
 *   user on a read-only root filesystem; only the paths below are writable (task volumes).
 * - Secrets only through `secrets[].valueFrom`: SECRET_KEY_BASE (given, or generated when the
 *   stack opts in) and the app's
 *   third-party credentials in one Secrets Manager secret (stack key), the database user and
 *   password from the RDS-managed secret. The plain environment holds endpoints and names only.
 * - An execution role that pulls only from this repository, writes only to this log group and
 *   reads only these secrets; ECS Exec grants on the shared task role.
 * - A Fargate service in the private subnets without public IPs, with the circuit breaker and
 *   rollback, and target-tracking autoscaling on CPU and ALB requests per target, which owns the
 *   desired count.
 *
 * Image contract (the app's Dockerfile): `WORKDIR /app`; the directories in
 * WRITABLE_PATHS (./container.ts) exist in the image, owned by the service user, and are declared with
 * `VOLUME [...]` at the same paths. ECS mounts an empty root-owned (0755) volume at each path
 * unless the image declares it as a VOLUME, in which case the image's directory, with its owner,
 * is copied into the volume. Puma reads PORT.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { isLogRetentionDays } from "../ops/logRetention";
import { ecsTasksTrustPolicy } from "./appIdentity";
import {
    AppEndpointInputs,
    CONTAINER_NAME,
    containerDefinition,
    credentialNameProblems,
    DEFAULT_MIGRATE_COMMAND,
    DEFAULT_REINDEX_COMMAND,
    imageReference,
    plainEnvironment,
    runTaskCommand,
    secretMappings,
    WRITABLE_PATHS,
} from "./container";
import { fargateSizeProblem } from "./fargate";
import { ecrLifecyclePolicy, execPolicyDocument, executionPolicyDocument } from "./railsPolicies";
import { ArgsError } from "../errors";

/** Seconds the ALB health check may fail while Rails boots. Defaults to this. */
export const DEFAULT_HEALTH_CHECK_GRACE_SECONDS = 120;
/**
 * Days a deleted app secret can be restored. Every value in it can be recreated (credentials
 * from the encrypted stack config, SECRET_KEY_BASE from the Pulumi state), so the minimum is
 * enough to undo a mistake without keeping an orphaned copy of the credentials for a month.
 */
export const DEFAULT_SECRET_RECOVERY_DAYS = 7;
/**
 * The tag the task definitions name while `service.image` is unset. No task runs it (the service
 * has no tasks then); ECS does not check that an image exists when a task definition is
 * registered, only when a task pulls it
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html).
 */
export const BOOTSTRAP_TAG = "no-image-yet";
/** Scaling cooldowns: scale out fast, scale in slowly. */
export const SCALE_OUT_COOLDOWN_SECONDS = 60;
export const SCALE_IN_COOLDOWN_SECONDS = 300;

/** Problems with the plain arguments; empty when they are valid. */
export function railsServiceProblems(args: RailsServiceArgs): string[] {
    const problems: string[] = [];
    const isInt = (v: number, min: number, max: number) =>
        Number.isInteger(v) && v >= min && v <= max;
    if (args.image !== undefined && args.image.trim() === "") {
        problems.push("image must be an image tag or a full image reference");
    }
    const size = fargateSizeProblem(args.cpu, args.memory);
    if (size !== undefined) {
        problems.push(size);
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
    if (!isLogRetentionDays(args.logRetentionDays)) {
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
    problems.push(...credentialNameProblems(Object.keys(args.credentials)));
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
    /**
     * `service.image`: a tag on this stack's repository, or a full reference (contains "/").
     * Undefined before the first image exists (the first `up` creates the repository): the
     * service is created with no tasks (desired count and scaling bounds 0) and
     * {@link BOOTSTRAP_TAG} in the task definitions, never pulled.
     */
    readonly image?: string;
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
    /** Where the app finds the database, cache, search, assets and its own host name. */
    readonly endpoints: AppEndpointInputs;
    /** RDS-managed master secret (JSON `username`/`password`, encrypted with the stack key). */
    readonly databaseSecretArn: pulumi.Input<string>;
    /**
     * Rails' SECRET_KEY_BASE: `{ value }` carries an existing key over (production's: a new one
     * logs everyone out and invalidates every signed or encrypted cookie and message);
     * `{ generate: true }` makes one once (RandomPassword, kept in the state), for a stack with
     * nothing to carry over.
     */
    readonly secretKeyBase: { readonly value: pulumi.Input<string> } | { readonly generate: true };
    /**
     * Third-party credentials: env name (e.g. TNG_SENDER_PASSWORD) → secret value, in the order
     * the `secrets` entries take. Which integrations are complete is the settings' business. The
     * names decide the `secrets` entries, the values go only into the Secrets Manager secret.
     */
    readonly credentials: Readonly<Record<string, pulumi.Input<string>>>;
    /** Command of the migration task. Defaults to `bundle exec rails db:migrate`. */
    readonly migrateCommand?: readonly string[];
    /** Command of the search reindex task. Defaults to `bundle exec rails tng:search:reindex`. */
    readonly reindexCommand?: readonly string[];
    /** Seconds ALB health checks are ignored after a task starts. Defaults to 120. */
    readonly healthCheckGracePeriodSeconds?: number;
    /** Pulumi `protect` on the ECR repository, the app log group and the app secret. Defaults to false. */
    readonly protectData?: boolean;
    /** Recovery window of the app secret, 7 to 30 days. Defaults to 7. */
    readonly secretRecoveryWindowInDays?: number;
    /**
     * Make `pulumi up` wait for the deployment to become stable (and fail when the circuit
     * breaker rolls back). Defaults to false, because the first `up` creates the repository the
     * image is pushed to afterwards.
     */
    readonly waitForSteadyState?: boolean;
    /**
     * ECS Exec (`aws ecs execute-command`) into the tasks. When on, the task role gets the session
     * channels, writes session logs to a log group of their own (the app's log group stays
     * writable only by the ECS agent through the execution role) and may decrypt with the stack
     * key only Session Manager data keys. Defaults to false.
     */
    readonly enableExec?: boolean;
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
    /** App log group (ECS Exec sessions, when on, have their own). */
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
            throw new ArgsError(`RailsService ${name}: ${problems.join("; ")}.`);
        }
        const parent = { parent: this };
        const protectData = args.protectData ?? false;
        const region = args.region;
        const credentialNames = Object.keys(args.credentials);

        const repository = new aws.ecr.Repository(
            `${name}-repo`,
            {
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
            },
            { parent: this, protect: protectData },
        );
        new aws.ecr.LifecyclePolicy(
            `${name}-repo-lifecycle`,
            { repository: repository.name, policy: ecrLifecyclePolicy(args.ecrKeepImages) },
            parent,
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { retentionInDays: args.logRetentionDays, kmsKeyId: args.kmsKeyArn },
            { parent: this, protect: protectData },
        );

        // ECS Exec sessions are logged by the agent in the task with the task role's credentials:
        // a group of their own keeps the task role away from the app's log group, which only the
        // ECS agent writes (awslogs, with the execution role).
        const enableExec = args.enableExec ?? false;
        const execLogGroup = enableExec
            ? new aws.cloudwatch.LogGroup(
                  `${name}-exec-logs`,
                  { retentionInDays: args.logRetentionDays, kmsKeyId: args.kmsKeyArn },
                  { parent: this, protect: protectData },
              )
            : undefined;

        const cluster = new aws.ecs.Cluster(
            `${name}-cluster`,
            {
                settings: [{ name: "containerInsights", value: "enhanced" }],
                configuration: execLogGroup && {
                    executeCommandConfiguration: {
                        kmsKeyId: args.kmsKeyArn,
                        logging: "OVERRIDE",
                        logConfiguration: {
                            cloudWatchLogGroupName: execLogGroup.name,
                            cloudWatchEncryptionEnabled: true,
                        },
                    },
                },
            },
            parent,
        );

        // Rails' SECRET_KEY_BASE: the stack's config secret, or (opt-in) generated once and kept
        // in the state (encrypted); either way it reaches the tasks only through the app secret.
        const secretKeyBase =
            "value" in args.secretKeyBase
                ? args.secretKeyBase.value
                : new random.RandomPassword(
                      `${name}-secret-key-base`,
                      { length: 128, special: false },
                      parent,
                  ).result;
        const appSecret = new aws.secretsmanager.Secret(
            `${name}-app-secret`,
            {
                description:
                    "Rails SECRET_KEY_BASE and third-party credentials (JSON keys = env names)",
                kmsKeyId: args.kmsKeyArn,
                recoveryWindowInDays:
                    args.secretRecoveryWindowInDays ?? DEFAULT_SECRET_RECOVERY_DAYS,
            },
            { parent: this, protect: protectData },
        );
        const secretValues: Record<string, pulumi.Input<string>> = {
            SECRET_KEY_BASE: secretKeyBase,
        };
        for (const env of credentialNames) {
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
                    .apply(
                        ([repositoryArn, logGroupArn, appSecretArn, databaseSecretArn, keyArn]) =>
                            executionPolicyDocument({
                                region,
                                repositoryArn,
                                logGroupArn,
                                appSecretArn,
                                databaseSecretArn,
                                keyArn,
                            }),
                    ),
            },
            parent,
        );

        // ECS Exec (the debugging path) on the shared task role, only when the stack turns it on.
        const execPolicy =
            execLogGroup &&
            new aws.iam.RolePolicy(
                `${name}-exec`,
                {
                    role: args.taskRoleName,
                    policy: pulumi
                        .all([execLogGroup.arn, args.kmsKeyArn])
                        .apply(([logGroupArn, keyArn]) =>
                            execPolicyDocument({ logGroupArn, keyArn }),
                        ),
                },
                parent,
            );

        const bootstrap = args.image === undefined;
        const image = repository.repositoryUrl.apply((url) =>
            imageReference(args.image ?? BOOTSTRAP_TAG, url),
        );
        const environment = pulumi
            .output(args.endpoints)
            .apply((endpoints) =>
                plainEnvironment({ region, containerPort: args.containerPort, endpoints }),
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
                // At creation only (autoscaling owns it afterwards); none before the first image.
                desiredCount: bootstrap ? 0 : args.minTasks,
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
                enableExecuteCommand: enableExec,
                enableEcsManagedTags: true,
                propagateTags: "SERVICE",
                waitForSteadyState: !bootstrap && (args.waitForSteadyState ?? false),
            },
            {
                parent: this,
                ignoreChanges: ["desiredCount"],
                // Tasks must be able to pull, log and read secrets from their first start.
                dependsOn: execPolicy ? [executionPolicy, execPolicy] : [executionPolicy],
            },
        );

        const target = new aws.appautoscaling.Target(
            `${name}-scaling`,
            {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
                // 0 before the first image: registering a minimum above the running count would
                // start tasks with nothing to pull. Setting service.image raises both in place.
                minCapacity: bootstrap ? 0 : args.minTasks,
                maxCapacity: bootstrap ? 0 : args.maxTasks,
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
