/**
 * docs/operations.md's alarm tables, rendered from the one alarm model (components/ops/alarmModel.ts)
 * with each documented stack's own settings, so the docs show the alarms and thresholds the
 * stacks deploy: `npm run docs` writes them between the markers, `npm run docs -- --check` and a
 * test fail while a table is stale. Only dev and prod are documented: another stack file in the
 * folder changes nothing here.
 */
import { rotationAlarmDefinitions } from "../components/app/rotationRedeploy";
import { CIS_METRIC_FILTERS } from "../components/audit/trailAlarms";
import { AlarmDefinition, firesWhen, measures } from "../components/ops/alarmModel";
import { alarmDefinitions, AlarmDefinitionOptions } from "../components/ops/alarms";
import { edgeAlarmDefinitions } from "../components/ops/edgeMonitoring";
import { readStackConfig } from "../offline/stackFiles";
import { alarmOptionsOf, edgeOptionsOf } from "../stacks/alarmOptions";
import { ParsedSettings, SECRET_CONFIG_KEYS, settingsSchema } from "../stacks/settings";

/** The stacks whose thresholds the docs show. */
export const DOC_STACKS = ["dev", "prod"] as const;

/** The tables, by marker id. */
export const ALARM_TABLE_IDS = ["regional", "serverless", "edge", "rotation", "cis"] as const;
export type AlarmTableId = (typeof ALARM_TABLE_IDS)[number];

export const tableBegin = (id: AlarmTableId) => `<!-- alarm-table:${id}:begin (npm run docs) -->`;
export const tableEnd = (id: AlarmTableId) => `<!-- alarm-table:${id}:end -->`;

function decode(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** A stack's settings from its stack file (secrets left out; they set no alarm). */
export function stackSettings(stack: string): ParsedSettings {
    const { config } = readStackConfig(stack);
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
        const local = key.startsWith("tng:") ? key.slice(4) : undefined;
        if (local !== undefined && !SECRET_CONFIG_KEYS.includes(local)) {
            values[local] = decode(value);
        }
    }
    const problems: string[] = [];
    const settings = settingsSchema.parse(values, "", problems);
    if (settings === undefined || problems.length > 0) {
        throw new Error(`Pulumi.${stack}.yaml: ${problems.join("; ")}`);
    }
    return settings;
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** One cell over the stacks: the common text, or each stack's. */
function merged(values: readonly (readonly [string, string | undefined])[]): string {
    const present = values.filter((v): v is readonly [string, string] => v[1] !== undefined);
    const distinct = new Set(present.map(([, v]) => v));
    if (distinct.size === 1) {
        return cell(present[0][1]);
    }
    return present.map(([stack, v]) => `${stack}: ${cell(v)}`).join("<br>");
}

/** A table of alarm rows, one row per key over the stacks' own definitions. */
function definitionsTable(perStack: readonly (readonly [string, AlarmDefinition[]])[]): string {
    const keys: string[] = [];
    for (const [, defs] of perStack) {
        for (const d of defs) {
            if (!keys.includes(d.key)) {
                keys.push(d.key);
            }
        }
    }
    const lines = [
        "| Key | Fires when | Rule | Missing data | Usually means | First steps |",
        "| --- | --- | --- | --- | --- | --- |",
    ];
    for (const key of keys) {
        const rows = perStack.map(
            ([stack, defs]) => [stack, defs.find((d) => d.key === key)] as const,
        );
        const where = rows.filter(([, d]) => d !== undefined).map(([s]) => s);
        const only = where.length < perStack.length ? ` (${where.join(", ")} only)` : "";
        const pick = (f: (d: AlarmDefinition) => string) =>
            merged(rows.map(([s, d]) => [s, d ? f(d) : undefined] as const));
        lines.push(
            `| \`${key}\`${only} | ${pick((d) => d.description)} | ${pick((d) => `${measures(d)}: ${firesWhen(d)}`)} | ${pick((d) => `${d.treatMissingData}: ${d.missingDataReason}`)} | ${pick((d) => d.runbook.means)} | ${pick((d) => d.runbook.firstSteps)} |`,
        );
    }
    return lines.join("\n");
}

function cisTable(): string {
    return [
        "| Key | Security Hub / CIS | Fires on | What to do |",
        "| --- | --- | --- | --- |",
        ...CIS_METRIC_FILTERS.map((f) => {
            const cis = f.cis.v140
                ? `CIS ${f.cis.v120} (v1.2.0), ${f.cis.v140} (v1.4.0)`
                : `CIS ${f.cis.v120} (v1.2.0)`;
            return `| \`${f.key}\` | ${f.securityHubControl}, ${cis} | ${cell(f.description)} | ${cell(f.firstSteps)} |`;
        }),
    ].join("\n");
}

/** Every table, rendered from the model and the documented stacks' settings. */
export function renderAlarmTables(
    settingsOf: (stack: string) => ParsedSettings = stackSettings,
): Record<AlarmTableId, string> {
    const stacks = DOC_STACKS.map((s) => [s, settingsOf(s)] as const);
    const regional = stacks.map(([s, st]) => [s, alarmDefinitions(alarmOptionsOf(st))] as const);
    // The serverless rows as each stack would get them in cache.mode serverless (its limits).
    const serverless = stacks.map(([s, st]) => {
        const options: AlarmDefinitionOptions = {
            ...alarmOptionsOf(st),
            cacheMode: "serverless",
            serverlessCache: {
                maxEcpuPerSecond: st.cache.maxEcpuPerSecond,
                maxDataStorageGb: st.cache.maxDataStorageGb,
            },
        };
        const nodeKeys = new Set(
            alarmDefinitions({ ...options, cacheMode: "node", serverlessCache: undefined }).map(
                (d) => d.key,
            ),
        );
        return [
            s,
            alarmDefinitions(options).filter(
                (d) => !nodeKeys.has(d.key) || d.key === "cache-evictions",
            ),
        ] as const;
    });
    const edge = stacks.map(([s, st]) => [s, edgeAlarmDefinitions(edgeOptionsOf(st))] as const);
    const rotation = stacks.map(([s]) => [s, rotationAlarmDefinitions()] as const);
    return {
        regional: definitionsTable(regional),
        serverless: definitionsTable(serverless),
        edge: definitionsTable(edge),
        rotation: definitionsTable(rotation),
        cis: cisTable(),
    };
}

/** Replaces the text between each pair of markers; throws naming a missing pair. */
export function withAlarmTables(
    markdown: string,
    tables: Record<AlarmTableId, string> = renderAlarmTables(),
): string {
    let out = markdown;
    for (const id of ALARM_TABLE_IDS) {
        const begin = out.indexOf(tableBegin(id));
        const end = out.indexOf(tableEnd(id));
        if (begin < 0 || end < begin) {
            throw new Error(`needs the markers ${tableBegin(id)} and ${tableEnd(id)}`);
        }
        out = `${out.slice(0, begin + tableBegin(id).length)}\n${tables[id]}\n${out.slice(end)}`;
    }
    return out;
}
