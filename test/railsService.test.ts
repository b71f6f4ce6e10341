/**
 * RailsService: ECR, cluster, secrets, both IAM roles' statements, the three task definitions'
 * container definitions, the service, the task ingress rule, autoscaling, the outputs (run-task
 * commands), the pure helpers and every validation message; with every integration and with one
 * left out (dev), and with a full image reference.
 *
 * The mocks prove what the program asks AWS for, not that AWS accepts it (for example that ECS
 * resolves the JSON-key secrets, or that the image's VOLUME directories belong to the user).
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    containerDefinition,
    credentialNameProblems,
    imageReference,
    PLAIN_ENVIRONMENT_NAMES,
    runTaskCommand,
    secretMappings,
    WRITABLE_PATHS,
} from "../components/app/container";
import { ecrLifecyclePolicy } from "../components/app/railsPolicies";
import {
    RailsService,
    RailsServiceArgs,
    railsServiceProblems,
} from "../components/app/railsService";
import { DEFAULT_UNSCOPABLE_ACTIONS } from "../policies/rules/iam";
import { RecordedOptions, RecordedResource, ResourceRecorder } from "../offline/mocks";
import {
    freshMocks,
    optionsByName,
    policyStatements,
    PolicyStatement,
    settle,
    unwrap,
} from "./harness";

const COMPONENT = "tng:app:RailsService";
const REPO = "aws:ecr/repository:Repository";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const CLUSTER = "aws:ecs/cluster:Cluster";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const SECRET = "aws:secretsmanager/secret:Secret";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const TASK_DEF = "aws:ecs/taskDefinition:TaskDefinition";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SERVICE = "aws:ecs/service:Service";
const TARGET = "aws:appautoscaling/target:Target";
const POLICY = "aws:appautoscaling/policy:Policy";

const ACCOUNT = "123456789012";
const KEY_ARN = `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/stack-key-id`;
const DB_SECRET = `arn:aws:secretsmanager:ap-northeast-1:${ACCOUNT}:secret:rds!db-t-AbCdEf`;
const TASK_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/tng-dev-app-task-role`;
const SUBNETS = ["subnet-private-a", "subnet-private-c"];
const TASK_SG = "sg-app-tasks";
const ALB_SG = "sg-alb";
const TG_ARN = `arn:aws:elasticloadbalancing:ap-northeast-1:${ACCOUNT}:targetgroup/alb-tg/943f017f100becff`;

// Mock-computed names and ARNs of the children (offline/mocks.ts computedState).
const REPO_ARN = `arn:aws:ecr:ap-northeast-1:${ACCOUNT}:ecr/t-repo`;
const REPO_URL = `${ACCOUNT}.dkr.ecr.ap-northeast-1.amazonaws.com/t-repo`;
const LOG_ARN = `arn:aws:logs:ap-northeast-1:${ACCOUNT}:log-group:t-logs`;
const EXEC_LOG_ARN = `arn:aws:logs:ap-northeast-1:${ACCOUNT}:log-group:t-exec-logs`;
const APP_SECRET = `arn:aws:secretsmanager:ap-northeast-1:${ACCOUNT}:secretsmanager/t-app-secret`;
const EXEC_ROLE_ARN = `arn:aws:iam:ap-northeast-1:${ACCOUNT}:iam/t-execution-role`;
const taskDefArn = (role: string) => `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:ecs/t-${role}`;

/** Placeholders, never real credentials: the names matter, the values only reach the secret. */
const ALL_CREDENTIALS = {
    TNG_SENDER_USERNAME: pulumi.secret("placeholder"),
    TNG_SENDER_PASSWORD: pulumi.secret("placeholder"),
    TNG_SENDER_DOMAIN: pulumi.secret("placeholder"),
    TNG_FACEBOOK_APP_ID: pulumi.secret("placeholder"),
    TNG_FACEBOOK_APP_SECRET: pulumi.secret("placeholder"),
    TNG_TWITTER_CONSUMER_KEY: pulumi.secret("placeholder"),
    TNG_TWITTER_CONSUMER_SECRET: pulumi.secret("placeholder"),
};

function args(overrides: Partial<RailsServiceArgs> = {}): RailsServiceArgs {
    return {
        region: "ap-northeast-1",
        accountId: ACCOUNT,
        kmsKeyArn: KEY_ARN,
        subnetIds: SUBNETS,
        taskSecurityGroupId: TASK_SG,
        taskRoleArn: TASK_ROLE_ARN,
        taskRoleName: "tng-dev-app-task-role",
        albSecurityGroupId: ALB_SG,
        targetGroupArn: TG_ARN,
        albArnSuffix: "app/alb/50dc6c495c0c9188",
        targetGroupArnSuffix: "targetgroup/alb-tg/943f017f100becff",
        httpsListenerArn: `arn:aws:elasticloadbalancing:ap-northeast-1:${ACCOUNT}:listener/app/alb/1/2`,
        image: "release-2026.11.1",
        cpu: 1024,
        memory: 2048,
        containerPort: 3000,
        user: "1000:1000",
        minTasks: 2,
        maxTasks: 10,
        cpuTarget: 70,
        requestsPerTarget: 1000,
        ecrKeepImages: 30,
        logRetentionDays: 365,
        endpoints: {
            databaseHost: "tng-db.c0abcdefghij.ap-northeast-1.rds.amazonaws.com",
            databasePort: 5432,
            databaseName: "tng",
            memcacheServers: "n1.cache.amazonaws.com:11211,n2.cache.amazonaws.com:11211",
            memcachedEndpoint: "n1.cache.amazonaws.com",
            memcachedPort: 11211,
            searchDocumentEndpoint:
                "https://doc-tng-abc123.ap-northeast-1.cloudsearch.amazonaws.com",
            searchSearchEndpoint:
                "https://search-tng-abc123.ap-northeast-1.cloudsearch.amazonaws.com",
            staticAssetsBucketName: "tng-prod-assets-0a1b2c3",
            distributionId: "E1EXAMPLE",
            appHost: "tng.example.jp",
        },
        databaseSecretArn: DB_SECRET,
        credentials: ALL_CREDENTIALS,
        secretKeyBase: { generate: true },
        ...overrides,
    };
}

async function build(a: RailsServiceArgs): Promise<{
    recorder: ResourceRecorder;
    value: RailsService;
    options: Map<string, RecordedOptions>;
}> {
    const recorder = await freshMocks();
    const value = new RailsService("t", a);
    await settle();
    return { recorder, value, options: optionsByName(recorder) };
}

interface Container {
    name: string;
    image: string;
    user: string;
    readonlyRootFilesystem: boolean;
    privileged?: boolean;
    command?: string[];
    portMappings: unknown[];
    environment: { name: string; value: string }[];
    secrets: { name: string; valueFrom: string }[];
    mountPoints: unknown[];
    linuxParameters: unknown;
    logConfiguration: unknown;
}

function containers(task: RecordedResource): Container[] {
    return JSON.parse(task.inputs.containerDefinitions as string) as Container[];
}

const EXPECTED_ENVIRONMENT = [
    { name: "AWS_REGION", value: "ap-northeast-1" },
    { name: "DATABASE_HOST", value: "tng-db.c0abcdefghij.ap-northeast-1.rds.amazonaws.com" },
    { name: "DATABASE_NAME", value: "tng" },
    { name: "DATABASE_PORT", value: "5432" },
    { name: "MEMCACHED_ENDPOINT", value: "n1.cache.amazonaws.com" },
    { name: "MEMCACHED_PORT", value: "11211" },
    { name: "MEMCACHED_TLS", value: "true" },
    {
        name: "MEMCACHE_SERVERS",
        value: "n1.cache.amazonaws.com:11211,n2.cache.amazonaws.com:11211",
    },
    { name: "PORT", value: "3000" },
    { name: "RAILS_ENV", value: "production" },
    { name: "RAILS_LOG_TO_STDOUT", value: "true" },
    { name: "RAILS_SERVE_STATIC_FILES", value: "false" },
    { name: "TNG_APP_HOST", value: "tng.example.jp" },
    {
        name: "TNG_CLOUDFRONT_DISTRIBUTION_ID",
        value: "E1EXAMPLE",
    },
    {
        name: "TNG_CLOUD_SEARCH_ENDPOINT_DOCUMENT",
        value: "https://doc-tng-abc123.ap-northeast-1.cloudsearch.amazonaws.com",
    },
    {
        name: "TNG_CLOUD_SEARCH_ENDPOINT_SEARCH",
        value: "https://search-tng-abc123.ap-northeast-1.cloudsearch.amazonaws.com",
    },
    { name: "TNG_CLOUD_SEARCH_REGION", value: "ap-northeast-1" },
    { name: "TNG_STATIC_ASSETS_BUCKET", value: "tng-prod-assets-0a1b2c3" },
];

const BASE_SECRETS = [
    { name: "DATABASE_USERNAME", valueFrom: `${DB_SECRET}:username::` },
    { name: "DATABASE_PASSWORD", valueFrom: `${DB_SECRET}:password::` },
    { name: "SECRET_KEY_BASE", valueFrom: `${APP_SECRET}:SECRET_KEY_BASE::` },
];
const appKey = (name: string) => ({ name, valueFrom: `${APP_SECRET}:${name}::` });
const ALL_SECRETS = [
    ...BASE_SECRETS,
    appKey("TNG_SENDER_USERNAME"),
    appKey("TNG_SENDER_PASSWORD"),
    appKey("TNG_SENDER_DOMAIN"),
    appKey("TNG_FACEBOOK_APP_ID"),
    appKey("TNG_FACEBOOK_APP_SECRET"),
    appKey("TNG_TWITTER_CONSUMER_KEY"),
    appKey("TNG_TWITTER_CONSUMER_SECRET"),
];

const EXPECTED_MOUNTS = [
    { sourceVolume: "rails-tmp", containerPath: "/app/tmp", readOnly: false },
    { sourceVolume: "rails-log", containerPath: "/app/log", readOnly: false },
    { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
    { sourceVolume: "exec-agents", containerPath: "/managed-agents", readOnly: false },
    { sourceVolume: "ssm-state", containerPath: "/var/lib/amazon/ssm", readOnly: false },
    { sourceVolume: "ssm-logs", containerPath: "/var/log/amazon/ssm", readOnly: false },
];

/** The web container, written out in full. */
function expectedWebContainer(secrets: unknown[], image = `${REPO_URL}:release-2026.11.1`) {
    return {
        name: "rails",
        image,
        essential: true,
        user: "1000:1000",
        readonlyRootFilesystem: true,
        portMappings: [{ containerPort: 3000, hostPort: 3000, protocol: "tcp" }],
        environment: EXPECTED_ENVIRONMENT,
        secrets,
        mountPoints: EXPECTED_MOUNTS,
        linuxParameters: { initProcessEnabled: true },
        logConfiguration: {
            logDriver: "awslogs",
            options: {
                "awslogs-group": "t-logs",
                "awslogs-region": "ap-northeast-1",
                "awslogs-stream-prefix": "web",
                mode: "non-blocking",
                "max-buffer-size": "25m",
            },
        },
    };
}

/** Names allowed in `environment` although they match the secret pattern: none. */
const DOCUMENTED_NON_SECRETS: string[] = [];

describe("RailsService with every integration and ECS Exec on", () => {
    let recorder: ResourceRecorder;
    let value: RailsService;
    let options: Map<string, RecordedOptions>;
    before(async () => {
        ({ recorder, value, options } = await build(args({ enableExec: true })));
    });

    it("creates exactly these children", () => {
        const counts = recorder.countsByType();
        assert.deepStrictEqual(counts, {
            [LOG_GROUP]: 2,
            [REPO]: 1,
            [LIFECYCLE]: 1,
            [CLUSTER]: 1,
            [SERVICE]: 1,
            [TASK_DEF]: 3,
            [ROLE]: 1,
            [ROLE_POLICY]: 2,
            [SECRET]: 1,
            [SECRET_VERSION]: 1,
            [TARGET]: 1,
            [POLICY]: 2,
            [INGRESS]: 1,
            [PASSWORD]: 1,
            [COMPONENT]: 1,
        });
        assert.deepStrictEqual(recorder.resources.map((r) => r.name).sort(), [
            "t",
            "t-app-secret",
            "t-app-secret-value",
            "t-cluster",
            "t-cpu-scaling",
            "t-exec",
            "t-exec-logs",
            "t-execution-policy",
            "t-execution-role",
            "t-from-alb",
            "t-logs",
            "t-migrate",
            "t-reindex",
            "t-repo",
            "t-repo-lifecycle",
            "t-requests-scaling",
            "t-scaling",
            "t-secret-key-base",
            "t-service",
            "t-web",
        ]);
    });

    it("never creates IAM users, access keys or managed-policy attachments", () => {
        for (const type of [
            "aws:iam/user:User",
            "aws:iam/accessKey:AccessKey",
            "aws:iam/userPolicy:UserPolicy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:iam/policyAttachment:PolicyAttachment",
        ]) {
            assert.strictEqual(recorder.ofType(type).length, 0, type);
        }
        assert.strictEqual(
            recorder.get(ROLE, "t-execution-role").inputs.managedPolicyArns,
            undefined,
        );
    });

    it("keeps images in an immutable, scanned, KMS-encrypted repository with a lifecycle", () => {
        assert.deepStrictEqual(recorder.get(REPO, "t-repo").inputs, {
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY_ARN }],
        });
        const lifecycle = recorder.get(LIFECYCLE, "t-repo-lifecycle").inputs;
        assert.strictEqual(lifecycle.repository, "t-repo");
        // Untagged images expire; release tags keep their own count; no `any` rule expires
        // an image a running or rollback task definition may use.
        assert.deepStrictEqual(JSON.parse(lifecycle.policy as string), {
            rules: [
                {
                    rulePriority: 1,
                    description: "Expire untagged images after 14 days",
                    selection: {
                        tagStatus: "untagged",
                        countType: "sinceImagePushed",
                        countUnit: "days",
                        countNumber: 14,
                    },
                    action: { type: "expire" },
                },
                {
                    rulePriority: 2,
                    description: "Keep the last 30 release-* images",
                    selection: {
                        tagStatus: "tagged",
                        tagPatternList: ["release-*"],
                        countType: "imageCountMoreThan",
                        countNumber: 30,
                    },
                    action: { type: "expire" },
                },
            ],
        });
    });

    it("logs to a KMS-encrypted log group with retention", () => {
        assert.deepStrictEqual(recorder.get(LOG_GROUP, "t-logs").inputs, {
            retentionInDays: 365,
            kmsKeyId: KEY_ARN,
        });
    });

    it("enables Container Insights and encrypted, logged ECS Exec on the cluster", () => {
        assert.deepStrictEqual(recorder.get(CLUSTER, "t-cluster").inputs, {
            settings: [{ name: "containerInsights", value: "enhanced" }],
            configuration: {
                executeCommandConfiguration: {
                    kmsKeyId: KEY_ARN,
                    logging: "OVERRIDE",
                    logConfiguration: {
                        cloudWatchLogGroupName: "t-exec-logs",
                        cloudWatchEncryptionEnabled: true,
                    },
                },
            },
        });
    });

    it("generates SECRET_KEY_BASE and keeps it with the credentials in a KMS-encrypted secret", () => {
        assert.deepStrictEqual(recorder.get(PASSWORD, "t-secret-key-base").inputs, {
            length: 128,
            special: false,
        });
        assert.deepStrictEqual(recorder.get(SECRET, "t-app-secret").inputs, {
            description:
                "Rails SECRET_KEY_BASE and third-party credentials (JSON keys = env names)",
            kmsKeyId: KEY_ARN,
            recoveryWindowInDays: 7,
        });
        assert.deepStrictEqual(recorder.get(SECRET_VERSION, "t-app-secret-value").inputs, {
            secretId: "t-app-secret-id",
            secretString: "[secret]",
        });
    });

    it("before the first image: no tasks, no steady-state wait, the bootstrap tag never pulled", async () => {
        const { recorder: first } = await build(
            args({ image: undefined, waitForSteadyState: true }),
        );
        const service = first.get("aws:ecs/service:Service", "t-service").inputs;
        assert.deepStrictEqual([service.desiredCount, service.waitForSteadyState], [0, false]);
        const target = first.get("aws:appautoscaling/target:Target", "t-scaling").inputs;
        assert.deepStrictEqual([target.minCapacity, target.maxCapacity], [0, 0]);
        for (const role of ["web", "migrate", "reindex"]) {
            assert.strictEqual(
                containers(first.get(TASK_DEF, `t-${role}`))[0].image,
                `${REPO_URL}:no-image-yet`,
            );
        }
        // With an image: the configured counts and wait.
        const { recorder: later } = await build(args({ waitForSteadyState: true }));
        const s2 = later.get("aws:ecs/service:Service", "t-service").inputs;
        assert.deepStrictEqual([s2.desiredCount, s2.waitForSteadyState], [2, true]);
        const t2 = later.get("aws:appautoscaling/target:Target", "t-scaling").inputs;
        assert.deepStrictEqual([t2.minCapacity, t2.maxCapacity], [2, 10]);
    });

    it("takes a given SECRET_KEY_BASE (production's, carried over) and generates none", async () => {
        const { recorder: given } = await build(
            args({ secretKeyBase: { value: pulumi.secret("placeholder") } }),
        );
        assert.strictEqual(given.ofType(PASSWORD).length, 0);
        assert.deepStrictEqual(given.get(SECRET_VERSION, "t-app-secret-value").inputs, {
            secretId: "t-app-secret-id",
            secretString: "[secret]",
        });
        const web = containers(given.get(TASK_DEF, "t-web"))[0];
        assert.deepStrictEqual(
            web.secrets.find((e) => e.name === "SECRET_KEY_BASE"),
            { name: "SECRET_KEY_BASE", valueFrom: `${APP_SECRET}:SECRET_KEY_BASE::` },
        );
    });

    it("lets the execution role pull only this repository, log only here and read only these secrets", () => {
        const role = recorder.get(ROLE, "t-execution-role").inputs;
        assert.deepStrictEqual(policyStatements(role.assumeRolePolicy), [
            {
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            },
        ]);
        const policy = recorder.get(ROLE_POLICY, "t-execution-policy").inputs;
        assert.strictEqual(policy.role, "t-execution-role");
        assert.deepStrictEqual(policyStatements(policy.policy), [
            {
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
                Resource: REPO_ARN,
            },
            {
                Sid: "WriteAppLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${LOG_ARN}:*`,
            },
            {
                Sid: "ReadAppSecrets",
                Effect: "Allow",
                Action: "secretsmanager:GetSecretValue",
                Resource: [APP_SECRET, DB_SECRET],
            },
            {
                Sid: "DecryptSecrets",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: KEY_ARN,
                Condition: {
                    StringEquals: {
                        "kms:ViaService": "secretsmanager.ap-northeast-1.amazonaws.com",
                    },
                },
            },
        ]);
    });

    it("grants the task role only ECS Exec: channels, its log streams and the session key", () => {
        const policy = recorder.get(ROLE_POLICY, "t-exec").inputs;
        assert.strictEqual(policy.role, "tng-dev-app-task-role");
        assert.deepStrictEqual(policyStatements(policy.policy), [
            {
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
                Sid: "ExecFindLogGroup",
                Effect: "Allow",
                Action: "logs:DescribeLogGroups",
                Resource: "*",
            },
            {
                Sid: "ExecSessionLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                // The sessions' own group: the app's log group (LOG_ARN) is not writable.
                Resource: `${EXEC_LOG_ARN}:*`,
            },
            {
                Sid: "ExecSessionKey",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: KEY_ARN,
                Condition: { Null: { "kms:EncryptionContext:aws:ssm:SessionId": "false" } },
            },
        ]);
        assert.deepStrictEqual(recorder.get(LOG_GROUP, "t-exec-logs").inputs, {
            retentionInDays: 365,
            kmsKeyId: KEY_ARN,
        });
    });

    it("uses Resource * only for actions AWS cannot scope (or read-only Describe calls)", () => {
        const statements: PolicyStatement[] = recorder
            .ofType(ROLE_POLICY)
            .flatMap((p) => policyStatements(p.inputs.policy));
        for (const s of statements.filter((st) => st.Resource === "*")) {
            for (const action of [s.Action].flat()) {
                assert.ok(
                    DEFAULT_UNSCOPABLE_ACTIONS.includes(action) || /^[a-z]+:Describe/.test(action),
                    `${action} on Resource *`,
                );
            }
        }
        assert.ok(statements.every((s) => ![s.Action].flat().some((a) => a.endsWith(":*"))));
    });

    it("defines the web task: Fargate, awsvpc, sizes, roles and one writable volume per path", () => {
        const inputs = { ...recorder.get(TASK_DEF, "t-web").inputs };
        delete inputs.containerDefinitions;
        assert.deepStrictEqual(inputs, {
            family: "t-web",
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: "1024",
            memory: "2048",
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
            executionRoleArn: EXEC_ROLE_ARN,
            taskRoleArn: TASK_ROLE_ARN,
            volumes: [
                { name: "rails-tmp" },
                { name: "rails-log" },
                { name: "tmp" },
                { name: "exec-agents" },
                { name: "ssm-state" },
                { name: "ssm-logs" },
            ],
        });
    });

    it("runs the web container as non-root on a read-only root with secrets only from valueFrom", () => {
        assert.deepStrictEqual(containers(recorder.get(TASK_DEF, "t-web")), [
            expectedWebContainer(ALL_SECRETS),
        ]);
    });

    it("has no secret-looking name in any container's plain environment", () => {
        for (const task of recorder.ofType(TASK_DEF)) {
            for (const c of containers(task)) {
                assert.deepStrictEqual(
                    c.environment.map((e) => e.name).sort(),
                    [...PLAIN_ENVIRONMENT_NAMES].sort(),
                );
                for (const { name } of c.environment) {
                    assert.ok(
                        !/(PASSWORD|SECRET|TOKEN|KEY)/i.test(name) ||
                            DOCUMENTED_NON_SECRETS.includes(name),
                        `${task.name}: ${name}`,
                    );
                }
                assert.strictEqual(c.readonlyRootFilesystem, true);
                assert.strictEqual(c.user, "1000:1000");
                assert.strictEqual(c.privileged, undefined);
            }
        }
    });

    it("defines the one-off tasks with the same image, env and secrets, their command and no port", () => {
        for (const [role, command] of [
            ["migrate", ["bundle", "exec", "rails", "db:migrate"]],
            ["reindex", ["bundle", "exec", "rails", "tng:search:reindex"]],
        ] as const) {
            const task = recorder.get(TASK_DEF, `t-${role}`);
            assert.strictEqual(task.inputs.family, `t-${role}`);
            assert.strictEqual(task.inputs.executionRoleArn, EXEC_ROLE_ARN);
            assert.strictEqual(task.inputs.taskRoleArn, TASK_ROLE_ARN);
            const web = expectedWebContainer(ALL_SECRETS);
            assert.deepStrictEqual(containers(task), [
                {
                    ...web,
                    command: [...command],
                    portMappings: [],
                    logConfiguration: {
                        logDriver: "awslogs",
                        options: { ...web.logConfiguration.options, "awslogs-stream-prefix": role },
                    },
                },
            ]);
        }
    });

    it("every task, one-off tasks included, reads the secrets by ARN and JSON key, never a pinned version", () => {
        // `<arn>:<json-key>:<version-stage>:<version-id>` with both empty means AWSCURRENT at task
        // start, so a migrate or reindex run after a rotation reads the new password.
        for (const role of ["web", "migrate", "reindex"]) {
            const secrets = containers(recorder.get(TASK_DEF, `t-${role}`))[0].secrets;
            assert.deepStrictEqual(
                secrets.map(
                    (e) => /^(arn:[^:]+(?::[^:]+)*?):([A-Za-z_]+)::$/.exec(e.valueFrom)?.[1],
                ),
                secrets.map((e) => (e.name.startsWith("DATABASE_") ? DB_SECRET : APP_SECRET)),
                role,
            );
        }
    });

    it("admits the container port on the task security group from the ALB group only", () => {
        assert.deepStrictEqual(recorder.get(INGRESS, "t-from-alb").inputs, {
            securityGroupId: TASK_SG,
            referencedSecurityGroupId: ALB_SG,
            ipProtocol: "tcp",
            fromPort: 3000,
            toPort: 3000,
            description: "Rails (HTTP) from the internal ALB only",
        });
    });

    it("runs the service privately with Exec, circuit breaker rollback and a grace period", () => {
        assert.deepStrictEqual(recorder.get(SERVICE, "t-service").inputs, {
            cluster: `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:ecs/t-cluster`,
            taskDefinition: taskDefArn("web"),
            launchType: "FARGATE",
            platformVersion: "LATEST",
            desiredCount: 2,
            networkConfiguration: {
                subnets: SUBNETS,
                securityGroups: [TASK_SG],
                assignPublicIp: false,
            },
            loadBalancers: [
                { targetGroupArn: TG_ARN, containerName: "rails", containerPort: 3000 },
            ],
            healthCheckGracePeriodSeconds: 120,
            deploymentController: { type: "ECS" },
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            availabilityZoneRebalancing: "ENABLED",
            enableExecuteCommand: true,
            enableEcsManagedTags: true,
            propagateTags: "SERVICE",
            waitForSteadyState: false,
        });
    });

    it("leaves the desired count to autoscaling and waits for the role policies", () => {
        const service = options.get("t-service");
        assert.deepStrictEqual(service?.ignoreChanges, ["desiredCount"]);
        const urnOf = (type: string, name: string) => recorder.get(type, name).urn;
        for (const name of ["t-execution-policy", "t-exec"]) {
            assert.ok(service?.dependencies.includes(urnOf(ROLE_POLICY, name)), name);
        }
    });

    it("scales between min and max on CPU and on ALB requests per target", () => {
        assert.deepStrictEqual(recorder.get(TARGET, "t-scaling").inputs, {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: "service/t-cluster/t-service",
            minCapacity: 2,
            maxCapacity: 10,
        });
        const common = {
            policyType: "TargetTrackingScaling",
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: "service/t-cluster/t-service",
        };
        assert.deepStrictEqual(recorder.get(POLICY, "t-cpu-scaling").inputs, {
            ...common,
            targetTrackingScalingPolicyConfiguration: {
                targetValue: 70,
                scaleOutCooldown: 60,
                scaleInCooldown: 300,
                predefinedMetricSpecification: {
                    predefinedMetricType: "ECSServiceAverageCPUUtilization",
                },
            },
        });
        assert.deepStrictEqual(recorder.get(POLICY, "t-requests-scaling").inputs, {
            ...common,
            targetTrackingScalingPolicyConfiguration: {
                targetValue: 1000,
                scaleOutCooldown: 60,
                scaleInCooldown: 300,
                predefinedMetricSpecification: {
                    predefinedMetricType: "ALBRequestCountPerTarget",
                    resourceLabel: "app/alb/50dc6c495c0c9188/targetgroup/alb-tg/943f017f100becff",
                },
            },
        });
    });

    it("exposes names, ARNs and the run-task commands for the one-off tasks", async () => {
        assert.strictEqual(await unwrap(value.clusterName), "t-cluster");
        assert.strictEqual(await unwrap(value.serviceName), "t-service");
        assert.strictEqual(await unwrap(value.repositoryUrl), REPO_URL);
        assert.strictEqual(await unwrap(value.taskDefinitionArn), taskDefArn("web"));
        assert.strictEqual(await unwrap(value.migrateTaskDefinitionArn), taskDefArn("migrate"));
        assert.strictEqual(await unwrap(value.reindexTaskDefinitionArn), taskDefArn("reindex"));
        assert.strictEqual(await unwrap(value.logGroupName), "t-logs");
        assert.strictEqual(await unwrap(value.executionRoleArn), EXEC_ROLE_ARN);
        assert.strictEqual(await unwrap(value.appSecretArn), APP_SECRET);
        const network =
            "--network-configuration 'awsvpcConfiguration={subnets=[subnet-private-a,subnet-private-c],securityGroups=[sg-app-tasks],assignPublicIp=DISABLED}'";
        assert.strictEqual(
            await unwrap(value.migrateRunTaskCommand),
            `aws ecs run-task --region ap-northeast-1 --cluster t-cluster --task-definition ${taskDefArn("migrate")} --launch-type FARGATE --platform-version LATEST ${network}`,
        );
        assert.strictEqual(
            await unwrap(value.reindexRunTaskCommand),
            `aws ecs run-task --region ap-northeast-1 --cluster t-cluster --task-definition ${taskDefArn("reindex")} --launch-type FARGATE --platform-version LATEST ${network}`,
        );
        assert.deepStrictEqual(Object.keys(recorder.get(COMPONENT, "t").outputs).sort(), [
            "appSecretArn",
            "clusterName",
            "executionRoleArn",
            "logGroupName",
            "migrateRunTaskCommand",
            "migrateTaskDefinitionArn",
            "reindexRunTaskCommand",
            "reindexTaskDefinitionArn",
            "repositoryUrl",
            "serviceName",
            "taskDefinitionArn",
        ]);
    });

    it("parents every child to the component", () => {
        const urn = recorder.get(COMPONENT, "t").urn;
        for (const r of recorder.resources.filter((x) => x.type !== COMPONENT)) {
            assert.strictEqual(r.parent, urn, r.name);
        }
    });
});

describe("RailsService without the twitter integration (dev), with a full image reference", () => {
    let recorder: ResourceRecorder;
    before(async () => {
        // dev: the twitter credentials are not set, so settings leave the integration out.
        const rest = Object.fromEntries(
            Object.entries(ALL_CREDENTIALS).filter(([k]) => !k.startsWith("TNG_TWITTER_")),
        );
        ({ recorder } = await build(
            args({
                credentials: rest,
                image: "public.ecr.aws/acme/tng:release-1",
                minTasks: 1,
                maxTasks: 2,
                migrateCommand: ["bin/rails", "db:migrate"],
                healthCheckGracePeriodSeconds: 300,
                secretRecoveryWindowInDays: 30,
                waitForSteadyState: true,
            }),
        ));
    });

    it("injects only the integrations present, plus the database and SECRET_KEY_BASE", () => {
        const expected = ALL_SECRETS.filter((s) => !s.name.startsWith("TNG_TWITTER_"));
        assert.strictEqual(expected.length, 8);
        for (const task of recorder.ofType(TASK_DEF)) {
            assert.deepStrictEqual(containers(task)[0].secrets, expected, task.name);
        }
        assert.deepStrictEqual(containers(recorder.get(TASK_DEF, "t-web")), [
            expectedWebContainer(expected, "public.ecr.aws/acme/tng:release-1"),
        ]);
    });

    it("takes the command override, sizes, grace period, recovery window and steady-state wait", () => {
        assert.deepStrictEqual(containers(recorder.get(TASK_DEF, "t-migrate"))[0].command, [
            "bin/rails",
            "db:migrate",
        ]);
        const service = recorder.get(SERVICE, "t-service").inputs;
        assert.strictEqual(service.desiredCount, 1);
        assert.strictEqual(service.healthCheckGracePeriodSeconds, 300);
        assert.strictEqual(service.waitForSteadyState, true);
        const target = recorder.get(TARGET, "t-scaling").inputs;
        assert.deepStrictEqual([target.minCapacity, target.maxCapacity], [1, 2]);
        assert.strictEqual(recorder.get(SECRET, "t-app-secret").inputs.recoveryWindowInDays, 30);
    });
});

describe("RailsService without ECS Exec (the default)", () => {
    it("creates no exec policy or session log group, configures no Exec and disables it on the service", async () => {
        const { recorder, options } = await build(args());
        assert.deepStrictEqual(
            recorder.ofType(ROLE_POLICY).map((p) => p.name),
            ["t-execution-policy"],
        );
        assert.deepStrictEqual(
            recorder.ofType(LOG_GROUP).map((g) => g.name),
            ["t-logs"],
        );
        assert.deepStrictEqual(recorder.get(CLUSTER, "t-cluster").inputs, {
            settings: [{ name: "containerInsights", value: "enhanced" }],
        });
        assert.strictEqual(recorder.get(SERVICE, "t-service").inputs.enableExecuteCommand, false);
        const service = options.get("t-service");
        assert.deepStrictEqual(service?.dependencies, [
            recorder.get(ROLE_POLICY, "t-execution-policy").urn,
            recorder.get(CLUSTER, "t-cluster").urn,
            recorder.get(TASK_DEF, "t-web").urn,
        ]);
        // Nothing grants the task role anything: its only policies come from AppIdentity.
        assert.ok(
            recorder.ofType(ROLE_POLICY).every((p) => p.inputs.role !== "tng-dev-app-task-role"),
        );
    });
});

describe("RailsService with no integration at all", () => {
    it("still injects the database credentials and SECRET_KEY_BASE", async () => {
        const { recorder } = await build(args({ credentials: {} }));
        assert.deepStrictEqual(
            containers(recorder.get(TASK_DEF, "t-web"))[0].secrets,
            BASE_SECRETS,
        );
        assert.strictEqual(recorder.ofType(SECRET).length, 1);
    });
});

describe("RailsService validation", () => {
    let recorder: ResourceRecorder;
    before(async () => {
        recorder = await freshMocks();
    });

    it("accepts the fixture", () => {
        assert.deepStrictEqual(railsServiceProblems(args()), []);
    });

    it("reports every bad plain argument with its message", () => {
        const cases: [Partial<RailsServiceArgs>, string][] = [
            [{ image: " " }, "image must be an image tag or a full image reference"],
            [{ cpu: 300 }, "cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 (got 300)"],
            [
                { memory: 1024 },
                "memory must be one of 2048, 3072, 4096, 5120, 6144, 7168, 8192 for cpu 1024 (got 1024)",
            ],
            [{ containerPort: 80 }, "containerPort must be an integer from 1024 to 65535 (got 80)"],
            [{ user: "root" }, 'user must be a non-root user such as 1000:1000 (got "root")'],
            [{ user: "0:0" }, 'user must be a non-root user such as 1000:1000 (got "0:0")'],
            [{ user: "" }, 'user must be a non-root user such as 1000:1000 (got "")'],
            [{ minTasks: 0, maxTasks: 2 }, "minTasks must be an integer from 1 to 100 (got 0)"],
            [
                { minTasks: 3, maxTasks: 2 },
                "maxTasks must be an integer from minTasks (3) to 100 (got 2)",
            ],
            [{ cpuTarget: 100 }, "cpuTarget must be an integer from 10 to 95 (got 100)"],
            [
                { requestsPerTarget: 0 },
                "requestsPerTarget must be an integer from 1 to 100000 (got 0)",
            ],
            [{ ecrKeepImages: 0 }, "ecrKeepImages must be an integer from 1 to 1000 (got 0)"],
            [
                { logRetentionDays: 10 },
                "logRetentionDays must be a CloudWatch Logs retention period such as 30 or 365 (got 10)",
            ],
            [
                { healthCheckGracePeriodSeconds: -1 },
                "healthCheckGracePeriodSeconds must be an integer from 0 to 3600 (got -1)",
            ],
            [
                { secretRecoveryWindowInDays: 3 },
                "secretRecoveryWindowInDays must be an integer from 7 to 30 (got 3)",
            ],
            [
                { migrateCommand: [] },
                "migrateCommand must be a non-empty list of non-empty arguments",
            ],
            [
                { reindexCommand: ["rake", ""] },
                "reindexCommand must be a non-empty list of non-empty arguments",
            ],
        ];
        for (const [overrides, message] of cases) {
            assert.deepStrictEqual(railsServiceProblems(args(overrides)), [message]);
        }
    });

    // Which integrations are complete is the settings' rule (test/settings.test.ts); the
    // component only refuses names that are not env names or that it sets itself.
    it("rejects credential names that are not env names or that the service sets", () => {
        assert.deepStrictEqual(
            credentialNameProblems([
                "TNG_SENDER_USERNAME",
                "tng-token",
                "DATABASE_PASSWORD",
                "PORT",
            ]),
            [
                'credentials name "tng-token" must be an upper-case environment variable name such as TNG_SENDER_PASSWORD',
                "credentials must not set DATABASE_PASSWORD: the service sets it",
                "credentials must not set PORT: the service sets it",
            ],
        );
        assert.deepStrictEqual(credentialNameProblems([]), []);
    });

    it("throws every problem at once from the constructor, before creating children", async () => {
        assert.throws(
            () =>
                new RailsService(
                    "t",
                    args({
                        user: "root",
                        credentials: { SECRET_KEY_BASE: pulumi.secret("placeholder") },
                    }),
                ),
            {
                message:
                    'RailsService t: user must be a non-root user such as 1000:1000 (got "root"); credentials must not set SECRET_KEY_BASE: the service sets it.',
            },
        );
        await settle();
        assert.deepStrictEqual(
            recorder.resources.filter((r) => r.custom).map((r) => r.name),
            [],
        );
    });
});

describe("RailsService helpers", () => {
    it("resolves service.image as a tag on the repository unless it is a full reference", () => {
        assert.strictEqual(
            imageReference("release-1", "acct.dkr.ecr/r"),
            "acct.dkr.ecr/r:release-1",
        );
        assert.strictEqual(
            imageReference("ghcr.io/acme/tng:1.2", "acct.dkr.ecr/r"),
            "ghcr.io/acme/tng:1.2",
        );
    });

    it("maps secrets to JSON keys, credentials in the order given (the settings' order)", () => {
        assert.deepStrictEqual(
            secretMappings("arn:app", "arn:db", ["TNG_FACEBOOK_APP_SECRET", "TNG_FACEBOOK_APP_ID"]),
            [
                { name: "DATABASE_USERNAME", valueFrom: "arn:db:username::" },
                { name: "DATABASE_PASSWORD", valueFrom: "arn:db:password::" },
                { name: "SECRET_KEY_BASE", valueFrom: "arn:app:SECRET_KEY_BASE::" },
                { name: "TNG_FACEBOOK_APP_SECRET", valueFrom: "arn:app:TNG_FACEBOOK_APP_SECRET::" },
                { name: "TNG_FACEBOOK_APP_ID", valueFrom: "arn:app:TNG_FACEBOOK_APP_ID::" },
            ],
        );
    });

    it("builds a container without ports for one-off tasks and sorts the environment", () => {
        const c = containerDefinition({
            image: "img",
            user: "1000:1000",
            environment: { B: "2", A: "1" },
            secrets: [],
            logGroupName: "g",
            region: "ap-northeast-1",
            streamPrefix: "migrate",
            command: ["rake", "x"],
        });
        assert.deepStrictEqual(c.environment, [
            { name: "A", value: "1" },
            { name: "B", value: "2" },
        ]);
        assert.deepStrictEqual(c.portMappings, []);
        assert.deepStrictEqual(c.command, ["rake", "x"]);
        assert.strictEqual(WRITABLE_PATHS.length, (c.mountPoints as unknown[]).length);
    });

    it("writes the lifecycle policy and the run-task command", () => {
        assert.deepStrictEqual(JSON.parse(ecrLifecyclePolicy(5)).rules[1].selection, {
            tagStatus: "tagged",
            tagPatternList: ["release-*"],
            countType: "imageCountMoreThan",
            countNumber: 5,
        });
        assert.strictEqual(
            runTaskCommand({
                region: "ap-northeast-1",
                cluster: "c",
                taskDefinitionArn: "arn:td",
                subnetIds: ["s1"],
                securityGroupId: "sg",
            }),
            "aws ecs run-task --region ap-northeast-1 --cluster c --task-definition arn:td --launch-type FARGATE --platform-version LATEST --network-configuration 'awsvpcConfiguration={subnets=[s1],securityGroups=[sg],assignPublicIp=DISABLED}'",
        );
    });
});
