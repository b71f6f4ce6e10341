/**
 * The app's third-party credentials: which `tng:` keys hold them, the env names the app reads
 * them as, and which integrations a stack has complete. Set with `pulumi config set --secret`;
 * grouped by the integration that needs them: a group is either complete or left out.
 */

export const CREDENTIALS = {
    sender: {
        senderUsername: "TNG_SENDER_USERNAME",
        senderPassword: "TNG_SENDER_PASSWORD",
        senderDomain: "TNG_SENDER_DOMAIN",
    },
    facebook: {
        facebookAppId: "TNG_FACEBOOK_APP_ID",
        facebookAppSecret: "TNG_FACEBOOK_APP_SECRET",
    },
    twitter: {
        twitterConsumerKey: "TNG_TWITTER_CONSUMER_KEY",
        twitterConsumerSecret: "TNG_TWITTER_CONSUMER_SECRET",
    },
} as const;
export type Integration = keyof typeof CREDENTIALS;

/** Every credential config key (without the `tng:` namespace), integration by integration. */
export const CREDENTIAL_KEYS: readonly string[] = Object.values(CREDENTIALS).flatMap((g) =>
    Object.keys(g),
);

/**
 * Rails' SECRET_KEY_BASE as a secret config key. Production's key is carried over: a new one logs
 * everyone out and invalidates every signed or encrypted cookie and message, and anything encrypted
 * with keys derived from it (https://api.rubyonrails.org/classes/Rails/Application.html#method-i-secret_key_base).
 */
export const SECRET_KEY_BASE_KEY = "secretKeyBase";

/** Every secret config key: the credentials and SECRET_KEY_BASE. */
export const SECRET_CONFIG_KEYS: readonly string[] = [...CREDENTIAL_KEYS, SECRET_KEY_BASE_KEY];

/** What the credentials look like in config: which are set, and which of those are secret. */
export interface CredentialPresence {
    readonly set: ReadonlySet<string>;
    readonly secret: ReadonlySet<string>;
}

/** The integrations a stack has complete, and what to report about the others. */
export interface CredentialCheck {
    readonly integrations: Integration[];
    readonly problems: string[];
    readonly warnings: string[];
}

/**
 * Checks the credentials of a stack: each set one must be secret; an incomplete integration is
 * an error when `required` (service.requireCredentials), else left out with a warning.
 */
export function checkCredentials(
    stack: string,
    credentials: CredentialPresence,
    required: boolean,
): CredentialCheck {
    const result: CredentialCheck = { integrations: [], problems: [], warnings: [] };
    for (const [integration, keys] of Object.entries(CREDENTIALS) as [
        Integration,
        Record<string, string>,
    ][]) {
        const names = Object.keys(keys);
        for (const k of names.filter((k) => credentials.set.has(k) && !credentials.secret.has(k))) {
            result.problems.push(
                `${k} must be set as a secret: run pulumi config set --secret ${k} <value> --stack ${stack}`,
            );
        }
        const missing = names.filter((k) => !credentials.set.has(k));
        if (missing.length === 0) {
            result.integrations.push(integration);
        } else if (required) {
            for (const k of missing) {
                result.problems.push(
                    `${k} is required because service.requireCredentials is true: run pulumi config set --secret ${k} <value> --stack ${stack}`,
                );
            }
        } else {
            result.warnings.push(
                `The ${integration} integration is left out: ${missing.join(", ")} not set (pulumi config set --secret <key> <value> --stack ${stack}).`,
            );
        }
    }
    return result;
}

/**
 * The credentials of the complete integrations as the app's env name → value, in settings order
 * (the order of the container's `secrets`). `read` returns a config key's (secret) value.
 */
export function credentialValues<T>(
    integrations: readonly Integration[],
    read: (configKey: string) => T,
): Record<string, T> {
    return Object.fromEntries(
        integrations.flatMap((integration) =>
            Object.entries(CREDENTIALS[integration]).map(([configKey, envName]) => [
                envName,
                read(configKey),
            ]),
        ),
    );
}

/** Where SECRET_KEY_BASE comes from, or the problems that leave it undecided. */
export interface SecretKeyBaseCheck {
    readonly source?: "config" | "generate";
    readonly problems: string[];
}

/**
 * SECRET_KEY_BASE comes from the secret config key, or is generated when the stack opts in
 * (service.generateSecretKeyBase); neither and both are errors, as is a plaintext value.
 */
export function checkSecretKeyBase(
    stack: string,
    presence: CredentialPresence,
    generate: boolean,
): SecretKeyBaseCheck {
    const key = SECRET_KEY_BASE_KEY;
    const set = presence.set.has(key);
    if (set && generate) {
        return {
            problems: [
                `${key} must not be set when service.generateSecretKeyBase is true: keep the carried-over key (set service.generateSecretKeyBase: false) or remove it (pulumi config rm ${key} --stack ${stack})`,
            ],
        };
    }
    if (generate) {
        return { source: "generate", problems: [] };
    }
    if (!set) {
        return {
            problems: [
                `${key} is required: carry the running site's SECRET_KEY_BASE over (a new one logs everyone out and invalidates every signed or encrypted cookie): run pulumi config set --secret ${key} <value> --stack ${stack}, or set service.generateSecretKeyBase: true for a stack with nothing to carry over (dev)`,
            ],
        };
    }
    if (!presence.secret.has(key)) {
        return {
            problems: [
                `${key} must be set as a secret: run pulumi config set --secret ${key} <value> --stack ${stack}`,
            ],
        };
    }
    return { source: "config", problems: [] };
}
