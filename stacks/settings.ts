/**
 * Typed, validated stack settings: the only module that reads `tng:` config.
 *
 * Each top-level key is a structured object in Pulumi.<stack>.yaml. Everything is checked before
 * any resource is created, and every problem is reported at once, naming the dotted key and what
 * is allowed. dev/prod differences live in the stack files, never in `if (stack === ...)` code.
 *
 * The public module: the rest of the program imports from here. By concern, the code lives in
 * settings/schema.ts (the schema; one file per area under settings/areas/), settings/parse.ts
 * (decoding, placeholders, parseSettings, config key hygiene) and settings/load.ts (loadSettings
 * from the Pulumi runtime, the offline render flag).
 */
export {
    CREDENTIAL_KEYS,
    CREDENTIALS,
    SECRET_CONFIG_KEYS,
    SECRET_KEY_BASE_KEY,
} from "./credentials";
export type { CredentialPresence, Integration } from "./credentials";
export { settingsSchema } from "./settings/schema";
export type { ParsedSettings, StackSettings } from "./settings/schema";
export {
    AWS_CONFIG_KEYS,
    CONFIG_NAMESPACES,
    configKeyProblems,
    configSetCommand,
    missingSecretKeys,
    parseSettings,
    PLACEHOLDER_MARKERS,
    placeholderValues,
    PROJECT,
    SettingsError,
} from "./settings/parse";
export type { Placeholder, RawConfig } from "./settings/parse";
export { loadSettings, renderingOffline } from "./settings/load";
export type { LoadedSettings } from "./settings/load";
