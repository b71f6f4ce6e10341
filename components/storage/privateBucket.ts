/**
 * PrivateBucket: an S3 bucket that cannot be made public and refuses plain HTTP.
 *
 * All four public-access blocks, bucket-owner-enforced ownership (no ACLs), default encryption,
 * versioning, lifecycle expiry, optional access logging and CORS, and one bucket policy that
 * always denies non-TLS requests plus whatever access the caller grants. Every bucket of the
 * stack is one of these, so the S3 rules of the policy pack hold by construction.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsError } from "../errors";

/** Stands for the bucket's ARN in caller-supplied policy statements. */
export const BUCKET_ARN = "{{bucketArn}}";

/** An IAM policy statement (JSON shape). */
export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal: unknown;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}

export interface PrivateBucketArgs {
    /**
     * "kms": SSE-KMS with `kmsKeyArn` and an S3 bucket key; "s3": SSE-S3, for writers that cannot
     * use KMS (ELB access logs, S3 server access logs).
     */
    readonly encryption: "kms" | "s3";
    /** Required when encryption is "kms". */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Keep object versions (recover from overwrite or delete). Defaults to true. */
    readonly versioning?: boolean;
    /** Expire current objects after this many days; noncurrent versions after 30. Defaults to never. */
    readonly expireAfterDays?: number;
    /** Server access logs of this bucket go to this bucket under this prefix. Defaults to none. */
    readonly accessLogs?: { readonly bucket: pulumi.Input<string>; readonly prefix: string };
    /** Extra policy statements; `{{bucketArn}}` in a string stands for the bucket's ARN. */
    readonly statements?: pulumi.Input<PolicyStatement[]>;
    /** CORS rules. Defaults to none (no cross-origin access). */
    readonly corsRules?: pulumi.Input<
        pulumi.Input<aws.types.input.s3.BucketCorsConfigurationCorsRule>[]
    >;
    /** Pulumi `protect` on the bucket. Defaults to false. */
    readonly protect?: boolean;
    /**
     * S3 Object Lock with this default retention (needs versioning). Added through
     * BucketObjectLockConfiguration, which enables it on new and existing buckets; the bucket's own
     * `objectLockEnabled` is ForceNew and would replace the bucket
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html). It cannot be
     * turned off again, and such a bucket cannot receive S3 server access logs. Defaults to none.
     */
    readonly objectLock?: { readonly mode: "GOVERNANCE" | "COMPLIANCE"; readonly days: number };
}

/** The TLS-only statement every bucket carries. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** Replaces the {@link BUCKET_ARN} token in every string of a statement. */
function substitute<T>(value: T, bucketArn: string): T {
    return JSON.parse(JSON.stringify(value).split(BUCKET_ARN).join(bucketArn)) as T;
}

export class PrivateBucket extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    public readonly regionalDomainName: pulumi.Output<string>;
    /** Resolves once the policy (and so the TLS-only rule) is in place. */
    public readonly policyId: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component.
     * @param args Encryption, retention and access.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: PrivateBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:storage:PrivateBucket", name, {}, opts);
        if (args.encryption === "kms" && args.kmsKeyArn === undefined) {
            throw new ArgsError(
                `PrivateBucket ${name}: \`kmsKeyArn\` is required when \`encryption\` is "kms".`,
            );
        }
        if (
            args.expireAfterDays !== undefined &&
            !(Number.isInteger(args.expireAfterDays) && args.expireAfterDays >= 1)
        ) {
            throw new ArgsError(
                `PrivateBucket ${name}: \`expireAfterDays\` must be a whole number of days, at least 1.`,
            );
        }
        const versioned = args.versioning ?? true;
        if (args.objectLock && !versioned) {
            throw new ArgsError(`PrivateBucket ${name}: \`objectLock\` needs \`versioning\`.`);
        }
        if (
            args.objectLock &&
            !(Number.isInteger(args.objectLock.days) && args.objectLock.days >= 1)
        ) {
            throw new ArgsError(
                `PrivateBucket ${name}: \`objectLock.days\` must be a whole number of days, at least 1.`,
            );
        }
        const parent = { parent: this };
        const bucket = new aws.s3.Bucket(
            name,
            { forceDestroy: false },
            { parent: this, protect: args.protect ?? false },
        );
        const bucketRef = { bucket: bucket.id };

        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            {
                ...bucketRef,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            parent,
        );
        new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            { ...bucketRef, rule: { objectOwnership: "BucketOwnerEnforced" } },
            parent,
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                ...bucketRef,
                rules: [
                    args.encryption === "kms"
                        ? {
                              applyServerSideEncryptionByDefault: {
                                  sseAlgorithm: "aws:kms",
                                  kmsMasterKeyId: args.kmsKeyArn,
                              },
                              bucketKeyEnabled: true,
                          }
                        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                ],
            },
            parent,
        );
        if (versioned) {
            const versioning = new aws.s3.BucketVersioning(
                `${name}-versioning`,
                { ...bucketRef, versioningConfiguration: { status: "Enabled" } },
                parent,
            );
            if (args.objectLock) {
                // S3 refuses Object Lock on a bucket whose versioning is not yet enabled.
                new aws.s3.BucketObjectLockConfiguration(
                    `${name}-object-lock`,
                    {
                        ...bucketRef,
                        objectLockEnabled: "Enabled",
                        rule: {
                            defaultRetention: {
                                mode: args.objectLock.mode,
                                days: args.objectLock.days,
                            },
                        },
                    },
                    { parent: this, dependsOn: [versioning] },
                );
            }
        }
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                ...bucketRef,
                rules: [
                    {
                        id: "expire",
                        status: "Enabled",
                        filter: {},
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                        noncurrentVersionExpiration: { noncurrentDays: 30 },
                        ...(args.expireAfterDays !== undefined
                            ? { expiration: { days: args.expireAfterDays } }
                            : {}),
                    },
                ],
            },
            parent,
        );
        if (args.accessLogs) {
            new aws.s3.BucketLogging(
                `${name}-logging`,
                {
                    ...bucketRef,
                    targetBucket: args.accessLogs.bucket,
                    targetPrefix: args.accessLogs.prefix,
                },
                parent,
            );
        }
        if (args.corsRules) {
            new aws.s3.BucketCorsConfiguration(
                `${name}-cors`,
                { ...bucketRef, corsRules: args.corsRules },
                parent,
            );
        }
        const policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                ...bucketRef,
                policy: pulumi.all([bucket.arn, args.statements ?? []]).apply(([arn, statements]) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [denyInsecureTransport(arn), ...substitute(statements, arn)],
                    }),
                ),
            },
            // S3 rejects a policy that the public-access block would forbid while the block is pending.
            { parent: this, dependsOn: [publicAccess] },
        );

        this.bucketName = bucket.bucket;
        this.arn = bucket.arn;
        this.regionalDomainName = bucket.bucketRegionalDomainName;
        this.policyId = policy.id;
        this.registerOutputs({
            bucketName: this.bucketName,
            arn: this.arn,
            regionalDomainName: this.regionalDomainName,
            policyId: this.policyId,
        });
    }
}
