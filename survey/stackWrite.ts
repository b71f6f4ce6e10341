/**
 * `npm run parity -- --write`: puts into Pulumi.<stack>.yaml the values the stack must take from
 * production, keeping the file's comments and layout (the `yaml` package's Document API):
 *
 * - production's user-set database parameters (`Source: user` in describe-db-parameters) as
 *   `database.parameters`; engine and system defaults are never copied, and a value the project
 *   enforces (`rds.force_ssl` = 1) is kept, the conflict reported;
 * - the adopted CloudSearch domain's index fields, scaling and availability, as
 *   `search.indexFields`, `search.instanceType`, `search.replicationCount`, `search.multiAz`.
 *
 * Source semantics: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_Parameter.html
 * (`Source`: user, system or engine-default).
 */
import { isMap, isScalar, parseDocument } from "yaml";
import { ENFORCED_PARAMETERS } from "../components/data/postgresParameters";
import { liveIndexFields } from "./parity";

/** database.parameters keys the settings accept (stacks/settings.ts). */
const PARAMETER_NAME = /^[a-z][a-z0-9_.]{1,63}$/;

/** Keeps the file's `[a, b]` flow style (the library's default pads it as `[ a, b ]`). */
const TO_STRING = { flowCollectionPadding: false } as const;

export interface WriteResult {
    /** The new file text. */
    readonly text: string;
    /** What changed, one line each. */
    readonly changes: string[];
    /** Production values not written, and why. */
    readonly conflicts: string[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {};

/**
 * Applies the survey to a stack file's text. `survey` maps file names to parsed JSON; files that
 * are absent leave their settings alone (reported in `conflicts`).
 */
export function applySurvey(
    text: string,
    survey: ReadonlyMap<string, unknown>,
    project = "tng",
): WriteResult {
    const doc = parseDocument(text);
    const changes: string[] = [];
    const conflicts: string[] = [];
    const config = doc.get("config");
    if (!isMap(config)) {
        throw new Error("the stack file has no config: map");
    }
    // A key is written as it already appears in the file (tng:database, or database).
    const keyOf = (k: string) => (config.has(k) ? k : `${project}:${k}`);
    const current = (p: string[]) => {
        const v = doc.getIn(["config", ...p]) as unknown;
        return v !== null && typeof v === "object" && "toJSON" in v
            ? (v as { toJSON(): unknown }).toJSON()
            : v;
    };
    const set = (p: string[], value: unknown, label: string) => {
        const before = JSON.stringify(current(p));
        if (before === JSON.stringify(value)) {
            return;
        }
        const node = doc.getIn(["config", ...p], true);
        if (isScalar(node) && (value === null || typeof value !== "object")) {
            // In place, so the line keeps its position; its comment now says where the value is from.
            node.value = value;
            node.comment = ` from production (npm run parity -- --write); was ${before}`;
        } else {
            doc.setIn(["config", ...p], doc.createNode(value));
        }
        changes.push(`${label}: ${before ?? "(unset)"} → ${JSON.stringify(value)}`);
    };

    const params = survey.get("rds-describe-db-parameters.json");
    if (params === undefined) {
        conflicts.push(
            "database.parameters not written: rds-describe-db-parameters.json is missing",
        );
    } else {
        const db = keyOf("database");
        const existing = obj(current([db, "parameters"])) as Record<string, string>;
        const merged: Record<string, string> = { ...existing };
        const list = Array.isArray(obj(params).Parameters)
            ? (obj(params).Parameters as Json[])
            : [];
        for (const p of list) {
            const name = String(p.ParameterName);
            if (p.Source !== "user" || p.ParameterValue === undefined) {
                continue; // engine and system defaults stay RDS's
            }
            const value = String(p.ParameterValue);
            const enforced = ENFORCED_PARAMETERS[name];
            if (enforced !== undefined && value !== enforced) {
                conflicts.push(
                    `database.parameters.${name}: production has ${JSON.stringify(value)}, the project enforces ${JSON.stringify(enforced)}; kept ${JSON.stringify(enforced)}`,
                );
                continue;
            }
            if (!PARAMETER_NAME.test(name) || /\n/.test(value) || value.length > 512) {
                conflicts.push(
                    `database.parameters.${name}: not a value the settings accept; set it by hand`,
                );
                continue;
            }
            merged[name] = value;
        }
        const sorted = Object.fromEntries(
            Object.keys(merged)
                .sort()
                .map((k) => [k, merged[k]]),
        );
        set([db, "parameters"], sorted, "database.parameters");
    }

    const search = keyOf("search");
    if (current([search, "existingDomainName"]) === undefined) {
        conflicts.push(
            "search settings not written: the stack does not adopt a domain (search.existingDomainName is unset)",
        );
        return { text: doc.toString(TO_STRING), changes, conflicts };
    }
    const fields = survey.get("cloudsearch-describe-index-fields.json");
    if (fields === undefined) {
        conflicts.push(
            "search.indexFields not written: cloudsearch-describe-index-fields.json is missing",
        );
    } else {
        set([search, "indexFields"], liveIndexFields(fields), "search.indexFields");
    }
    const scaling = survey.get("cloudsearch-describe-scaling-parameters.json");
    if (scaling === undefined) {
        conflicts.push(
            "search.instanceType and search.replicationCount not written: cloudsearch-describe-scaling-parameters.json is missing",
        );
    } else {
        const o = obj(obj(obj(scaling).ScalingParameters).Options);
        if (o.DesiredInstanceType !== undefined) {
            set([search, "instanceType"], o.DesiredInstanceType, "search.instanceType");
        }
        if (o.DesiredReplicationCount !== undefined) {
            set([search, "replicationCount"], o.DesiredReplicationCount, "search.replicationCount");
        }
        if (o.DesiredPartitionCount !== undefined && o.DesiredPartitionCount !== 1) {
            conflicts.push(
                `search partition count ${String(o.DesiredPartitionCount)} is not a stack setting; CloudSearch keeps choosing it`,
            );
        }
    }
    const availability = survey.get("cloudsearch-describe-availability-options.json");
    if (availability === undefined) {
        conflicts.push(
            "search.multiAz not written: cloudsearch-describe-availability-options.json is missing",
        );
    } else {
        const multiAz = obj(obj(availability).AvailabilityOptions).Options;
        if (typeof multiAz === "boolean") {
            set([search, "multiAz"], multiAz, "search.multiAz");
        }
    }
    return { text: doc.toString(TO_STRING), changes, conflicts };
}
