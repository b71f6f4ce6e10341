/**
 * The trust policy of a role that one AWS service assumes on this account's behalf: the one home
 * of that JSON (every component's service role uses it).
 *
 * The `aws:SourceAccount` condition is the confused-deputy guard AWS recommends for service
 * principals: only this account's use of the service may assume the role
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html). `sourceArn` narrows it
 * further to the resources of the service that may (`ArnLike`, wildcards allowed), where the
 * service documents that it sends `aws:SourceArn` for this role.
 */

export interface ServiceTrustOptions {
    /** A statement id. Defaults to none. */
    readonly sid?: string;
    /** `aws:SourceArn` pattern (ArnLike). Defaults to none. */
    readonly sourceArn?: string;
}

/** Trust policy JSON: `service` (e.g. "states.amazonaws.com") may assume the role for `accountId`. */
export function serviceTrustPolicy(
    service: string,
    accountId: string,
    options: ServiceTrustOptions = {},
): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                ...(options.sid === undefined ? {} : { Sid: options.sid }),
                Effect: "Allow",
                Principal: { Service: service },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ...(options.sourceArn === undefined
                        ? {}
                        : { ArnLike: { "aws:SourceArn": options.sourceArn } }),
                },
            },
        ],
    });
}
