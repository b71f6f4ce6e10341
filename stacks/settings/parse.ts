/**
 * Parsing raw `tng:` config: decoding, the placeholder check, parseSettings (field rules, the rules
 * across keys, credentials); the hygiene of the config keys themselves (namespaces, aws: keys,
 * secret keys) is in configKeys.ts, re-exported here.
 */
import * as pulumi from "@pulumi/pulumi";
import { REGION_PATTERN } from "../../components/patterns";
import {
    checkCredentials,
    checkSecretKeyBase,
    CREDENTIAL_KEYS,
    CredentialPresence,
    SECRET_CONFIG_KEYS,
    SECRET_KEY_BASE_KEY,
} from "../credentials";
import { crossChecks } from "../crossChecks";
import { show } from "../schema";
import { cacheModeWarnings } from "./areas/cache";
import { PROJECT } from "./configKeys";
import { ParsedSettings, settingsSchema, StackSettings } from "./schema";

// Its own module, free of the SDK: the pull-request gate's key check loads only it.
export { AWS_CONFIG_KEYS, CONFIG_NAMESPACES, configKeyProblems, PROJECT } from "./configKeys";

/** Thrown on bad config; a RunError, so Pulumi prints the message without a stack trace. */
export class SettingsError extends pulumi.RunError {
    constructor(
        readonly stack: string,
        readonly problems: readonly string[],
    ) {
        super(
            `Stack "${stack}" has ${problems.length} invalid setting${problems.length === 1 ? "" : "s"}:\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "SettingsError";
    }
}

/** Raw config as Pulumi hands it over: key without namespace → string (JSON for objects). */
export type RawConfig = Readonly<Record<string, string>>;

function decode(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value; // plain strings such as domainName
    }
}

/**
 * Values that stand in for a real one in a committed stack file: names under the reserved example
 * domains (RFC 2606 example.com/.net/.org; JPRS reserves example.jp), e-mail addresses at them,
 * and REPLACE markers such as the hosted zone id Z0REPLACEWITHZONEID. A real preview refuses them;
 * the offline synth renders them with a warning.
 */
export const PLACEHOLDER_MARKERS: readonly RegExp[] = [
    /(^|[.@])example\.(com|net|org|jp)$/,
    /REPLACE/,
];

/** A config value that is a placeholder: its dotted key (as `--path` takes it) and value. */
export interface Placeholder {
    readonly key: string;
    readonly value: string;
}

/** Every placeholder value in raw `tng:` config (secrets excluded), in key order. */
export function placeholderValues(raw: RawConfig): Placeholder[] {
    const found: Placeholder[] = [];
    const walk = (value: unknown, key: string) => {
        if (typeof value === "string") {
            if (PLACEHOLDER_MARKERS.some((m) => m.test(value))) {
                found.push({ key, value });
            }
        } else if (Array.isArray(value)) {
            value.forEach((v, i) => walk(v, `${key}[${i}]`));
        } else if (value !== null && typeof value === "object") {
            Object.entries(value).forEach(([k, v]) => walk(v, `${key}.${k}`));
        }
    };
    for (const [key, value] of Object.entries(raw)) {
        if (!SECRET_CONFIG_KEYS.includes(key)) {
            walk(decode(value), key);
        }
    }
    return found;
}

/** The command that sets a `tng:` key (dotted keys through --path). */
export function configSetCommand(key: string, stack: string, secret = false): string {
    const path = /[.[]/.test(key) ? "--path " : "";
    return `pulumi config set ${secret ? "--secret " : ""}${path}${PROJECT}:${key} <value> --stack ${stack}`;
}

/**
 * The secret keys this config requires that are not set: secretKeyBase unless the stack generates
 * it, every credential when service.requireCredentials is true. The offline synth renders such a
 * stack with placeholders (and a warning each); a real preview fails with the settings error.
 */
export function missingSecretKeys(raw: RawConfig, set: ReadonlySet<string>): string[] {
    const service = raw.service === undefined ? {} : decode(raw.service);
    const flag = (name: string) =>
        service !== null && typeof service === "object"
            ? (service as Record<string, unknown>)[name] === true
            : false;
    const required = [
        ...(flag("generateSecretKeyBase") ? [] : [SECRET_KEY_BASE_KEY]),
        ...(flag("requireCredentials") ? CREDENTIAL_KEYS : []),
    ];
    return SECRET_CONFIG_KEYS.filter((k) => required.includes(k) && !set.has(k));
}

/** A decoded config object's keys (an absent or non-object value has none). */
function givenKeys(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/**
 * Parses and checks raw `tng:` config (without the namespace) for a stack.
 * Returns frozen settings plus warnings, or throws {@link SettingsError} listing every problem:
 * field rules, then the rules across keys (on every key that parsed), then credentials, then
 * placeholder values (unless `allowPlaceholders`: the offline synth, which warns about them).
 */
export function parseSettings(
    stack: string,
    raw: RawConfig,
    credentials: CredentialPresence,
    region: string | undefined,
    options: { readonly allowPlaceholders?: boolean } = {},
): { settings: StackSettings; warnings: string[] } {
    const problems: string[] = [];
    // Physical names derive from tng-<stack>: CloudSearch domains allow 28 characters, cluster ids 40.
    if (!/^[a-z][a-z0-9-]{0,19}$/.test(stack)) {
        problems.push(
            `the stack name must be 1 to 20 of a-z, 0-9, - starting with a letter (AWS names derive from it) (got ${show(stack)})`,
        );
    }
    const validRegion = region !== undefined && REGION_PATTERN.test(region);
    if (!validRegion) {
        problems.push(
            `aws:region must be an AWS region such as ap-northeast-1 (got ${show(region)}): run pulumi config set aws:region ap-northeast-1 --stack ${stack}`,
        );
    }
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (!SECRET_CONFIG_KEYS.includes(key)) {
            values[key] = decode(value);
        }
    }
    const before = problems.length;
    const partial = settingsSchema.parsePartial?.(values, "", problems) ?? {};
    const fieldsValid = problems.length === before;
    crossChecks(partial, validRegion ? region : undefined, problems);

    const given = values.cache;
    const warnings = cacheModeWarnings(
        partial.cache?.mode,
        given !== null && typeof given === "object" ? (given as Record<string, unknown>) : {},
    );
    const check = checkCredentials(
        stack,
        credentials,
        partial.service?.requireCredentials ?? false,
    );
    problems.push(...check.problems);
    warnings.push(...check.warnings);
    if (partial.service !== undefined && !("image" in givenKeys(values.service))) {
        warnings.push(
            `service.image is not set: this up creates the ECR repository and a service with no tasks. Push the first image to the repositoryUrl output, then run ${configSetCommand("service.image", stack)} (the tag) and pulumi up again (README, "First up").`,
        );
    }
    const keyBase =
        partial.service?.generateSecretKeyBase === undefined
            ? { problems: [] } // its own problem is reported
            : checkSecretKeyBase(stack, credentials, partial.service.generateSecretKeyBase);
    problems.push(...keyBase.problems);
    if (!options.allowPlaceholders) {
        for (const { key, value } of placeholderValues(raw)) {
            problems.push(
                `${key} is a placeholder (${show(value)}): set the real value with ${configSetCommand(key, stack)}`,
            );
        }
    }

    if (problems.length > 0 || !fieldsValid) {
        throw new SettingsError(stack, problems);
    }
    return {
        settings: Object.freeze({
            ...(partial as ParsedSettings),
            region: region as string,
            integrations: Object.freeze(check.integrations),
            secretKeyBase: keyBase.source as "config" | "generate",
        }),
        warnings,
    };
}
