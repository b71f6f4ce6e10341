/**
 * AuditTrail: a multi-region CloudTrail trail with log-file validation, encrypted with the stack
 * key, writing to its own private bucket whose access is itself logged (the audit log).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LOG_PREFIXES } from "../storage/logBucket";
import {
    BUCKET_ARN,
    PolicyStatement,
    PrivateBucket,
    PrivateBucketArgs,
} from "../storage/privateBucket";

export interface AuditTrailArgs {
    /** Stack KMS key: encrypts the trail's log files. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Bucket that receives the trail bucket's S3 server access logs. */
    readonly accessLogBucketName: pulumi.Input<string>;
    /** Days to keep trail log files. */
    readonly retentionDays: number;
    readonly accountId: pulumi.Input<string>;
    /** Pulumi `protect` on the trail bucket (the audit record). Defaults to false. */
    readonly protect?: boolean;
    /** S3 Object Lock default retention of the trail bucket. Defaults to none. */
    readonly objectLock?: PrivateBucketArgs["objectLock"];
}

/** What CloudTrail needs on its bucket: read the ACL, write under AWSLogs/<account>/. */
export function trailBucketStatements(accountId: string): PolicyStatement[] {
    const thisAccount = { "aws:SourceAccount": accountId };
    return [
        {
            Sid: "CloudTrailAclCheck",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:GetBucketAcl",
            Resource: BUCKET_ARN,
            Condition: { StringEquals: thisAccount },
        },
        {
            Sid: "CloudTrailWrite",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${BUCKET_ARN}/AWSLogs/${accountId}/*`,
            Condition: {
                StringEquals: { ...thisAccount, "s3:x-amz-acl": "bucket-owner-full-control" },
            },
        },
    ];
}

export class AuditTrail extends pulumi.ComponentResource {
    public readonly trailArn: pulumi.Output<string>;
    public readonly bucketName: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component.
     * @param args Key, log bucket and retention.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:audit:AuditTrail", name, {}, opts);
        const bucket = new PrivateBucket(
            `${name}-logs`,
            {
                encryption: "kms",
                kmsKeyArn: args.kmsKeyArn,
                versioning: true,
                expireAfterDays: args.retentionDays,
                accessLogs: {
                    bucket: args.accessLogBucketName,
                    prefix: `${LOG_PREFIXES.s3AccessLogs}audit/`,
                },
                statements: pulumi.output(args.accountId).apply(trailBucketStatements),
                protect: args.protect,
                objectLock: args.objectLock,
            },
            { parent: this },
        );
        const trail = new aws.cloudtrail.Trail(
            `${name}-trail`,
            {
                s3BucketName: bucket.bucketName,
                kmsKeyId: args.kmsKeyArn,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
                enableLogging: true,
            },
            // CloudTrail checks the bucket policy when the trail is created.
            { parent: this, dependsOn: [bucket] },
        );
        this.trailArn = trail.arn;
        this.bucketName = bucket.bucketName;
        this.registerOutputs({ trailArn: this.trailArn, bucketName: this.bucketName });
    }
}
