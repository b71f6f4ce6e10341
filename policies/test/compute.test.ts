import * as aws from "../../sdk/aws";
import * as rules from "../rules/compute";
import { ContainerDefinition } from "../rules/compute";
import { PropsOf } from "../rules/helpers";
import { describeResourcePolicy, unknown, UNKNOWN_STRING } from "./util";

type Task = PropsOf<aws.ecs.TaskDefinitionArgs>;

/** A hardened Rails container. */
function container(): ContainerDefinition & Record<string, unknown> {
    return {
        name: "web",
        image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/tng:abc",
        user: "1000:1000",
        readonlyRootFilesystem: true,
        environment: [{ name: "RAILS_ENV", value: "production" }],
        secrets: [{ name: "DATABASE_PASSWORD", valueFrom: "arn:aws:secretsmanager:...:secret:db" }],
        logConfiguration: { logDriver: "awslogs" },
    };
}

function task(
    mutate: (c: ContainerDefinition & Record<string, unknown>) => void = () => undefined,
): Task {
    const c = container();
    mutate(c);
    return {
        family: "tng-web",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        cpu: "512",
        memory: "1024",
        executionRoleArn: "arn:aws:iam::123456789012:role/exec",
        taskRoleArn: "arn:aws:iam::123456789012:role/task",
        containerDefinitions: JSON.stringify([c]),
    };
}

const withContainer =
    (mutate: (c: ContainerDefinition & Record<string, unknown>) => void) =>
    (p: Task): void => {
        p.containerDefinitions = task(mutate).containerDefinitions;
    };

const unknownContainers = (p: Task) => (p.containerDefinitions = unknown());
const partlyUnknownContainers = (p: Task) =>
    (p.containerDefinitions = `[{"name":"web","privileged":true,"user":"${UNKNOWN_STRING}"}]`);

describe("compute policies", () => {
    describeResourcePolicy(
        rules.ecsClusterContainerInsights,
        aws.ecs.Cluster,
        () => ({ settings: [{ name: "containerInsights", value: "enhanced" }] }),
        [
            {
                title: "settings is missing",
                mutate: (p) => delete p.settings,
                messages: [
                    "ECS cluster must set settings containerInsights to enabled or enhanced.",
                ],
            },
            { title: "settings is unknown", mutate: (p) => (p.settings = unknown()), messages: [] },
        ],
    );
    describeResourcePolicy(
        rules.ecsExecLoggingEncrypted,
        aws.ecs.Cluster,
        () => ({
            configuration: { executeCommandConfiguration: { kmsKeyId: "key", logging: "DEFAULT" } },
        }),
        [
            {
                title: "logging is NONE and kmsKeyId is missing",
                mutate: (p) =>
                    (p.configuration = { executeCommandConfiguration: { logging: "NONE" } }),
                messages: [
                    "ECS cluster must not set executeCommandConfiguration.logging to NONE.",
                    "ECS cluster must set executeCommandConfiguration.kmsKeyId.",
                ],
            },
            {
                title: "ECS Exec is not configured",
                mutate: (p) => delete p.configuration,
                messages: [],
            },
        ],
    );

    const service = (): PropsOf<aws.ecs.ServiceArgs> => ({
        launchType: "FARGATE",
        networkConfiguration: {
            subnets: ["a", "c"],
            securityGroups: ["task-sg-id"],
            assignPublicIp: false,
        },
        deploymentCircuitBreaker: { enable: true, rollback: true },
        enableExecuteCommand: false,
    });
    describeResourcePolicy(rules.ecsServiceNoPublicIp, aws.ecs.Service, service, [
        {
            title: "assignPublicIp is true",
            mutate: (p) => (p.networkConfiguration = { subnets: ["a"], assignPublicIp: true }),
            messages: ["ECS service must set networkConfiguration.assignPublicIp to false."],
        },
        {
            title: "networkConfiguration is missing",
            mutate: (p) => delete p.networkConfiguration,
            messages: [],
        },
        {
            title: "networkConfiguration is unknown",
            mutate: (p) => (p.networkConfiguration = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.ecsServiceFargatePlatformLatest, aws.ecs.Service, service, [
        {
            title: "platformVersion is pinned",
            mutate: (p) => (p.platformVersion = "1.3.0"),
            messages: ["Fargate service must leave platformVersion unset or set it to LATEST."],
        },
        {
            title: "platformVersion is LATEST",
            mutate: (p) => (p.platformVersion = "LATEST"),
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.ecsServiceHardening, aws.ecs.Service, service, [
        {
            title: "security groups, circuit breaker and exec are all off",
            mutate: (p) => {
                p.networkConfiguration = { subnets: ["a"] };
                delete p.deploymentCircuitBreaker;
                p.enableExecuteCommand = true;
            },
            messages: [
                "ECS service must set networkConfiguration.securityGroups.",
                "ECS service must set deploymentCircuitBreaker.enable to true.",
                "ECS service must not set enableExecuteCommand to true.",
            ],
        },
        {
            title: "the security groups are unknown",
            mutate: (p) => (p.networkConfiguration = { subnets: ["a"], securityGroups: unknown() }),
            messages: [],
        },
    ]);

    describeResourcePolicy(rules.ecsTaskNoSecretEnvironment, aws.ecs.TaskDefinition, () => task(), [
        {
            title: "environment holds DATABASE_PASSWORD",
            mutate: withContainer((c) =>
                c.environment?.push({ name: "DATABASE_PASSWORD", value: "hunter2" }),
            ),
            messages: [
                "ECS container must not set secret-like variable DATABASE_PASSWORD in environment; use secrets with valueFrom (containerDefinitions[0].environment[1]).",
            ],
        },
        {
            title: "environment holds AWS_ACCESS_KEY_ID",
            mutate: withContainer(
                (c) => (c.environment = [{ name: "AWS_ACCESS_KEY_ID", value: "AKIA" }]),
            ),
            messages: [
                "ECS container must not set secret-like variable AWS_ACCESS_KEY_ID in environment; use secrets with valueFrom (containerDefinitions[0].environment[0]).",
            ],
        },
        {
            title: "config narrows the pattern and DATABASE_PASSWORD no longer matches",
            mutate: withContainer((c) =>
                c.environment?.push({ name: "DATABASE_PASSWORD", value: "x" }),
            ),
            config: { namePattern: "^SECRET_" },
            messages: [],
        },
        { title: "containerDefinitions is unknown", mutate: unknownContainers, messages: [] },
        {
            title: "containerDefinitions is not JSON (redacted)",
            mutate: (p) => (p.containerDefinitions = "[secret]"),
            messages: [],
        },
    ]);
    describeResourcePolicy(
        rules.ecsTaskNoEnvironment,
        aws.ecs.TaskDefinition,
        () => task((c) => delete c.environment),
        [
            {
                title: "any environment is set",
                mutate: withContainer(() => undefined),
                messages: [
                    "ECS container must not set environment; use secrets with valueFrom (containerDefinitions[0].environment).",
                ],
            },
        ],
    );
    describeResourcePolicy(rules.ecsTaskContainerLogging, aws.ecs.TaskDefinition, () => task(), [
        {
            title: "logConfiguration is missing",
            mutate: withContainer((c) => delete c.logConfiguration),
            messages: [
                "ECS container must set logConfiguration.logDriver (containerDefinitions[0]).",
            ],
        },
    ]);
    describeResourcePolicy(rules.ecsTaskNoPrivileged, aws.ecs.TaskDefinition, () => task(), [
        {
            title: "privileged is true",
            mutate: withContainer((c) => (c.privileged = true)),
            messages: ["ECS container must not set privileged to true (containerDefinitions[0])."],
        },
        { title: "containerDefinitions is unknown", mutate: unknownContainers, messages: [] },
        {
            title: "containerDefinitions embeds an unknown",
            mutate: partlyUnknownContainers,
            messages: [],
        },
    ]);
    describeResourcePolicy(
        rules.ecsTaskReadOnlyRootFilesystem,
        aws.ecs.TaskDefinition,
        () => task(),
        [
            {
                title: "readonlyRootFilesystem is missing",
                mutate: withContainer((c) => delete c.readonlyRootFilesystem),
                messages: [
                    "ECS container must set readonlyRootFilesystem to true (containerDefinitions[0]).",
                ],
            },
        ],
    );
    describeResourcePolicy(rules.ecsTaskNonRootUser, aws.ecs.TaskDefinition, () => task(), [
        {
            title: "user is root",
            mutate: withContainer((c) => (c.user = "root")),
            messages: [
                "ECS container must set user to a non-root user (containerDefinitions[0].user).",
            ],
        },
        {
            title: "user is 0:0",
            mutate: withContainer((c) => (c.user = "0:0")),
            messages: [
                "ECS container must set user to a non-root user (containerDefinitions[0].user).",
            ],
        },
        {
            title: "user is missing",
            mutate: withContainer((c) => delete c.user),
            messages: [
                "ECS container must set user to a non-root user (containerDefinitions[0].user).",
            ],
        },
    ]);
    describeResourcePolicy(rules.ecsTaskNoHostNamespaces, aws.ecs.TaskDefinition, () => task(), [
        {
            title: "pidMode and ipcMode are host",
            mutate: (p) => {
                p.pidMode = "host";
                p.ipcMode = "host";
            },
            messages: [
                "ECS task definition must not set pidMode to host.",
                "ECS task definition must not set ipcMode to host.",
            ],
        },
        { title: "pidMode is unknown", mutate: (p) => (p.pidMode = unknown()), messages: [] },
    ]);
    describeResourcePolicy(rules.ecsTaskAwsvpcNetworkMode, aws.ecs.TaskDefinition, () => task(), [
        {
            title: "networkMode is bridge",
            mutate: (p) => (p.networkMode = "bridge"),
            messages: ["ECS task definition must set networkMode to awsvpc."],
        },
        {
            title: "networkMode is missing (bridge)",
            mutate: (p) => delete p.networkMode,
            messages: ["ECS task definition must set networkMode to awsvpc."],
        },
        {
            title: "networkMode is unknown",
            mutate: (p) => (p.networkMode = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.ecsTaskSeparateRoles, aws.ecs.TaskDefinition, () => task(), [
        {
            title: "the task role is the execution role",
            mutate: (p) => (p.taskRoleArn = p.executionRoleArn),
            messages: [
                "ECS task definition must not use the same role for executionRoleArn and taskRoleArn.",
            ],
        },
        {
            title: "the task role is unknown",
            mutate: (p) => (p.taskRoleArn = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(
        rules.ecsTaskEfsTransitEncryption,
        aws.ecs.TaskDefinition,
        () => task(),
        [
            {
                title: "an EFS volume has transit encryption disabled",
                mutate: (p) =>
                    (p.volumes = [
                        {
                            name: "shared",
                            efsVolumeConfiguration: {
                                fileSystemId: "fs-1",
                                transitEncryption: "DISABLED",
                            },
                        },
                    ]),
                messages: [
                    "ECS task definition must set volumes[0].efsVolumeConfiguration.transitEncryption to ENABLED.",
                ],
            },
            {
                title: "an EFS volume is enabled and another is unknown",
                mutate: (p) =>
                    (p.volumes = [
                        {
                            name: "a",
                            efsVolumeConfiguration: {
                                fileSystemId: "fs-1",
                                transitEncryption: "ENABLED",
                            },
                        },
                        unknown(),
                    ]),
                messages: [],
            },
        ],
    );

    const repo = (): PropsOf<aws.ecr.RepositoryArgs> => ({
        imageScanningConfiguration: { scanOnPush: true },
        imageTagMutability: "IMMUTABLE",
        encryptionConfigurations: [
            { encryptionType: "KMS", kmsKey: "arn:aws:kms:ap-northeast-1:123456789012:key/ecr" },
        ],
    });
    describeResourcePolicy(rules.ecrScanOnPush, aws.ecr.Repository, repo, [
        {
            title: "scanning is missing",
            mutate: (p) => delete p.imageScanningConfiguration,
            messages: ["ECR repository must set imageScanningConfiguration.scanOnPush to true."],
        },
    ]);
    describeResourcePolicy(rules.ecrImmutableTags, aws.ecr.Repository, repo, [
        {
            title: "tags are mutable",
            mutate: (p) => (p.imageTagMutability = "MUTABLE"),
            messages: ["ECR repository must set imageTagMutability to IMMUTABLE."],
        },
        {
            title: "mutability is missing (MUTABLE)",
            mutate: (p) => delete p.imageTagMutability,
            messages: ["ECR repository must set imageTagMutability to IMMUTABLE."],
        },
    ]);
    describeResourcePolicy(rules.ecrKmsEncryption, aws.ecr.Repository, repo, [
        {
            title: "encryption is AES256",
            mutate: (p) => (p.encryptionConfigurations = [{ encryptionType: "AES256" }]),
            messages: [
                "ECR repository must set encryptionConfigurations[0].encryptionType to KMS with kmsKey.",
            ],
        },
    ]);
    const publicPolicy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "ecr:BatchGetImage" }],
    });
    describeResourcePolicy(
        rules.ecrPolicyNoPublicPrincipal,
        aws.ecr.RepositoryPolicy,
        () => ({
            repository: "tng",
            policy: JSON.stringify({
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { AWS: "arn:aws:iam::123456789012:root" },
                        Action: "ecr:BatchGetImage",
                    },
                ],
            }),
        }),
        [
            {
                title: "the policy allows Principal *",
                mutate: (p) => (p.policy = publicPolicy),
                messages: [
                    "ECR policy must not allow Principal * without a condition that restricts the caller (policy Statement[0]).",
                ],
            },
            { title: "the policy is unknown", mutate: (p) => (p.policy = unknown()), messages: [] },
        ],
    );
    describeResourcePolicy(
        rules.ecrPolicyNoPublicPrincipal,
        aws.ecr.RegistryPolicy,
        () => ({ policy: "{}" }),
        [
            {
                title: "the registry policy allows Principal *",
                mutate: (p) => (p.policy = publicPolicy),
                messages: [
                    "ECR policy must not allow Principal * without a condition that restricts the caller (policy Statement[0]).",
                ],
            },
        ],
    );

    describeResourcePolicy(
        rules.appAutoScalingCapacity,
        aws.appautoscaling.Target,
        () => ({
            serviceNamespace: "ecs",
            resourceId: "service/c/s",
            scalableDimension: "ecs:service:DesiredCount",
            minCapacity: 2,
            maxCapacity: 10,
        }),
        [
            {
                title: "minCapacity is 1",
                mutate: (p) => (p.minCapacity = 1),
                messages: ["Scaling target must set minCapacity to at least 2."],
            },
            {
                title: "minCapacity is 1 and config allows 1 (dev)",
                mutate: (p) => (p.minCapacity = 1),
                config: { minCapacity: 1 },
                messages: [],
            },
            {
                title: "maxCapacity is below minCapacity",
                mutate: (p) => (p.maxCapacity = 1),
                messages: ["Scaling target must set maxCapacity between minCapacity and 20."],
            },
            {
                title: "minCapacity is unknown",
                mutate: (p) => (p.minCapacity = unknown()),
                messages: [],
            },
        ],
    );
});
