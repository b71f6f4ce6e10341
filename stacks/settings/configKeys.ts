/**
 * The hygiene of the config keys themselves (namespaces, aws: keys, secret keys), before any value
 * is read. No Pulumi SDK here: the pull-request gate's key check (.github/scripts/stackKeys.mjs)
 * loads only this module; the program reaches it through stacks/settings.ts.
 */
import { SECRET_CONFIG_KEYS } from "../credentials";
import { show } from "../schema";

/** The Pulumi project name, which is also the config namespace. */
export const PROJECT = "tng";

/** The config namespaces a stack file may use: this project's, the AWS provider's, Pulumi's. */
export const CONFIG_NAMESPACES: readonly string[] = [PROJECT, "aws", "pulumi"];

/**
 * The `aws:` keys a stack file may set (README, "Stack settings"): the region, the default tags,
 * and the accounts the provider may run in. Every other provider key (insecure, endpoints,
 * skipCredentialsValidation, assumeRoles, profile, accessKey, ...) would change where or how the
 * stack's calls go, so the stack file cannot set it. Provider arguments:
 * https://www.pulumi.com/registry/packages/aws/api-docs/provider/
 */
export const AWS_CONFIG_KEYS: readonly string[] = ["region", "defaultTags", "allowedAccountIds"];

/**
 * Problems with the config keys themselves, before any value is read: a namespace other than
 * {@link CONFIG_NAMESPACES}, an `aws:` key outside {@link AWS_CONFIG_KEYS}, and a `tng:` setting
 * holding a secret although it is not one of the secret keys (`pulumi config set --secret --path
 * tng:database.parameters.x` marks the whole `tng:database` secret; the program would copy the
 * value as plaintext into resource inputs, the state and the preview).
 */
export function configKeyProblems(
    keys: readonly string[],
    isSecret: (key: string) => boolean,
): string[] {
    const problems: string[] = [];
    for (const key of [...keys].sort()) {
        const colon = key.indexOf(":");
        const namespace = colon < 0 ? "" : key.slice(0, colon);
        const name = key.slice(colon + 1);
        if (!CONFIG_NAMESPACES.includes(namespace)) {
            problems.push(
                `${key}: the config namespace ${show(namespace)} is not read by this program; only ${CONFIG_NAMESPACES.map((n) => `${n}:`).join(", ")} keys are allowed (remove it with pulumi config rm ${key})`,
            );
        } else if (namespace === "aws" && !AWS_CONFIG_KEYS.includes(name)) {
            problems.push(
                `${key} is not an allowed provider setting; the stack file may set only ${AWS_CONFIG_KEYS.map((k) => `aws:${k}`).join(", ")} (README, "Stack settings")`,
            );
        } else if (namespace === PROJECT && !SECRET_CONFIG_KEYS.includes(name) && isSecret(key)) {
            problems.push(
                `${key} holds a secret (secure:) value, but it is not a secret setting: the program would copy it as plaintext into resource inputs and the state. Only ${SECRET_CONFIG_KEYS.map((k) => `${PROJECT}:${k}`).join(", ")} may be secret`,
            );
        }
    }
    return problems;
}
