/**
 * KMS rules.
 */
import * as aws from "../../sdk/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { ignoreUnknown, checkNoPublicAllow, validateTyped } from "./helpers";

/** Yearly rotation of symmetric keys (asymmetric and HMAC keys cannot rotate). */
export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description: "Symmetric KMS keys set enableKeyRotation to true.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.kms.Key, [], (key, _a, report) => {
        const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec === "SYMMETRIC_DEFAULT" && key.enableKeyRotation !== true) {
            report("KMS key must set enableKeyRotation to true.");
        }
    }),
};

/** No unconditional grant to everyone. */
export const kmsKeyPolicyNoPublicPrincipal: ResourceValidationPolicy = {
    name: "kms-key-policy-no-public-principal",
    description: "KMS key policies do not Allow Principal * without a Condition.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateTyped(aws.kms.Key, [], (key, _a, report) =>
            checkNoPublicAllow("KMS key", key.policy, report),
        ),
        validateTyped(aws.kms.KeyPolicy, [], (p, _a, report) =>
            checkNoPublicAllow("KMS key policy", p.policy, report),
        ),
    ],
};

/** Enabled, with the longest deletion window. */
export const kmsKeyDeletionSafety: ResourceValidationPolicy = {
    name: "kms-key-deletion-window",
    description: "KMS keys stay enabled and use a 30-day deletionWindowInDays.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.kms.Key, [], (key, _a, report) => {
        ignoreUnknown(() => {
            if (key.isEnabled === false) {
                report("KMS key must not set isEnabled to false.");
            }
        });
        ignoreUnknown(() => {
            if (key.deletionWindowInDays !== undefined && key.deletionWindowInDays < 30) {
                report("KMS key must set deletionWindowInDays to 30.");
            }
        });
    }),
};

/** All KMS policies. */
export const kmsPolicies = [kmsKeyRotation, kmsKeyPolicyNoPublicPrincipal, kmsKeyDeletionSafety];
