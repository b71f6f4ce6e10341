/**
 * The Rails service's policy documents, as pure functions of resolved ARNs: the execution role's
 * policy, the ECS Exec grants on the task role, and the ECR lifecycle policy.
 */

/** ARNs the execution role's policy is scoped to. */
export interface ExecutionRolePolicyValues {
    readonly region: string;
    readonly repositoryArn: string;
    readonly logGroupArn: string;
    readonly appSecretArn: string;
    readonly databaseSecretArn: string;
    readonly keyArn: string;
}

/**
 * The ECS agent's permissions: pull only from this repository, write only to this log group, and
 * read only these secrets (decrypting them through Secrets Manager only)
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html).
 */
export function executionPolicyDocument(v: ExecutionRolePolicyValues): string {
    return JSON.stringify({
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
                Resource: v.repositoryArn,
            },
            {
                Sid: "WriteAppLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${v.logGroupArn}:*`,
            },
            {
                Sid: "ReadAppSecrets",
                Effect: "Allow",
                Action: "secretsmanager:GetSecretValue",
                Resource: [v.appSecretArn, v.databaseSecretArn],
            },
            {
                // Only to decrypt those secrets, through Secrets Manager.
                Sid: "DecryptSecrets",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: v.keyArn,
                Condition: {
                    StringEquals: {
                        "kms:ViaService": `secretsmanager.${v.region}.amazonaws.com`,
                    },
                },
            },
        ],
    });
}

/** The encryption-context key of Session Manager's data keys (ECS Exec sessions). */
export const EXEC_SESSION_CONTEXT_KEY = "kms:EncryptionContext:aws:ssm:SessionId";

/**
 * ECS Exec on the task role: the session channels, the session log group (its own, not the app's)
 * and the stack key that encrypts sessions
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html#ecs-exec-required-iam-permissions).
 */
export function execPolicyDocument(v: {
    readonly logGroupArn: string;
    readonly keyArn: string;
}): string {
    return JSON.stringify({
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
                // The agent checks the log group's encryption with this list call, which AWS
                // cannot scope to one group.
                Sid: "ExecFindLogGroup",
                Effect: "Allow",
                Action: "logs:DescribeLogGroups",
                Resource: "*",
            },
            {
                Sid: "ExecSessionLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                Resource: `${v.logGroupArn}:*`,
            },
            {
                // Sessions are encrypted with the stack key; the operator starting one needs
                // kms:GenerateDataKey, the task only this, and only for session data keys: Session
                // Manager's data keys carry the encryption context aws:ssm:SessionId (and
                // aws:ssm:TargetId), which no RDS, Secrets Manager or S3 ciphertext of the stack
                // key has, so the app cannot use the grant to decrypt anything else.
                // https://docs.aws.amazon.com/systems-manager/latest/userguide/session-preferences-enable-encryption.html
                Sid: "ExecSessionKey",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: v.keyArn,
                Condition: { Null: { [EXEC_SESSION_CONTEXT_KEY]: "false" } },
            },
        ],
    });
}

/** Days an untagged image (a build layer left behind, or a tag moved away) is kept. */
export const UNTAGGED_IMAGE_DAYS = 14;
/** The tags deploys use (`service.image`), kept under their own count rule. */
export const RELEASE_TAG_PATTERN = "release-*";

/**
 * The ECR lifecycle policy: untagged images expire after {@link UNTAGGED_IMAGE_DAYS} days; of the
 * release tags the newest `keep` stay. There is no `tagStatus: any` rule, so an image a running or
 * rollback task definition uses (always a release tag, or any other tag) is never expired by
 * count across tags; other tags are never expired. A JSON string: the provider's typed selection
 * has no `tagPatternList`
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html,
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html).
 */
export function ecrLifecyclePolicy(keep: number): string {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images after ${UNTAGGED_IMAGE_DAYS} days`,
                selection: {
                    tagStatus: "untagged",
                    countType: "sinceImagePushed",
                    countUnit: "days",
                    countNumber: UNTAGGED_IMAGE_DAYS,
                },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the last ${keep} ${RELEASE_TAG_PATTERN} images`,
                selection: {
                    tagStatus: "tagged",
                    tagPatternList: [RELEASE_TAG_PATTERN],
                    countType: "imageCountMoreThan",
                    countNumber: keep,
                },
                action: { type: "expire" },
            },
        ],
    });
}
