/**
 * Renders policies/RULES.md, the pack's rule catalogue in cdk-nag's RULES.md style: per area, one
 * row per policy with its level by default and in each policies/config/<stack>.json, the resource
 * types it checks, what it checks (the description), why (policies/rules/sources.ts) and its
 * public sources. `npm run rules-doc` writes the file; policies/test/rulesDoc.test.ts keeps it
 * equal to this rendering.
 */
import * as fs from "fs";
import * as path from "path";
import { loadPolicyConfig, PolicyConfig } from "./evaluate";
import { PackPolicy, policyAreas } from "./rules";
import { CHECKS } from "./decisions/checks";
import { HOUSE_GROUPS, HOUSE_RULES } from "./decisions/table";
import { Safe } from "./decisions/types";
import { resourceTypesOf, tokenOf } from "./rules/helpers";
import { POLICY_SOURCES, PolicySource } from "./rules/sources";

/** The catalogue, relative to the pack folder. */
export const RULES_FILE = "RULES.md";
/** The per-stack policy configs, relative to the pack folder. */
export const CONFIG_DIR = "config";

/** The per-stack configs present in `configDir`: stack name → config, sorted by name. */
export function readStackConfigs(configDir: string): Record<string, PolicyConfig> {
    if (!fs.existsSync(configDir)) {
        return {};
    }
    return Object.fromEntries(
        fs
            .readdirSync(configDir)
            .filter((f) => f.endsWith(".json"))
            .sort()
            .map((f) => [path.basename(f, ".json"), loadPolicyConfig(path.join(configDir, f))]),
    );
}

/** Security Hub control id (`EC2.6`) → its section of the AWS Security Hub user guide. */
export function securityHubUrl(control: string): string {
    const m = /^([A-Za-z][A-Za-z0-9]*)\.(\d+)$/.exec(control);
    if (!m) {
        throw new Error(`not a Security Hub control id: ${control}`);
    }
    const service = m[1].toLowerCase();
    return `https://docs.aws.amazon.com/securityhub/latest/userguide/${service}-controls.html#${service}-${m[2]}`;
}

/** The resource types a policy checks: its validators' for a resource policy, else the table's. */
export function resourceTypes(policy: PackPolicy): string[] {
    if ("validateResource" in policy && policy.validateResource !== undefined) {
        const types = resourceTypesOf(policy.validateResource);
        if (types === undefined) {
            throw new Error(`${policy.name}: a validation was not built by validateTyped`);
        }
        return types;
    }
    return (POLICY_SOURCES[policy.name]?.resources ?? []).map(tokenOf);
}

/** The public sources of a policy as Markdown, Security Hub controls linked. */
export function renderSources(source: PolicySource): string[] {
    const parts: string[] = [];
    if (source.securityHub?.length) {
        parts.push(
            `Security Hub ${source.securityHub.map((c) => `[${c}](${securityHubUrl(c)})`).join(", ")}`,
        );
    }
    if (source.cdkNag?.length) {
        parts.push(`cdk-nag ${source.cdkNag.join(", ")}`);
    }
    if (source.checkov?.length) {
        parts.push(`checkov ${source.checkov.join(", ")}`);
    }
    if (source.awsguard?.length) {
        parts.push(`awsguard ${source.awsguard.join(", ")}`);
    }
    for (const url of source.docs ?? []) {
        const page = new URL(url);
        const label = `${page.pathname
            .split("/")
            .filter(Boolean)
            .pop()
            ?.replace(/\.html$/, "")}${page.hash}`;
        parts.push(`[${label}](${url})`);
    }
    return parts;
}

function formatParams(params: Record<string, unknown>): string {
    return Object.entries(params)
        .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(", ") : String(v)}`)
        .join(", ");
}

/** The default level of a policy, with its parameters' schema defaults. */
function defaultLevel(policy: PackPolicy): string {
    const defaults = Object.fromEntries(
        Object.entries(policy.configSchema?.properties ?? {})
            .filter(([, schema]) => (schema as { default?: unknown }).default !== undefined)
            .map(([k, schema]) => [k, (schema as { default?: unknown }).default]),
    );
    const level = policy.enforcementLevel ?? "advisory";
    return Object.keys(defaults).length > 0 ? `${level} (${formatParams(defaults)})` : level;
}

/** The level and parameters a stack config sets for a policy; "·" when it sets nothing. */
function stackLevel(policy: PackPolicy, config: PolicyConfig): string {
    const entry = config[policy.name];
    if (entry === undefined) {
        return "·";
    }
    if (typeof entry === "string") {
        return `**${entry}**`;
    }
    const { enforcementLevel, ...params } = entry;
    const level = enforcementLevel ? `**${enforcementLevel}**` : (policy.enforcementLevel ?? "");
    return Object.keys(params).length > 0 ? `${level} (${formatParams(params)})` : level;
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** policies/RULES.md for the pack and the given per-stack configs. */
export function renderRulesDoc(stackConfigs: Record<string, PolicyConfig>): string {
    const stacks = Object.keys(stackConfigs);
    const all = policyAreas.flatMap((a) => a.policies);
    const count = (level: string) =>
        all.filter((p) => (p.enforcementLevel ?? "advisory") === level).length;
    const lines = [
        "<!-- Generated by `npm run rules-doc` from policies/rules/*.ts and policies/config/*.json: do not edit. -->",
        "",
        "# Policy rules",
        "",
        `The \`tng-policies\` CrossGuard pack has ${all.length} policies (${count("mandatory")} mandatory, ${count("advisory")} advisory by default).`,
        "A **mandatory** violation fails `pulumi preview`/`up`, `npm run synth` and `npm run policy`; an **advisory** one is reported.",
        "",
        `Levels: **Default** is the level in the pack, with the default of each parameter. ${stacks.map((s) => `**${s}**`).join(", ") || "No stack"} ${stacks.length === 1 ? "is" : "are"} the level and parameters set in \`policies/config/<stack>.json\` (bold when the level is changed); \`·\` means the stack keeps the default.`,
        "A stack without a `policies/config/<stack>.json` runs every policy at its **Default** level.",
        "",
        "Sources are public: AWS Security Hub controls (linked), [cdk-nag](https://github.com/cdklabs/cdk-nag/blob/main/RULES.md) rules,",
        "[checkov](https://www.checkov.io/5.Policy%20Index/terraform.html) checks, [awsguard](https://github.com/pulumi/pulumi-policy-aws) policies and AWS documentation.",
        "",
    ];
    const header = ["Policy", "Default", ...stacks, "Resource types", "Checks", "Why", "Sources"];
    for (const { area, policies } of policyAreas) {
        lines.push(`## ${area}`, "");
        lines.push(`| ${header.join(" | ")} |`);
        lines.push(`|${header.map(() => "---").join("|")}|`);
        for (const policy of policies) {
            const source = POLICY_SOURCES[policy.name];
            if (source === undefined) {
                throw new Error(`${policy.name} has no entry in policies/rules/sources.ts`);
            }
            const row = [
                `\`${policy.name}\``,
                defaultLevel(policy),
                ...stacks.map((s) => stackLevel(policy, stackConfigs[s])),
                resourceTypes(policy)
                    .map((t) => `\`${t}\``)
                    .join("<br>"),
                policy.description,
                source.why,
                renderSources(source).join("<br>"),
            ];
            lines.push(`| ${row.map(cell).join(" | ")} |`);
        }
        lines.push("");
    }
    lines.push(...renderDecisionTable());
    return lines.join("\n");
}

function describeSafe(safe: Safe): string {
    if ("present" in safe) {
        return "set";
    }
    if ("oneOf" in safe) {
        return `one of ${safe.oneOf.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    if ("noneOf" in safe) {
        return `not ${safe.noneOf.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    return `contains none of ${safe.noneIn.map((v) => JSON.stringify(v)).join(", ")}`;
}

/** The decision table (policies/decisions) as two Markdown tables: property rows, house rules. */
export function renderDecisionTable(): string[] {
    const lines = [
        "## Decision table",
        "",
        "Every AWS type of the inventory generated from the SDK (`policies/inventory/inventory.json`, `npm run inventory`) has a decision in `policies/decisions`: property rows, from which `encryption-at-rest`, `encryption-in-transit` and `no-public-exposure` are derived, or a house rule. `npm run policy -- --coverage` prints the counts.",
        "",
        "| Type | Property | Concern | Safe | AWS default when omitted | Omitted | Sources |",
        "|---|---|---|---|---|---|---|",
    ];
    for (const [token, checks] of Object.entries(CHECKS)) {
        for (const c of checks) {
            lines.push(
                `| ${[
                    `\`${token}\``,
                    `\`${c.path}\``,
                    c.concern,
                    describeSafe(c.safe),
                    c.awsDefault,
                    c.omittedSafe ? "passes" : "fails",
                    c.sources.join("<br>"),
                ]
                    .map(cell)
                    .join(" | ")} |`,
            );
        }
    }
    lines.push("", "| House rule | Types | Reason | Sources |", "|---|---|---|---|");
    for (const [name, rule] of Object.entries(HOUSE_RULES)) {
        lines.push(
            `| ${[
                `**${name}**`,
                String(HOUSE_GROUPS[name]?.length ?? 0),
                rule.reason,
                rule.sources.join("<br>"),
            ]
                .map(cell)
                .join(" | ")} |`,
        );
    }
    lines.push("");
    return lines;
}
