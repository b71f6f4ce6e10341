/**
 * Loading the settings from the Pulumi runtime (loadSettings), and the flag the offline tools set
 * around a render so that placeholder values pass.
 */
import * as pulumi from "@pulumi/pulumi";
import { isConfigSecret } from "../../sdk/internals";
import { credentialValues, SECRET_CONFIG_KEYS, SECRET_KEY_BASE_KEY } from "../credentials";
import { configKeyProblems, parseSettings, PROJECT, SettingsError } from "./parse";
import { StackSettings } from "./schema";

/**
 * Set by the offline tools around a render. A process-wide symbol, not a module variable: the CLI
 * replay (offline/cliLoad.ts) runs the program as an esbuild bundle with its own copy of this module.
 */
const OFFLINE_RENDER = Symbol.for("tng.offlineRender");

/**
 * For the offline synth only: placeholder values pass (it warns about each itself). A real
 * `pulumi preview` never calls this, so placeholders stop it with the settings error.
 */
export function renderingOffline(on: boolean): void {
    (globalThis as Record<symbol, unknown>)[OFFLINE_RENDER] = on;
}

function isOfflineRender(): boolean {
    return (globalThis as Record<symbol, unknown>)[OFFLINE_RENDER] === true;
}

/** Validated settings and the credentials of the complete integrations (env name → secret). */
export interface LoadedSettings {
    readonly settings: StackSettings;
    readonly credentials: Readonly<Record<string, pulumi.Output<string>>>;
    /** SECRET_KEY_BASE from the secret config, or undefined when the stack generates it. */
    readonly secretKeyBase?: pulumi.Output<string>;
}

/**
 * Reads this stack's `tng:` config from the Pulumi runtime, validates it, logs warnings, and
 * returns the settings with the credentials. Call it before creating any resource.
 */
export function loadSettings(): LoadedSettings {
    const prefix = `${PROJECT}:`;
    const all = pulumi.runtime.allConfig();
    const raw: Record<string, string> = {};
    const set = new Set<string>();
    const secret = new Set<string>();
    for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(prefix)) {
            continue;
        }
        const name = key.slice(prefix.length);
        if (SECRET_CONFIG_KEYS.includes(name)) {
            set.add(name);
            if (isConfigSecret(key)) {
                secret.add(name);
            }
        } else {
            raw[name] = value;
        }
    }
    const stack = pulumi.getStack();
    const keyProblems = configKeyProblems(Object.keys(all), isConfigSecret);
    let parsed: { settings: StackSettings; warnings: string[] };
    try {
        parsed = parseSettings(stack, raw, { set, secret }, all["aws:region"], {
            allowPlaceholders: isOfflineRender(),
        });
    } catch (e) {
        if (e instanceof SettingsError && keyProblems.length > 0) {
            throw new SettingsError(stack, [...keyProblems, ...e.problems]);
        }
        throw e;
    }
    if (keyProblems.length > 0) {
        throw new SettingsError(stack, keyProblems);
    }
    const { settings, warnings } = parsed;
    warnings.forEach((w) => pulumi.log.warn(w));
    const credentials = credentialValues(settings.integrations, (key) =>
        pulumi.secret(all[prefix + key]),
    );
    const secretKeyBase =
        settings.secretKeyBase === "config"
            ? pulumi.secret(all[prefix + SECRET_KEY_BASE_KEY])
            : undefined;
    return { settings, credentials, secretKeyBase };
}
