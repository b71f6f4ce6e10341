/**
 * The alarm topic's wiring, written once for the stack's topic (Alarms) and its us-east-1 twin
 * (EdgeMonitoring): a KMS-encrypted SNS topic, its policy (alarmTopicPolicy: this account's alarms
 * of that region publish, EventBridge optionally, TLS only) and one e-mail subscription per
 * address, named by a hash of the address. The children belong to the calling component and keep
 * the names they always had (`<name>-topic`, `<name>-topic-policy`, `<name>-email-<hash>`).
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

/**
 * The topic policy: CloudWatch alarms of this account and region may publish; with `eventBridge`,
 * EventBridge rules may too; nobody may publish without TLS. Same-account IAM principals keep
 * what their own IAM policies grant.
 */
export function alarmTopicPolicy(
    topicArn: string,
    accountId: string,
    region: string,
    options: { readonly eventBridge?: boolean } = {},
): string {
    const eventBridge = options.eventBridge
        ? [
              {
                  // Unconditioned, as the EventBridge guide gives it: its SNS section states that
                  // Condition blocks are not supported in SNS topic policies for EventBridge.
                  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
                  Sid: "EventBridgeRulesPublish",
                  Effect: "Allow",
                  Principal: { Service: "events.amazonaws.com" },
                  Action: "sns:Publish",
                  Resource: topicArn,
              },
          ]
        : [];
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudWatchAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                // Confused-deputy guard: only alarms of this account (and region) may publish.
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: {
                        "aws:SourceArn": `arn:aws:cloudwatch:${region}:${accountId}:alarm:*`,
                    },
                },
            },
            ...eventBridge,
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

/** A short stable hash of an e-mail address, for the subscription's logical name. */
export function emailKey(email: string): string {
    return createHash("sha256").update(email).digest("hex").slice(0, 8);
}

export interface AlarmTopicArgs {
    /** KMS key (ARN) that encrypts the topic. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** This account: the policy's confused-deputy condition. */
    readonly accountId: pulumi.Input<string>;
    /** The topic's region: its alarms' ARNs in the policy. */
    readonly region: pulumi.Input<string>;
    /** Set `region` on the children too (a twin outside the provider's region). Defaults to false. */
    readonly explicitRegion?: boolean;
    /** EventBridge rules may publish (GuardDuty findings). Defaults to false. */
    readonly eventBridge?: boolean;
    /** Subscribers. Defaults to none. */
    readonly emails?: readonly string[];
}

/** Creates the topic, its policy and subscriptions under `parent`; returns the topic. */
export function alarmTopic(
    parent: pulumi.ComponentResource,
    name: string,
    args: AlarmTopicArgs,
): aws.sns.Topic {
    const opts = { parent };
    const region = args.explicitRegion ? { region: args.region } : {};
    const topic = new aws.sns.Topic(
        `${name}-topic`,
        { ...region, kmsMasterKeyId: args.kmsKeyArn },
        opts,
    );
    new aws.sns.TopicPolicy(
        `${name}-topic-policy`,
        {
            ...region,
            arn: topic.arn,
            policy: pulumi
                .all([topic.arn, args.accountId, args.region])
                .apply(([arn, accountId, r]) =>
                    alarmTopicPolicy(
                        arn,
                        accountId,
                        r,
                        args.eventBridge ? { eventBridge: true } : {},
                    ),
                ),
        },
        opts,
    );
    for (const email of args.emails ?? []) {
        // Named by a hash of the address, so removing one address leaves the others untouched.
        new aws.sns.TopicSubscription(
            `${name}-email-${emailKey(email)}`,
            { ...region, topic: topic.arn, protocol: "email", endpoint: email },
            opts,
        );
    }
    return topic;
}
