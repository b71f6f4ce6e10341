/**
 * LogBucket: a PrivateBucket that AWS services write logs into, with exactly the write grants
 * of the services named in `writers`, each confined to its own prefix and to this account.
 */
import * as pulumi from "@pulumi/pulumi";
import { BUCKET_ARN, PolicyStatement, PrivateBucket } from "./privateBucket";
import { ArgsError } from "../errors";

/** Services that can deliver logs here. */
export type LogWriter = "alb" | "s3AccessLogs" | "cloudfront" | "config";

/** Where each writer puts its logs (configure the writer with the same prefix). */
export const LOG_PREFIXES: Readonly<Record<LogWriter, string>> = {
    alb: "alb",
    s3AccessLogs: "s3-access/",
    cloudfront: "cloudfront/",
    config: "config",
};

/**
 * Elastic Load Balancing's log-delivery account per region (regions older than August 2022 use
 * an account principal; newer regions use the logdelivery service principal).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
const ELB_ACCOUNTS: Readonly<Record<string, string>> = {
    "ap-northeast-1": "582318560864",
    "us-east-1": "127311923021",
};

/** The write grants of one writer. */
export function writerStatements(
    writer: LogWriter,
    accountId: string,
    region: string,
): PolicyStatement[] {
    const thisAccount = { StringEquals: { "aws:SourceAccount": accountId } };
    switch (writer) {
        case "alb": {
            const elbAccount = ELB_ACCOUNTS[region];
            return [
                {
                    Sid: "ElbAccessLogs",
                    Effect: "Allow",
                    Principal: elbAccount
                        ? { AWS: `arn:aws:iam::${elbAccount}:root` }
                        : { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${BUCKET_ARN}/${LOG_PREFIXES.alb}/AWSLogs/${accountId}/*`,
                },
            ];
        }
        case "s3AccessLogs":
            return [
                {
                    Sid: "S3ServerAccessLogs",
                    Effect: "Allow",
                    Principal: { Service: "logging.s3.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${BUCKET_ARN}/${LOG_PREFIXES.s3AccessLogs}*`,
                    Condition: thisAccount,
                },
            ];
        case "cloudfront":
            // CloudFront standard logging (v2) delivers through CloudWatch Logs' delivery service.
            return [
                {
                    Sid: "LogDeliveryWrite",
                    Effect: "Allow",
                    Principal: { Service: "delivery.logs.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${BUCKET_ARN}/${LOG_PREFIXES.cloudfront}*`,
                    Condition: {
                        StringEquals: {
                            "aws:SourceAccount": accountId,
                            "s3:x-amz-acl": "bucket-owner-full-control",
                        },
                    },
                },
                {
                    Sid: "LogDeliveryAclCheck",
                    Effect: "Allow",
                    Principal: { Service: "delivery.logs.amazonaws.com" },
                    Action: "s3:GetBucketAcl",
                    Resource: BUCKET_ARN,
                    Condition: thisAccount,
                },
            ];
        case "config":
            // AWS Config's delivery channel with the service-linked role writes as the service
            // principal: the bucket policy of
            // https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
            return [
                {
                    Sid: "AWSConfigBucketPermissionsCheck",
                    Effect: "Allow",
                    Principal: { Service: "config.amazonaws.com" },
                    Action: "s3:GetBucketAcl",
                    Resource: BUCKET_ARN,
                    Condition: thisAccount,
                },
                {
                    Sid: "AWSConfigBucketExistenceCheck",
                    Effect: "Allow",
                    Principal: { Service: "config.amazonaws.com" },
                    Action: "s3:ListBucket",
                    Resource: BUCKET_ARN,
                    Condition: thisAccount,
                },
                {
                    Sid: "AWSConfigBucketDelivery",
                    Effect: "Allow",
                    Principal: { Service: "config.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${BUCKET_ARN}/${LOG_PREFIXES.config}/AWSLogs/${accountId}/Config/*`,
                    Condition: {
                        StringEquals: {
                            "aws:SourceAccount": accountId,
                            "s3:x-amz-acl": "bucket-owner-full-control",
                        },
                    },
                },
            ];
    }
}

export interface LogBucketArgs {
    /** Services that write here; each gets a grant on its prefix only. */
    readonly writers: readonly LogWriter[];
    /** Days to keep logs. */
    readonly retentionDays: number;
    readonly accountId: pulumi.Input<string>;
    readonly region: string;
    /** Pulumi `protect` on the bucket. Defaults to false. */
    readonly protect?: boolean;
}

export class LogBucket extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component.
     * @param args Writers and retention.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: LogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:storage:LogBucket", name, {}, opts);
        if (args.writers.length === 0) {
            throw new ArgsError(`LogBucket ${name}: \`writers\` must name at least one service.`);
        }
        const bucket = new PrivateBucket(
            name,
            {
                // ELB and S3 server access logging deliver only to SSE-S3 buckets.
                encryption: "s3",
                versioning: false, // logs are written once; versions would only double storage
                expireAfterDays: args.retentionDays,
                statements: pulumi
                    .output(args.accountId)
                    .apply((accountId) =>
                        args.writers.flatMap((w) => writerStatements(w, accountId, args.region)),
                    ),
                protect: args.protect,
            },
            { parent: this },
        );
        // Name and ARN resolve only once the bucket policy exists, so every writer configured with
        // them (ALB access logs, S3 server access logging, CloudFront log delivery) depends on the
        // policy: enabling logging makes AWS write a test object at once, and before the policy
        // the first `up` fails with "Access Denied for bucket".
        const afterPolicy = (value: pulumi.Output<string>) =>
            pulumi.all([value, bucket.policyId]).apply(([v]) => v);
        this.bucketName = afterPolicy(bucket.bucketName);
        this.arn = afterPolicy(bucket.arn);
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }
}
