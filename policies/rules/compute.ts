/**
 * ECS (cluster, Fargate service, task definitions), ECR and Application Auto Scaling rules.
 */
import * as aws from "../../sdk/aws";
import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import {
    configOf,
    forEachKnown,
    ignoreUnknown,
    checkPublicPolicy,
    read,
    UNKNOWN_SENTINELS,
    validateTyped,
} from "./helpers";

/** The parts of an ECS container definition the rules read. */
export interface ContainerDefinition {
    name?: string;
    user?: string;
    privileged?: boolean;
    readonlyRootFilesystem?: boolean;
    environment?: { name?: string; value?: string }[];
    logConfiguration?: { logDriver?: string };
}

/**
 * Parses `containerDefinitions`, a JSON string. Unknown (or partly unknown) text and text that
 * is not a JSON array (e.g. a redacted secret) yield `undefined`: cannot evaluate.
 */
export function parseContainerDefinitions(text: unknown): ContainerDefinition[] | undefined {
    const value = read(() => text);
    if (typeof value !== "string" || [...UNKNOWN_SENTINELS].some((s) => value.includes(s))) {
        return undefined;
    }
    try {
        const parsed: unknown = JSON.parse(value);
        return Array.isArray(parsed)
            ? parsed.filter((c): c is ContainerDefinition => c !== null && typeof c === "object")
            : undefined;
    } catch {
        return undefined;
    }
}

/** A task-definition validation that visits each container definition. */
function forEachContainer(
    visit: (
        container: ContainerDefinition,
        label: string,
        args: ResourceValidationArgs,
        report: ReportViolation,
    ) => void,
) {
    return validateTyped(aws.ecs.TaskDefinition, [], (task, args, report) => {
        const containers = parseContainerDefinitions(task.containerDefinitions) ?? [];
        containers.forEach((c, i) => visit(c, `containerDefinitions[${i}]`, args, report));
    });
}

/** Container Insights on the cluster. */
export const ecsClusterContainerInsights: ResourceValidationPolicy = {
    name: "ecs-cluster-container-insights",
    description: "ECS clusters enable Container Insights through settings.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.ecs.Cluster, [], (cluster, _a, report) => {
        const enabled = (cluster.settings ?? []).some(
            (s) => s.name === "containerInsights" && ["enabled", "enhanced"].includes(s.value),
        );
        if (!enabled) {
            report("ECS cluster must set settings containerInsights to enabled or enhanced.");
        }
    }),
};

/** ECS Exec sessions are logged and encrypted when configured. */
export const ecsExecLoggingEncrypted: ResourceValidationPolicy = {
    name: "ecs-exec-logging-encrypted",
    description:
        "When ECS Exec is configured, the cluster logs sessions and encrypts them with kmsKeyId.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.ecs.Cluster, [], (cluster, _a, report) => {
        const exec = cluster.configuration?.executeCommandConfiguration;
        if (exec === undefined) {
            return;
        }
        if (exec.logging === "NONE") {
            report("ECS cluster must not set executeCommandConfiguration.logging to NONE.");
        }
        if (!exec.kmsKeyId) {
            report("ECS cluster must set executeCommandConfiguration.kmsKeyId.");
        }
    }),
};

/** Fargate tasks never get public IPs. */
export const ecsServiceNoPublicIp: ResourceValidationPolicy = {
    name: "ecs-service-no-public-ip",
    description: "ECS services do not set networkConfiguration.assignPublicIp.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.ecs.Service, [], (service, _a, report) => {
        if (service.networkConfiguration?.assignPublicIp === true) {
            report("ECS service must set networkConfiguration.assignPublicIp to false.");
        }
    }),
};

/** Fargate platform follows LATEST. */
export const ecsServiceFargatePlatformLatest: ResourceValidationPolicy = {
    name: "ecs-service-fargate-platform-latest",
    description: "Fargate services leave platformVersion unset or LATEST.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.ecs.Service, [], (service, _a, report) => {
        if (
            service.launchType === "FARGATE" &&
            service.platformVersion !== undefined &&
            service.platformVersion !== "LATEST"
        ) {
            report("Fargate service must leave platformVersion unset or set it to LATEST.");
        }
    }),
};

/** Own security groups, circuit breaker, no ECS Exec. */
export const ecsServiceHardening: ResourceValidationPolicy = {
    name: "ecs-service-hardening",
    description:
        "ECS services set networkConfiguration.securityGroups, enable the deployment circuit breaker and keep enableExecuteCommand off.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.ecs.Service, [], (service, _a, report) => {
        ignoreUnknown(() => {
            if ((service.networkConfiguration?.securityGroups?.length ?? 0) === 0) {
                report("ECS service must set networkConfiguration.securityGroups.");
            }
        });
        ignoreUnknown(() => {
            if (service.deploymentCircuitBreaker?.enable !== true) {
                report("ECS service must set deploymentCircuitBreaker.enable to true.");
            }
        });
        ignoreUnknown(() => {
            if (service.enableExecuteCommand === true) {
                report("ECS service must not set enableExecuteCommand to true.");
            }
        });
    }),
};

/** Config of {@link ecsTaskNoSecretEnvironment}. */
export interface SecretEnvironmentConfig {
    /** Case-insensitive regular expression for secret-looking variable names. */
    namePattern: string;
    /** Exact names that are always secrets. */
    names: string[];
}

export const DEFAULT_SECRET_NAME_PATTERN =
    "(PASSWORD|PASSWD|SECRET|TOKEN|ACCESS_KEY|PRIVATE_KEY|API_?KEY|CREDENTIAL)";
export const DEFAULT_SECRET_NAMES = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "ECS_ENGINE_AUTH_DATA",
];

/** Secrets come from `secrets[].valueFrom`, never plain `environment`. */
export const ecsTaskNoSecretEnvironment: ResourceValidationPolicy = {
    name: "ecs-task-no-secret-environment",
    description:
        "ECS container environment variables do not have secret-looking names; secrets use secrets[].valueFrom.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            namePattern: {
                type: "string",
                default: DEFAULT_SECRET_NAME_PATTERN,
                description: "Case-insensitive regular expression for secret-looking names.",
            },
            names: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_SECRET_NAMES,
                description: "Names that are always secrets.",
            },
        },
    },
    validateResource: forEachContainer((c, label, args, report) => {
        const { namePattern, names } = configOf<SecretEnvironmentConfig>(args, {
            namePattern: DEFAULT_SECRET_NAME_PATTERN,
            names: DEFAULT_SECRET_NAMES,
        });
        const pattern = new RegExp(namePattern, "i");
        (c.environment ?? []).forEach((env, j) => {
            const name = env?.name ?? "";
            if (names.includes(name) || pattern.test(name)) {
                report(
                    `ECS container must not set secret-like variable ${name} in environment; use secrets with valueFrom (${label}.environment[${j}]).`,
                );
            }
        });
    }),
};

/** The strict cdk-nag form, no plain environment at all. */
export const ecsTaskNoEnvironment: ResourceValidationPolicy = {
    name: "ecs-task-no-environment",
    description:
        "ECS containers take configuration from secrets/SSM rather than plain environment.",
    enforcementLevel: "advisory",
    validateResource: forEachContainer((c, label, _args, report) => {
        if ((c.environment ?? []).length > 0) {
            report(
                `ECS container must not set environment; use secrets with valueFrom (${label}.environment).`,
            );
        }
    }),
};

/** Every container logs. */
export const ecsTaskContainerLogging: ResourceValidationPolicy = {
    name: "ecs-task-container-logging",
    description: "Every ECS container sets logConfiguration.logDriver.",
    enforcementLevel: "advisory",
    validateResource: forEachContainer((c, label, _args, report) => {
        if (!c.logConfiguration?.logDriver) {
            report(`ECS container must set logConfiguration.logDriver (${label}).`);
        }
    }),
};

/** No privileged containers. */
export const ecsTaskNoPrivileged: ResourceValidationPolicy = {
    name: "ecs-task-no-privileged",
    description: "No ECS container sets privileged to true.",
    enforcementLevel: "mandatory",
    validateResource: forEachContainer((c, label, _args, report) => {
        if (c.privileged === true) {
            report(`ECS container must not set privileged to true (${label}).`);
        }
    }),
};

/** Read-only root filesystem. */
export const ecsTaskReadOnlyRootFilesystem: ResourceValidationPolicy = {
    name: "ecs-task-read-only-root-filesystem",
    description: "Every ECS container sets readonlyRootFilesystem to true.",
    enforcementLevel: "advisory",
    validateResource: forEachContainer((c, label, _args, report) => {
        if (c.readonlyRootFilesystem !== true) {
            report(`ECS container must set readonlyRootFilesystem to true (${label}).`);
        }
    }),
};

/** Containers run as a non-root user. */
export const ecsTaskNonRootUser: ResourceValidationPolicy = {
    name: "ecs-task-non-root-user",
    description: "Every ECS container sets user to a non-root user.",
    enforcementLevel: "advisory",
    validateResource: forEachContainer((c, label, _args, report) => {
        const user = (c.user ?? "").split(":")[0];
        if (user === "" || user === "root" || user === "0") {
            report(`ECS container must set user to a non-root user (${label}.user).`);
        }
    }),
};

/** No host PID/IPC namespaces. */
export const ecsTaskNoHostNamespaces: ResourceValidationPolicy = {
    name: "ecs-task-no-host-namespaces",
    description: "ECS task definitions do not set pidMode or ipcMode to host.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.ecs.TaskDefinition, [], (task, _a, report) => {
        for (const prop of ["pidMode", "ipcMode"] as const) {
            ignoreUnknown(() => {
                if (task[prop] === "host") {
                    report(`ECS task definition must not set ${prop} to host.`);
                }
            });
        }
    }),
};

/** Awsvpc networking (required on Fargate, isolates each task). */
export const ecsTaskAwsvpcNetworkMode: ResourceValidationPolicy = {
    name: "ecs-task-awsvpc-network-mode",
    description: "ECS task definitions set networkMode to awsvpc.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.ecs.TaskDefinition, [], (task, _a, report) => {
        // Unset means bridge mode.
        if (task.networkMode !== "awsvpc") {
            report("ECS task definition must set networkMode to awsvpc.");
        }
    }),
};

/** Separate execution and task roles. */
export const ecsTaskSeparateRoles: ResourceValidationPolicy = {
    name: "ecs-task-separate-roles",
    description: "ECS task definitions use different roles for executionRoleArn and taskRoleArn.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.ecs.TaskDefinition, [], (task, _a, report) => {
        if (task.executionRoleArn && task.executionRoleArn === task.taskRoleArn) {
            report(
                "ECS task definition must not use the same role for executionRoleArn and taskRoleArn.",
            );
        }
    }),
};

/** EFS volumes use TLS. */
export const ecsTaskEfsTransitEncryption: ResourceValidationPolicy = {
    name: "ecs-task-efs-transit-encryption",
    description: "EFS volumes of ECS task definitions set transitEncryption to ENABLED.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.ecs.TaskDefinition, [], (task, _a, report) => {
        forEachKnown(task.volumes, (volume, i) => {
            const efs = volume.efsVolumeConfiguration;
            if (efs !== undefined && efs.transitEncryption !== "ENABLED") {
                report(
                    `ECS task definition must set volumes[${i}].efsVolumeConfiguration.transitEncryption to ENABLED.`,
                );
            }
        });
    }),
};

/** Scan images on push. */
export const ecrScanOnPush: ResourceValidationPolicy = {
    name: "ecr-repository-scan-on-push",
    description: "ECR repositories set imageScanningConfiguration.scanOnPush to true.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.ecr.Repository, [], (repo, _a, report) => {
        if (repo.imageScanningConfiguration?.scanOnPush !== true) {
            report("ECR repository must set imageScanningConfiguration.scanOnPush to true.");
        }
    }),
};

/** Immutable tags. */
export const ecrImmutableTags: ResourceValidationPolicy = {
    name: "ecr-repository-immutable-tags",
    description: "ECR repositories set imageTagMutability to IMMUTABLE.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.ecr.Repository, [], (repo, _a, report) => {
        if (!(repo.imageTagMutability ?? "MUTABLE").startsWith("IMMUTABLE")) {
            report("ECR repository must set imageTagMutability to IMMUTABLE.");
        }
    }),
};

/** CMK encryption. */
export const ecrKmsEncryption: ResourceValidationPolicy = {
    name: "ecr-repository-kms-encryption",
    description: "ECR repositories encrypt with a customer-managed KMS key.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.ecr.Repository, [], (repo, _a, report) => {
        const config = repo.encryptionConfigurations?.[0];
        if (config?.encryptionType !== "KMS" || !config.kmsKey) {
            report(
                "ECR repository must set encryptionConfigurations[0].encryptionType to KMS with kmsKey.",
            );
        }
    }),
};

/** No public repository or registry policy. */
export const ecrPolicyNoPublicPrincipal: ResourceValidationPolicy = {
    name: "ecr-policy-no-public-principal",
    description:
        "ECR repository and registry policies do not Allow Principal * (or NotPrincipal) unless a condition restricts the caller.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateTyped(aws.ecr.RepositoryPolicy, [], (p, _a, report) =>
            checkEcrPolicy(p.policy, report),
        ),
        validateTyped(aws.ecr.RegistryPolicy, [], (p, _a, report) =>
            checkEcrPolicy(p.policy, report),
        ),
    ],
};

function checkEcrPolicy(policy: unknown, report: ReportViolation): void {
    checkPublicPolicy("ECR policy", "policy", policy, (m) => report(m));
}

/** Config of {@link appAutoScalingCapacity}. */
export interface CapacityConfig {
    /** Smallest acceptable minCapacity (one task per AZ). */
    minCapacity: number;
    /** Largest acceptable maxCapacity. */
    maxCapacity: number;
}

/** Enough tasks for AZ redundancy, bounded scale-out. */
export const appAutoScalingCapacity: ResourceValidationPolicy = {
    name: "appautoscaling-target-capacity",
    description:
        "ECS scaling targets keep minCapacity at or above the configured minimum and maxCapacity between minCapacity and the configured cap.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minCapacity: { type: "integer", default: 2, description: "Smallest minCapacity." },
            maxCapacity: { type: "integer", default: 20, description: "Largest maxCapacity." },
        },
    },
    validateResource: validateTyped(aws.appautoscaling.Target, [], (target, args, report) => {
        const limits = configOf<CapacityConfig>(args, { minCapacity: 2, maxCapacity: 20 });
        if (target.serviceNamespace !== "ecs") {
            return;
        }
        ignoreUnknown(() => {
            if (target.minCapacity < limits.minCapacity) {
                report(`Scaling target must set minCapacity to at least ${limits.minCapacity}.`);
            }
        });
        ignoreUnknown(() => {
            if (
                target.maxCapacity < target.minCapacity ||
                target.maxCapacity > limits.maxCapacity
            ) {
                report(
                    `Scaling target must set maxCapacity between minCapacity and ${limits.maxCapacity}.`,
                );
            }
        });
    }),
};

/** All ECS, ECR and auto-scaling policies. */
export const computePolicies = [
    ecsClusterContainerInsights,
    ecsExecLoggingEncrypted,
    ecsServiceNoPublicIp,
    ecsServiceFargatePlatformLatest,
    ecsServiceHardening,
    ecsTaskNoSecretEnvironment,
    ecsTaskNoEnvironment,
    ecsTaskContainerLogging,
    ecsTaskNoPrivileged,
    ecsTaskReadOnlyRootFilesystem,
    ecsTaskNonRootUser,
    ecsTaskNoHostNamespaces,
    ecsTaskAwsvpcNetworkMode,
    ecsTaskSeparateRoles,
    ecsTaskEfsTransitEncryption,
    ecrScanOnPush,
    ecrImmutableTags,
    ecrKmsEncryption,
    ecrPolicyNoPublicPrincipal,
    appAutoScalingCapacity,
];
