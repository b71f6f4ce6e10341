/**
 * CloudWatch Logs rules.
 */
import * as aws from "../../sdk/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf, validateTyped } from "./helpers";

/** A customer-managed key (log groups are always encrypted; this upgrades to a CMK). */
export const logGroupCmk: ResourceValidationPolicy = {
    name: "cloudwatch-log-group-cmk",
    description: "CloudWatch log groups set kmsKeyId.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.cloudwatch.LogGroup, [], (group, _a, report) => {
        if (!group.kmsKeyId) {
            report("CloudWatch log group must set kmsKeyId.");
        }
    }),
};

/** Config of {@link logGroupRetention}. */
export interface RetentionConfig {
    /** Minimum retentionInDays; 0 (never expire) always passes. */
    minDays: number;
}

/** An explicit retention of at least the configured days. */
export const logGroupRetention: ResourceValidationPolicy = {
    name: "cloudwatch-log-group-retention",
    description:
        "CloudWatch log groups set retentionInDays to 0 (never expire) or at least the configured days.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minDays: {
                type: "integer",
                minimum: 1,
                default: 365,
                description: "Minimum retention.",
            },
        },
    },
    validateResource: validateTyped(aws.cloudwatch.LogGroup, [], (group, args, report) => {
        const { minDays } = configOf<RetentionConfig>(args, { minDays: 365 });
        const days = group.retentionInDays;
        if (days === undefined || (days !== 0 && days < minDays)) {
            report(`CloudWatch log group must set retentionInDays to at least ${minDays}.`);
        }
    }),
};

/** All CloudWatch Logs policies. */
export const loggingPolicies = [logGroupCmk, logGroupRetention];
