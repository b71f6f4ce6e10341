/**
 * Secrets Manager rules.
 */
import * as aws from "../../sdk/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf, ignoreUnknown, checkNoPublicAllow, validateTyped } from "./helpers";

/** A customer-managed key, not aws/secretsmanager. */
export const secretsManagerSecretCmk: ResourceValidationPolicy = {
    name: "secretsmanager-secret-cmk",
    description: "Secrets Manager secrets set kmsKeyId to a customer-managed KMS key.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.secretsmanager.Secret, [], (secret, _a, report) => {
        if (!secret.kmsKeyId || secret.kmsKeyId.includes("aws/")) {
            report("Secrets Manager secret must set kmsKeyId to a customer-managed KMS key.");
        }
    }),
};

/** Config of {@link secretsManagerRotationInterval}. */
export interface RotationConfig {
    /** Longest acceptable rotation interval in days. */
    maxDays: number;
}

/** Rotation at least every 90 days. */
export const secretsManagerRotationInterval: ResourceValidationPolicy = {
    name: "secretsmanager-rotation-interval",
    description: "Secret rotations run at least every configured number of days.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            maxDays: { type: "integer", minimum: 1, default: 90, description: "Longest interval." },
        },
    },
    validateResource: validateTyped(
        aws.secretsmanager.SecretRotation,
        [],
        (rotation, args, report) => {
            const { maxDays } = configOf<RotationConfig>(args, { maxDays: 90 });
            const rules = rotation.rotationRules;
            if (rules === undefined) {
                return;
            }
            const rate = /^rate\((\d+) days?\)$/.exec(rules.scheduleExpression ?? "");
            const days = rules.automaticallyAfterDays ?? (rate ? Number(rate[1]) : undefined);
            if (days !== undefined && days > maxDays) {
                report(
                    `Secret rotation must set rotationRules to rotate at least every ${maxDays} days.`,
                );
            }
        },
    ),
};

/** Resource policies never open a secret to everyone. */
export const secretsManagerPolicyNotPublic: ResourceValidationPolicy = {
    name: "secretsmanager-policy-not-public",
    description:
        "Secrets Manager resource policies do not Allow Principal * without a Condition and set blockPublicPolicy.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateTyped(aws.secretsmanager.SecretPolicy, [], (p, _a, report) => {
            checkNoPublicAllow("Secrets Manager secret policy", p.policy, report);
            ignoreUnknown(() => {
                if (p.blockPublicPolicy !== true) {
                    report("Secrets Manager secret policy must set blockPublicPolicy to true.");
                }
            });
        }),
        validateTyped(aws.secretsmanager.Secret, [], (secret, _a, report) =>
            checkNoPublicAllow("Secrets Manager secret", secret.policy, report),
        ),
    ],
};

/** All Secrets Manager policies. */
export const secretsPolicies = [
    secretsManagerSecretCmk,
    secretsManagerRotationInterval,
    secretsManagerPolicyNotPublic,
];
