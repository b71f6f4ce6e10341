/**
 * The README's config reference, rendered from the settings schema (stacks/settings.ts) so the two
 * cannot drift: `npm run docs` writes it between the markers, and a test fails when the README
 * holds anything else there.
 */
import { CREDENTIALS, SECRET_KEY_BASE_KEY } from "../stacks/settings";
import { referenceRows, ReferenceRow } from "../stacks/schema";
import { settingsSchema } from "../stacks/settings";

export const BEGIN = "<!-- config-reference:begin (npm run docs) -->";
export const END = "<!-- config-reference:end -->";

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The config reference as a Markdown table, one row per leaf setting, then the credentials. */
export function renderConfigReference(): string {
    const rows: ReferenceRow[] = referenceRows(settingsSchema.fields ?? {});
    const lines = [
        "| Key (`tng:` + dotted path) | Allowed | Default | Meaning |",
        "| --- | --- | --- | --- |",
        ...rows.map(
            (r) =>
                `| \`${r.key}\` | ${cell(r.allowed)} | \`${cell(r.default)}\` | ${cell(r.doc)} |`,
        ),
    ];
    const credentials = Object.entries(CREDENTIALS).flatMap(([integration, keys]) =>
        Object.entries(keys).map(
            ([key, env]) =>
                `| \`${key}\` | secret string (\`pulumi config set --secret\`) | (unset) | ${integration}: injected as \`${env}\` |`,
        ),
    );
    const keyBase = `| \`${SECRET_KEY_BASE_KEY}\` | secret string (\`pulumi config set --secret\`) | (required unless \`service.generateSecretKeyBase\`) | Rails' SECRET_KEY_BASE, carried over from the running site: injected as \`SECRET_KEY_BASE\` |`;
    return [...lines, ...credentials, keyBase].join("\n");
}

/** Replaces the text between the markers; throws if the markers are missing. */
export function withConfigReference(markdown: string): string {
    const begin = markdown.indexOf(BEGIN);
    const end = markdown.indexOf(END);
    if (begin < 0 || end < begin) {
        throw new Error(`the README needs the markers ${BEGIN} and ${END}`);
    }
    return `${markdown.slice(0, begin + BEGIN.length)}\n${renderConfigReference()}\n${markdown.slice(end)}`;
}
