/**
 * CloudTrail rules.
 */
import * as aws from "../../sdk/aws";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    configOf,
    read,
    referencedBy,
    resourcesOf,
    UNKNOWN,
    validateTyped,
    trackedStack,
} from "./helpers";
import { accessLogged, publicAccessBlocked, sslOnly } from "./storage";

/** Config of {@link cloudtrailPresent}. */
export interface TrailPresentConfig {
    /**
     * ARN of the organisation trail (or other trail outside this stack) that records this
     * account: set it in policies/config/<stack>.json instead of disabling the policy.
     */
    organizationTrailArn: string;
}

/** Seed finding: the stack records API activity, here or through a declared organisation trail. */
export const cloudtrailPresent: StackValidationPolicy = {
    name: "cloudtrail-present",
    description:
        'A stack with AWS resources defines an aws.cloudtrail.Trail, or its policy config names the organisation trail that covers the account: { "cloudtrail-present": { "organizationTrailArn": "arn:aws:cloudtrail:<region>:<management-account>:trail/<name>" } }.',
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            organizationTrailArn: {
                type: "string",
                default: "",
                pattern: "^(arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\\d{12}:trail/.+)?$",
                description:
                    "ARN of the organisation trail that records this account (empty: the stack must define a trail).",
            },
        },
    },
    validateStack: trackedStack((args, reportViolation) => {
        const { organizationTrailArn } = configOf<TrailPresentConfig>(args, {
            organizationTrailArn: "",
        });
        if (/^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/.+$/.test(organizationTrailArn)) {
            return;
        }
        const awsResources = args.resources.filter((r) => r.type.startsWith("aws:"));
        if (awsResources.length > 0 && resourcesOf(args, [aws.cloudtrail.Trail]).length === 0) {
            reportViolation(
                "Stack must define a CloudTrail trail (aws.cloudtrail.Trail) or set organizationTrailArn in its policy config.",
            );
        }
    }),
};

/** SSE-KMS. */
export const cloudtrailKmsEncryption: ResourceValidationPolicy = {
    name: "cloudtrail-kms-encryption",
    description: "CloudTrail trails set kmsKeyId.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.cloudtrail.Trail, [], (trail, _a, report) => {
        if (!trail.kmsKeyId) {
            report("CloudTrail trail must set kmsKeyId.");
        }
    }),
};

/** Digest files. */
export const cloudtrailLogFileValidation: ResourceValidationPolicy = {
    name: "cloudtrail-log-file-validation",
    description: "CloudTrail trails set enableLogFileValidation to true.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.cloudtrail.Trail, [], (trail, _a, report) => {
        if (trail.enableLogFileValidation !== true) {
            report("CloudTrail trail must set enableLogFileValidation to true.");
        }
    }),
};

/** All regions and global services. */
export const cloudtrailMultiRegion: ResourceValidationPolicy = {
    name: "cloudtrail-multi-region",
    description:
        "CloudTrail trails set isMultiRegionTrail to true and keep includeGlobalServiceEvents.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.cloudtrail.Trail, [], (trail, _a, report) => {
        if (trail.isMultiRegionTrail !== true) {
            report("CloudTrail trail must set isMultiRegionTrail to true.");
        }
        if (trail.includeGlobalServiceEvents === false) {
            report("CloudTrail trail must not set includeGlobalServiceEvents to false.");
        }
    }),
};

/** CloudWatch Logs delivery. */
export const cloudtrailCloudWatchLogs: ResourceValidationPolicy = {
    name: "cloudtrail-cloudwatch-logs",
    description: "CloudTrail trails set cloudWatchLogsGroupArn and cloudWatchLogsRoleArn.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.cloudtrail.Trail, [], (trail, _a, report) => {
        if (!trail.cloudWatchLogsGroupArn || !trail.cloudWatchLogsRoleArn) {
            report("CloudTrail trail must set cloudWatchLogsGroupArn and cloudWatchLogsRoleArn.");
        }
    }),
};

/** Logging switched on. */
export const cloudtrailLoggingEnabled: ResourceValidationPolicy = {
    name: "cloudtrail-logging-enabled",
    description: "CloudTrail trails do not set enableLogging to false.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.cloudtrail.Trail, [], (trail, _a, report) => {
        if (trail.enableLogging === false) {
            report("CloudTrail trail must not set enableLogging to false.");
        }
    }),
};

/** Notifications of log delivery. */
export const cloudtrailSnsTopic: ResourceValidationPolicy = {
    name: "cloudtrail-sns-topic",
    description: "CloudTrail trails set snsTopicName.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.cloudtrail.Trail, [], (trail, _a, report) => {
        if (!trail.snsTopicName) {
            report("CloudTrail trail must set snsTopicName.");
        }
    }),
};

/** The trail's bucket is private, TLS-only and access-logged. */
export const cloudtrailBucketProtected: StackValidationPolicy = {
    name: "cloudtrail-bucket-protected",
    description:
        "The S3 bucket of every CloudTrail trail (s3BucketName) has a full public-access block, a TLS-only bucket policy and server access logging.",
    enforcementLevel: "mandatory",
    validateStack: trackedStack((args, reportViolation) => {
        const buckets = resourcesOf(args, [aws.s3.Bucket, aws.s3.BucketV2]);
        for (const trail of resourcesOf(args, [aws.cloudtrail.Trail])) {
            // A bucket outside this stack cannot be inspected: no finding.
            const bucket = referencedBy(trail, "s3BucketName", buckets);
            if (bucket === undefined || bucket === UNKNOWN || read(() => bucket.urn) === UNKNOWN) {
                continue;
            }
            const checks: [boolean | typeof UNKNOWN, string][] = [
                [
                    publicAccessBlocked(args, bucket),
                    "a BucketPublicAccessBlock with all four flags true",
                ],
                [sslOnly(args, bucket), "a bucket policy denying aws:SecureTransport false"],
                [accessLogged(args, bucket), "a BucketLogging"],
            ];
            for (const [verdict, what] of checks) {
                if (verdict === false) {
                    reportViolation(
                        `CloudTrail trail bucket (s3BucketName) must have ${what}.`,
                        trail.urn,
                    );
                }
            }
        }
    }),
};

/** All CloudTrail policies. */
export const auditPolicies = [
    cloudtrailPresent,
    cloudtrailKmsEncryption,
    cloudtrailLogFileValidation,
    cloudtrailMultiRegion,
    cloudtrailCloudWatchLogs,
    cloudtrailLoggingEnabled,
    cloudtrailSnsTopic,
    cloudtrailBucketProtected,
];
