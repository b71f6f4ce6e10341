/**
 * StackKey: the stack's customer-managed KMS key, rotated yearly, used by every component that
 * encrypts (RDS, Secrets Manager, logs, ECR, SNS, S3, CloudTrail, ElastiCache Serverless).
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";

export interface StackKeyArgs {
    /** Account that owns the key; its IAM policies decide who may use it. */
    readonly accountId: pulumi.Input<string>;
    /** Region of the key (and of the log groups it encrypts). */
    readonly region: pulumi.Input<string>;
    /** Days before a deleted key is destroyed. Defaults to 30. */
    readonly deletionWindowInDays?: number;
    /**
     * Lets EventBridge use the key to publish to SNS topics it encrypts (the alarm topic, target
     * of the GuardDuty findings rule). Defaults to false: the policy is unchanged.
     */
    readonly eventBridgeTopics?: boolean;
    /**
     * Lets AWS Config use the key to encrypt what its delivery channel writes (`s3KmsKeyArn`).
     * With the service-linked role Config delivers as its service principal, so the key policy
     * must admit config.amazonaws.com for this account:
     * https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html
     * Defaults to false: the policy is unchanged.
     */
    readonly configDelivery?: boolean;
    /**
     * Pulumi `protect` and `retainOnDelete` on the key: everything encrypted under it is lost with
     * it. Defaults to false.
     */
    readonly protect?: boolean;
}

/** Services that encrypt with the key on their own behalf, not through a caller's IAM role. */
export const KEY_SERVICE_PRINCIPALS = {
    logs: "logs", // CloudWatch Logs log groups (condition: this account's log groups)
    cloudwatch: "cloudwatch.amazonaws.com", // alarms publishing to the encrypted SNS topic
    cloudtrail: "cloudtrail.amazonaws.com", // the audit trail
    cloudfront: "cloudfront.amazonaws.com", // reading SSE-KMS assets through OAC
    delivery: "delivery.logs.amazonaws.com", // log deliveries (flow logs, CloudFront logs)
    events: "events.amazonaws.com", // EventBridge rules publishing to the encrypted SNS topic (opt-in)
    config: "config.amazonaws.com", // AWS Config's delivery channel (opt-in)
} as const;

/**
 * The key policy: the account administers it; named services may use it only for this account.
 * With `eventBridgeTopics`, EventBridge may also generate and decrypt data keys, which it needs
 * to publish to a topic encrypted with this key. The SNS guide gives that statement without a
 * condition and says a customer managed key is required (the AWS managed SNS key's policy cannot
 * admit EventBridge): https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
/**
 * The first statement of every key policy here: the account administers the key. Without it IAM
 * policies cannot grant use of the key at all
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
 */
export function accountAdministers(accountId: string) {
    return {
        Sid: "AccountAdministers",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    };
}

export function stackKeyPolicy(
    accountId: string,
    region: string,
    options: { readonly eventBridgeTopics?: boolean; readonly configDelivery?: boolean } = {},
): string {
    const crypto = [
        "kms:Encrypt*",
        "kms:Decrypt*",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:DescribeKey",
    ];
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            accountAdministers(accountId),
            {
                Sid: "CloudWatchLogsEncrypt",
                Effect: "Allow",
                Principal: { Service: `logs.${region}.amazonaws.com` },
                Action: crypto,
                Resource: "*",
                Condition: {
                    ArnLike: {
                        "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:log-group:*`,
                    },
                },
            },
            {
                Sid: "ServicesOfThisAccount",
                Effect: "Allow",
                Principal: {
                    Service: [
                        KEY_SERVICE_PRINCIPALS.cloudwatch,
                        KEY_SERVICE_PRINCIPALS.cloudtrail,
                        KEY_SERVICE_PRINCIPALS.cloudfront,
                        KEY_SERVICE_PRINCIPALS.delivery,
                        ...(options.configDelivery ? [KEY_SERVICE_PRINCIPALS.config] : []),
                    ],
                },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
            ...(options.eventBridgeTopics
                ? [
                      {
                          Sid: "EventBridgePublishToEncryptedTopics",
                          Effect: "Allow",
                          Principal: { Service: KEY_SERVICE_PRINCIPALS.events },
                          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                          Resource: "*",
                      },
                  ]
                : []),
        ],
    });
}

/** A customer-managed symmetric KMS key with rotation and an alias `alias/<name>`. */
export class StackKey extends pulumi.ComponentResource {
    /** Key ARN, for `kmsKeyId`/`kmsKeyArn` inputs. */
    public readonly arn: pulumi.Output<string>;
    /** Key id. */
    public readonly keyId: pulumi.Output<string>;
    /** Alias name. */
    public readonly aliasName: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component; also the alias.
     * @param args The account and region.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: StackKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:security:StackKey", name, {}, opts);
        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `TNG ${name}: encryption of data, secrets and logs`,
                enableKeyRotation: true,
                deletionWindowInDays: args.deletionWindowInDays ?? 30,
                policy: pulumi.all([args.accountId, args.region]).apply(([a, r]) =>
                    stackKeyPolicy(a, r, {
                        eventBridgeTopics: args.eventBridgeTopics,
                        configDelivery: args.configDelivery,
                    }),
                ),
            },
            { parent: this, protect: args.protect ?? false, retainOnDelete: args.protect ?? false },
        );
        const alias = new aws.kms.Alias(
            `${name}-alias`,
            { name: `alias/${name}`, targetKeyId: key.keyId },
            { parent: this },
        );
        this.arn = key.arn;
        this.keyId = key.keyId;
        this.aliasName = alias.name;
        this.registerOutputs({ arn: this.arn, keyId: this.keyId, aliasName: this.aliasName });
    }
}
