/**
 * Settings schema: The Rails service on ECS Fargate (`service`).
 */
import { FARGATE_CPU_UNITS } from "../../../components/app/fargate";
import { bool, int, object, oneOf, optional, text } from "../../schema";

export const serviceSchema = object(
    {
        image: optional(
            text({
                doc: "Container image: a tag on the stack's ECR repository, or a full image reference. Unset for the very first up (no image yet): the service is created with no tasks.",
                pattern:
                    /^([a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[\w.-]{1,128}|@sha256:[a-f0-9]{64})|[\w][\w.-]{0,127})$/,
                allowed: "an image tag such as release-2026.11.1, or registry/repository:tag",
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
);
