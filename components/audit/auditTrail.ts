/**
 * AuditTrail: a multi-region CloudTrail trail with log-file validation, encrypted with the stack
 * key, writing to its own private bucket whose access is itself logged (the audit log).
 *
 * Optional, all off by default: delivery to a CloudWatch Logs group (TrailAlarms creates the
 * group, role and CIS alarms), and S3 data events for object writes and deletes on named buckets
 * and on the trail's own bucket.
 */
import * as aws from "../../sdk/aws";
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
    /**
     * Also deliver the trail to CloudWatch Logs: the group's ARN (without `:*`) and the role
     * CloudTrail assumes, from TrailAlarms. Defaults to none.
     */
    readonly cloudWatchLogs?: {
        readonly logGroupArn: pulumi.Input<string>;
        readonly roleArn: pulumi.Input<string>;
    };
    /**
     * Buckets (ARNs) whose object writes and deletes are logged as S3 data events (billed per
     * event, separately from management events). Defaults to none: management events only.
     */
    readonly dataEventBucketArns?: pulumi.Input<string>[];
    /**
     * Also log object writes and deletes on the trail's own bucket, except CloudTrail's own
     * deliveries (see {@link dataEventSelectors}). Defaults to false.
     */
    readonly trailBucketDataEvents?: boolean;
    /** S3 Object Lock default retention of the trail bucket. Defaults to none. */
    readonly objectLock?: PrivateBucketArgs["objectLock"];
}

/**
 * The trail's advanced event selectors when data events are on: all management events (advanced
 * selectors replace the basic ones, so management events must be selected explicitly), and S3
 * object-level write events (readOnly false: PutObject, CopyObject, DeleteObject(s), multipart
 * uploads, ACL, retention and tagging writes) under each bucket's ARN prefix. Field rules:
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 *
 * `trailBucketArn`, the trail's own bucket, gets its own selector without PutObject: CloudTrail
 * delivers every log file with a PutObject, which would be logged and delivered again, forever
 * ("recursive events",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-recursive-logging.html ;
 * the provider has no RecursiveLogging input). A forged file fails log-file validation and
 * versioning keeps the original, so what matters there is every delete and retention change.
 */
export function dataEventSelectors(bucketArns: readonly string[], trailBucketArn?: string) {
    const s3Writes = [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "readOnly", equals: ["false"] },
    ];
    return [
        {
            name: "Management events",
            fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
        },
        ...(bucketArns.length > 0
            ? [
                  {
                      name: "S3 object writes and deletes on the stack's buckets",
                      fieldSelectors: [
                          ...s3Writes,
                          // The trailing slash keeps `bucket-a` from matching `bucket-a-other`.
                          {
                              field: "resources.ARN",
                              startsWiths: bucketArns.map((arn) => `${arn}/`),
                          },
                      ],
                  },
              ]
            : []),
        ...(trailBucketArn !== undefined
            ? [
                  {
                      name: "S3 object writes and deletes on the trail's bucket, except CloudTrail's deliveries (PutObject)",
                      fieldSelectors: [
                          ...s3Writes,
                          { field: "eventName", notEquals: ["PutObject"] },
                          { field: "resources.ARN", startsWiths: [`${trailBucketArn}/`] },
                      ],
                  },
              ]
            : []),
    ];
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
                // CloudTrail requires the log-stream wildcard on the group ARN (provider docs).
                ...(args.cloudWatchLogs
                    ? {
                          cloudWatchLogsGroupArn: pulumi.interpolate`${args.cloudWatchLogs.logGroupArn}:*`,
                          cloudWatchLogsRoleArn: args.cloudWatchLogs.roleArn,
                      }
                    : {}),
                ...((args.dataEventBucketArns ?? []).length > 0 || args.trailBucketDataEvents
                    ? {
                          advancedEventSelectors: pulumi
                              .all([pulumi.all(args.dataEventBucketArns ?? []), bucket.arn])
                              .apply(([arns, own]) =>
                                  dataEventSelectors(
                                      arns,
                                      args.trailBucketDataEvents ? own : undefined,
                                  ),
                              ),
                      }
                    : {}),
            },
            // CloudTrail checks the bucket policy when the trail is created.
            { parent: this, dependsOn: [bucket] },
        );
        this.trailArn = trail.arn;
        this.bucketName = bucket.bucketName;
        this.registerOutputs({ trailArn: this.trailArn, bucketName: this.bucketName });
    }
}
