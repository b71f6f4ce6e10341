/**
 * S3 rules. In @pulumi/aws v7 a bucket's settings are separate resources
 * joined on `bucket`, so the "every bucket has X" rules are stack policies. Every rule accepts the
 * deprecated `...V2` classes, and reads the (upstream-deprecated) inline Bucket properties too.
 */
import * as aws from "../../sdk/aws";
import {
    ReportViolation,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    checkPublicPolicy,
    configOf,
    forEachKnown,
    ignoreUnknown,
    isPublicPrincipal,
    parsePolicyDocument,
    read,
    referencedBy,
    referencing,
    runTracked,
    RESTRICTING_CONDITION_KEYS,
    resourcesOf,
    StackResource,
    Statement,
    UNKNOWN,
    validateTyped,
    trackedStack,
} from "./helpers";

const BUCKETS = [aws.s3.Bucket, aws.s3.BucketV2];
const SSE_CONFIGS = [
    aws.s3.BucketServerSideEncryptionConfiguration,
    aws.s3.BucketServerSideEncryptionConfigurationV2,
];
const LOGGINGS = [aws.s3.BucketLogging, aws.s3.BucketLoggingV2];
const VERSIONINGS = [aws.s3.BucketVersioning, aws.s3.BucketVersioningV2];

/** The side resources (of `classes`) attached to `bucket` through their `bucket` property. */
function sideResources(
    args: StackValidationArgs,
    classes: Parameters<typeof resourcesOf>[1],
    bucket: StackResource,
): { matches: StackResource[]; undecided: boolean } {
    return referencing(resourcesOf(args, classes), "bucket", bucket);
}

/** Buckets that receive logs (ALB access logs, S3 server access logs): SSE-S3 only, no self-logging. */
function logTargetBuckets(args: StackValidationArgs, buckets: StackResource[]): Set<string> {
    const targets = new Set<string>();
    const sources: { resource: StackResource; prop: string; value: unknown }[] = [
        ...resourcesOf(args, LOGGINGS).map((r) => ({
            resource: r,
            prop: "targetBucket",
            value: read(() => r.props.targetBucket),
        })),
        ...resourcesOf(args, [aws.lb.LoadBalancer, aws.alb.LoadBalancer]).map((r) => ({
            resource: r,
            prop: "accessLogs",
            value: read(() => r.props.accessLogs?.bucket),
        })),
        ...resourcesOf(args, [aws.cloudfront.Distribution]).map((r) => ({
            resource: r,
            prop: "loggingConfig",
            value: read(() => r.props.loggingConfig?.bucket),
        })),
    ];
    for (const bucket of buckets) {
        const byName = new Set([bucket.id, ...namesOf(bucket)]);
        for (const s of sources) {
            // CloudFront logging names the bucket by domain name (<bucket>.s3.amazonaws.com).
            const v =
                typeof s.value === "string"
                    ? s.value.replace(/\.s3\.amazonaws\.com$/, "")
                    : s.value;
            if (typeof v === "string" && byName.has(v)) {
                targets.add(bucket.urn);
            }
        }
    }
    return targets;
}

function namesOf(bucket: StackResource): string[] {
    const names: string[] = [];
    for (const source of [bucket.outputs, bucket.props]) {
        const v = source === undefined ? undefined : read(() => source["bucket"]);
        if (typeof v === "string") {
            names.push(v);
        }
    }
    return names;
}

const PAB_FLAGS = [
    "blockPublicAcls",
    "blockPublicPolicy",
    "ignorePublicAcls",
    "restrictPublicBuckets",
];

/** Every bucket has a public-access block with all four flags. */
export const s3BucketPublicAccessBlock: StackValidationPolicy = {
    name: "s3-bucket-public-access-block",
    description:
        "Every S3 bucket has an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets true.",
    enforcementLevel: "mandatory",
    validateStack: trackedStack((args, reportViolation) => {
        for (const bucket of resourcesOf(args, BUCKETS)) {
            const { matches, undecided } = sideResources(
                args,
                [aws.s3.BucketPublicAccessBlock],
                bucket,
            );
            if (matches.length === 0 && !undecided) {
                reportViolation("S3 bucket must have a BucketPublicAccessBlock.", bucket.urn);
            }
        }
        for (const block of resourcesOf(args, [aws.s3.BucketPublicAccessBlock])) {
            for (const flag of PAB_FLAGS) {
                const value = read(() => block.props[flag]);
                if (value !== UNKNOWN && value !== true) {
                    reportViolation(`S3 public access block must set ${flag} to true.`, block.urn);
                }
            }
        }
    }),
};

const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GRANTEES = [
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

function checkAcl(
    subject: string,
    acl: unknown,
    grantees: { path: string; uri: unknown }[],
    report: ReportViolation,
): void {
    ignoreUnknown(() => {
        if (typeof acl === "string" && PUBLIC_CANNED_ACLS.includes(acl)) {
            report(`${subject} must not set acl to ${acl}.`);
        }
    });
    for (const g of grantees) {
        if (typeof g.uri === "string" && PUBLIC_GRANTEES.includes(g.uri)) {
            report(`${subject} must not grant access to ${g.uri.split("/").pop()} (${g.path}).`);
        }
    }
}

/** No public ACLs. */
export const s3BucketNoPublicAcl: ResourceValidationPolicy = {
    name: "s3-bucket-no-public-acl",
    description:
        "S3 ACLs are not public-read, public-read-write or authenticated-read and grant nothing to AllUsers or AuthenticatedUsers.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateTyped(aws.s3.BucketAcl, [aws.s3.BucketAclV2], (acl, _a, report) => {
            const grantees: { path: string; uri: unknown }[] = [];
            forEachKnown(acl.accessControlPolicy?.grants, (g, i) =>
                grantees.push({ path: `accessControlPolicy.grants[${i}]`, uri: g.grantee?.uri }),
            );
            checkAcl("S3 bucket ACL", acl.acl, grantees, report);
        }),
        validateTyped(aws.s3.Bucket, [aws.s3.BucketV2], (bucket, _a, report) => {
            const grantees: { path: string; uri: unknown }[] = [];
            forEachKnown(bucket.grants, (g, i) =>
                grantees.push({ path: `grants[${i}]`, uri: g.uri }),
            );
            checkAcl("S3 bucket", bucket.acl, grantees, report);
        }),
    ],
};

/** Config of {@link s3BucketPolicyNoPublicPrincipal}. */
export interface PublicPrincipalConfig {
    /** Condition keys that make an Allow to Principal * acceptable (lower-case). */
    restrictingConditionKeys: string[];
}

/** The shared restricting keys (helpers.ts), as the parameter's default. */
export const DEFAULT_RESTRICTING_CONDITION_KEYS = [...RESTRICTING_CONDITION_KEYS];

/** Bucket policies do not open the bucket to everyone. */
export const s3BucketPolicyNoPublicPrincipal: ResourceValidationPolicy = {
    name: "s3-bucket-policy-no-public-principal",
    description:
        "S3 bucket policies do not Allow Principal * (or NotPrincipal) unless a condition such as aws:SourceArn, aws:SourceVpce or aws:PrincipalOrgID with a concrete value restricts the caller.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            restrictingConditionKeys: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_RESTRICTING_CONDITION_KEYS,
                description:
                    "Condition keys (lower-case) that make an Allow to Principal * acceptable.",
            },
        },
    },
    validateResource: [
        validateTyped(aws.s3.BucketPolicy, [], (p, args, report) =>
            checkBucketPolicy("S3 bucket policy", "policy", p.policy, args, report),
        ),
        validateTyped(aws.s3.Bucket, [aws.s3.BucketV2], (b, args, report) =>
            checkBucketPolicy("S3 bucket", "policy", b.policy, args, report),
        ),
    ],
};

function checkBucketPolicy(
    subject: string,
    path: string,
    policy: unknown,
    args: { getConfig<C extends object>(): C },
    report: ReportViolation,
): void {
    const { restrictingConditionKeys } = configOf<PublicPrincipalConfig>(args, {
        restrictingConditionKeys: DEFAULT_RESTRICTING_CONDITION_KEYS,
    });
    checkPublicPolicy(
        subject,
        path,
        policy,
        (m) => report(m),
        restrictingConditionKeys.map((k) => k.toLowerCase()),
    );
}

/** Whether a statement is the S3.5 TLS-only deny. */
function isSecureTransportDeny(s: Statement): boolean {
    if (s.effect !== "Deny" || !isPublicPrincipal(s)) {
        return false;
    }
    if (!s.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*")) {
        return false;
    }
    return Object.entries(s.condition ?? {}).some(
        ([operator, block]) =>
            operator.toLowerCase() === "bool" &&
            Object.entries(block ?? {}).some(
                ([key, value]) =>
                    key.toLowerCase() === "aws:securetransport" &&
                    (Array.isArray(value) ? value : [value]).map(String).includes("false"),
            ),
    );
}

/** Every bucket's policy denies non-TLS requests. */
export const s3BucketSslOnly: StackValidationPolicy = {
    name: "s3-bucket-ssl-only",
    description:
        "Every S3 bucket has a bucket policy with a Deny for Principal *, Action s3:* when aws:SecureTransport is false; a BucketPolicy on a bucket outside the stack has that Deny itself.",
    enforcementLevel: "mandatory",
    validateStack: trackedStack((args, reportViolation) => {
        const buckets = resourcesOf(args, BUCKETS);
        // A policy on a bucket outside this stack is still checked on its own.
        for (const policy of resourcesOf(args, [aws.s3.BucketPolicy])) {
            const target = referencedBy(policy, "bucket", buckets);
            if (target !== undefined) {
                continue;
            }
            runTracked(
                args,
                () => {
                    const statements = parsePolicyDocument(policy.props.policy);
                    if (
                        statements !== UNKNOWN &&
                        statements !== undefined &&
                        !statements.some(isSecureTransportDeny)
                    ) {
                        reportViolation(
                            "S3 bucket policy must deny requests when aws:SecureTransport is false.",
                            policy.urn,
                        );
                    }
                },
                policy.urn,
            );
        }
        for (const bucket of buckets) {
            const verdict = sslOnly(args, bucket);
            if (verdict === false) {
                reportViolation(
                    "S3 bucket must have a bucket policy that denies requests when aws:SecureTransport is false.",
                    bucket.urn,
                );
            }
        }
    }),
};

/** Whether `bucket` has a TLS-only policy; UNKNOWN when that cannot be decided. */
export function sslOnly(
    args: StackValidationArgs,
    bucket: StackResource,
): boolean | typeof UNKNOWN {
    const { matches, undecided } = sideResources(args, [aws.s3.BucketPolicy], bucket);
    const documents = [
        ...matches.map((p) => read(() => p.props.policy)),
        read(() => bucket.props.policy),
    ];
    let inconclusive = undecided;
    for (const doc of documents) {
        const statements = parsePolicyDocument(doc);
        if (statements === UNKNOWN) {
            inconclusive = true;
        } else if (statements !== undefined && statements.some(isSecureTransportDeny)) {
            return true;
        }
    }
    return inconclusive ? UNKNOWN : false;
}

/** Whether `bucket` has a public-access block with all four flags; UNKNOWN when undecidable. */
export function publicAccessBlocked(
    args: StackValidationArgs,
    bucket: StackResource,
): boolean | typeof UNKNOWN {
    const { matches, undecided } = sideResources(args, [aws.s3.BucketPublicAccessBlock], bucket);
    let inconclusive = undecided;
    for (const block of matches) {
        const flags = PAB_FLAGS.map((f) => read(() => block.props[f]));
        if (flags.every((f) => f === true)) {
            return true;
        }
        inconclusive ||= flags.includes(UNKNOWN);
    }
    return inconclusive ? UNKNOWN : false;
}

/** Whether `bucket` sends server access logs somewhere; UNKNOWN when undecidable. */
export function accessLogged(
    args: StackValidationArgs,
    bucket: StackResource,
): boolean | typeof UNKNOWN {
    const { matches, undecided } = sideResources(args, LOGGINGS, bucket);
    const inline = read(() => bucket.props.logging?.targetBucket);
    if (matches.length > 0 || (typeof inline === "string" && inline !== "")) {
        return true;
    }
    return undecided || inline === UNKNOWN ? UNKNOWN : false;
}

/** Config of the S3 encryption policies. */
export interface SseConfig {
    /** Accepted values of applyServerSideEncryptionByDefault.sseAlgorithm. */
    allowedAlgorithms: string[];
}

export const DEFAULT_SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

/** Every bucket pins default encryption. */
export const s3BucketEncryption: StackValidationPolicy = {
    name: "s3-bucket-encryption",
    description:
        "Every S3 bucket has a BucketServerSideEncryptionConfiguration whose sseAlgorithm is AES256, aws:kms or aws:kms:dsse.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedAlgorithms: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_SSE_ALGORITHMS,
                description: "Accepted sseAlgorithm values.",
            },
        },
    },
    validateStack: trackedStack((args, reportViolation) => {
        const { allowedAlgorithms } = configOf<SseConfig>(args, {
            allowedAlgorithms: DEFAULT_SSE_ALGORITHMS,
        });
        for (const bucket of resourcesOf(args, BUCKETS)) {
            const { matches, undecided } = sideResources(args, SSE_CONFIGS, bucket);
            const inline = read(() => bucket.props.serverSideEncryptionConfiguration);
            if (matches.length === 0 && inline === undefined && !undecided) {
                reportViolation(
                    "S3 bucket must have a BucketServerSideEncryptionConfiguration.",
                    bucket.urn,
                );
            }
        }
        for (const config of resourcesOf(args, SSE_CONFIGS)) {
            forEachKnown(
                config.props.rules as {
                    applyServerSideEncryptionByDefault?: { sseAlgorithm?: string };
                }[],
                (rule, i) => {
                    const algorithm = rule.applyServerSideEncryptionByDefault?.sseAlgorithm;
                    if (algorithm !== undefined && !allowedAlgorithms.includes(algorithm)) {
                        reportViolation(
                            `S3 encryption configuration must set rules[${i}].applyServerSideEncryptionByDefault.sseAlgorithm to one of ${allowedAlgorithms.join(", ")}.`,
                            config.urn,
                        );
                    }
                },
            );
        }
    }),
};

/** SSE-KMS with a CMK and bucket keys, except on log-delivery buckets (SSE-S3 only). */
export const s3BucketKmsEncryption: StackValidationPolicy = {
    name: "s3-bucket-kms-encryption",
    description:
        "S3 encryption configurations use aws:kms with kmsMasterKeyId and bucketKeyEnabled, except on buckets receiving ALB, CloudFront or S3 access logs.",
    enforcementLevel: "advisory",
    validateStack: trackedStack((args, reportViolation) => {
        const buckets = resourcesOf(args, BUCKETS);
        const logTargets = logTargetBuckets(args, buckets);
        for (const bucket of buckets.filter((b) => !logTargets.has(b.urn))) {
            for (const config of sideResources(args, SSE_CONFIGS, bucket).matches) {
                forEachKnown(
                    config.props.rules as {
                        applyServerSideEncryptionByDefault?: {
                            sseAlgorithm?: string;
                            kmsMasterKeyId?: string;
                        };
                        bucketKeyEnabled?: boolean;
                    }[],
                    (rule, i) => {
                        const sse = rule.applyServerSideEncryptionByDefault;
                        if (
                            sse?.sseAlgorithm !== "aws:kms" ||
                            !sse.kmsMasterKeyId ||
                            rule.bucketKeyEnabled !== true
                        ) {
                            reportViolation(
                                `S3 encryption configuration must set rules[${i}] to sseAlgorithm aws:kms with kmsMasterKeyId and bucketKeyEnabled.`,
                                config.urn,
                            );
                        }
                    },
                );
            }
        }
    }),
};

/** Server access logging for every bucket that is not itself a log target. */
export const s3BucketLogging: StackValidationPolicy = {
    name: "s3-bucket-logging",
    description: "Every S3 bucket except log-delivery buckets has an aws.s3.BucketLogging.",
    enforcementLevel: "advisory",
    validateStack: trackedStack((args, reportViolation) => {
        const buckets = resourcesOf(args, BUCKETS);
        const logTargets = logTargetBuckets(args, buckets);
        for (const bucket of buckets.filter((b) => !logTargets.has(b.urn))) {
            if (accessLogged(args, bucket) === false) {
                reportViolation(
                    "S3 bucket must have a BucketLogging with targetBucket set.",
                    bucket.urn,
                );
            }
        }
    }),
};

/** Versioning. */
export const s3BucketVersioning: StackValidationPolicy = {
    name: "s3-bucket-versioning",
    description: "Every S3 bucket has an aws.s3.BucketVersioning with status Enabled.",
    enforcementLevel: "advisory",
    validateStack: trackedStack((args, reportViolation) => {
        for (const bucket of resourcesOf(args, BUCKETS)) {
            const { matches, undecided } = sideResources(args, VERSIONINGS, bucket);
            const statuses = matches.map((v) =>
                read(() => v.props.versioningConfiguration?.status),
            );
            const inline = read(() => bucket.props.versioning?.enabled);
            if (statuses.includes("Enabled") || inline === true) {
                continue;
            }
            if (!undecided && !statuses.includes(UNKNOWN) && inline !== UNKNOWN) {
                reportViolation(
                    "S3 bucket must have a BucketVersioning with status Enabled.",
                    bucket.urn,
                );
            }
        }
    }),
};

/** ACLs disabled. */
export const s3BucketOwnershipEnforced: ResourceValidationPolicy = {
    name: "s3-bucket-ownership-enforced",
    description: "S3 ownership controls set rule.objectOwnership to BucketOwnerEnforced.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.s3.BucketOwnershipControls, [], (controls, _a, report) => {
        if (controls.rule.objectOwnership !== "BucketOwnerEnforced") {
            report("S3 ownership controls must set rule.objectOwnership to BucketOwnerEnforced.");
        }
    }),
};

/** No S3 website hosting; static assets go through CloudFront with OAC. */
export const s3NoWebsiteConfiguration: ResourceValidationPolicy = {
    name: "s3-no-website-configuration",
    description:
        "No S3 website configuration: the website endpoint is HTTP-only and needs public read.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateTyped(
            aws.s3.BucketWebsiteConfiguration,
            [aws.s3.BucketWebsiteConfigurationV2],
            (_w, _a, report) => {
                report(
                    "S3 bucket must not have a website configuration; serve it through CloudFront with OAC.",
                );
            },
        ),
        validateTyped(aws.s3.Bucket, [aws.s3.BucketV2], (bucket, _a, report) => {
            if (bucket.website !== undefined) {
                report("S3 bucket must not set website; serve it through CloudFront with OAC.");
            }
        }),
    ],
};

const WRITE_METHODS = ["PUT", "POST", "DELETE"];

function checkCors(
    subject: string,
    rules: { allowedOrigins?: string[]; allowedMethods?: string[] }[] | undefined,
    report: ReportViolation,
) {
    forEachKnown(rules, (rule, i) => {
        const writes = (rule.allowedMethods ?? []).filter((m) =>
            WRITE_METHODS.includes(m.toUpperCase()),
        );
        if ((rule.allowedOrigins ?? []).includes("*") && writes.length > 0) {
            report(
                `${subject} must not allow ${writes.join(", ")} from origin * (corsRules[${i}]).`,
            );
        }
    });
}

/** Seed finding: no cross-origin writes from anywhere. */
export const s3CorsNoPublicWrite: ResourceValidationPolicy = {
    name: "s3-cors-no-public-write",
    description: "S3 CORS rules do not combine allowedOrigins * with PUT, POST or DELETE.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateTyped(
            aws.s3.BucketCorsConfiguration,
            [aws.s3.BucketCorsConfigurationV2],
            (cors, _a, report) => checkCors("S3 CORS configuration", cors.corsRules, report),
        ),
        validateTyped(aws.s3.Bucket, [aws.s3.BucketV2], (bucket, _a, report) =>
            checkCors("S3 bucket", bucket.corsRules, report),
        ),
    ],
};

/** All S3 policies. */
export const storagePolicies = [
    s3BucketPublicAccessBlock,
    s3BucketNoPublicAcl,
    s3BucketPolicyNoPublicPrincipal,
    s3BucketSslOnly,
    s3BucketEncryption,
    s3BucketKmsEncryption,
    s3BucketLogging,
    s3BucketVersioning,
    s3BucketOwnershipEnforced,
    s3NoWebsiteConfiguration,
    s3CorsNoPublicWrite,
];
