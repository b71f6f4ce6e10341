/**
 * `npm run parity -- --write`: puts into Pulumi.<stack>.yaml the values the stack must take from
 * production, keeping the file's comments and layout (the `yaml` package's Document API):
 *
 * - production's user-set database parameters (`Source: user` in describe-db-parameters) as
 *   `database.parameters`; engine and system defaults are never copied, and a value the project
 *   enforces (`rds.force_ssl` = 1) is kept, the conflict reported;
 * - the running image (the picked service's task definition) as `service.image`;
 * - the distribution's HTTP version as `edge.httpVersion`;
 * - the adopted CloudSearch domain's index fields (without those pending deletion), scaling and
 *   availability, as `search.indexFields`, `search.instanceType`, `search.replicationCount`,
 *   `search.multiAz`.
 *
 * Each value is a separate proposal, so one value the settings cannot hold refuses that value
 * only. A changed line keeps its comment: the note on where the value came from is appended.
 * Strings YAML 1.1 readers would take for booleans, nulls or numbers (`off`, `yes`, `0755`...)
 * are written quoted (https://yaml.org/type/bool.html, https://yaml.org/type/int.html).
 *
 * Source semantics: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_Parameter.html
 * (`Source`: user, system or engine-default).
 */
import { Document, isCollection, isMap, isScalar, Node, parseDocument, Scalar, visit } from "yaml";
import { ENFORCED_PARAMETERS } from "../components/data/postgresParameters";
import { arr, at, obj, own, SurveyFiles } from "./parity/read";
import { liveIndexFields } from "./parity/groups";

/** database.parameters keys the settings accept (stacks/settings.ts). */
const PARAMETER_NAME = /^[a-z][a-z0-9_.]{1,63}$/;

/** Keeps the file's `[a, b]` flow style (the library's default pads it as `[ a, b ]`). */
const TO_STRING = { flowCollectionPadding: false } as const;

/** CloudFront HttpVersion values the settings accept (edge.httpVersion). */
export const HTTP_VERSIONS = ["http1.1", "http2", "http2and3", "http3"] as const;

/** A CloudSearch analysis scheme name: a language default or a custom scheme's name. */
const ANALYSIS_SCHEME = /^(_[a-z]{2,3}(-[A-Za-z]{2,4})?_default_|[a-z][a-z0-9_]{0,63})$/;

/** One value to write: its settings path (without the project prefix) and the value. */
export interface Proposal {
    readonly path: readonly string[];
    readonly value: unknown;
}

export interface WritePlan {
    readonly proposals: Proposal[];
    /** Production values not proposed, and why (exit 3). */
    readonly refused: string[];
    /** Settings left alone for lack of data or because they do not apply (not a refusal). */
    readonly skipped: string[];
}

export interface WriteResult {
    /** The new file text. */
    readonly text: string;
    /** What changed, one line each. */
    readonly changes: string[];
    /** Production values not written, and why. */
    readonly conflicts: string[];
}

/** Whether a YAML 1.1 reader would take this plain string for a boolean, null, number or time. */
export function yaml11Special(s: string): boolean {
    return (
        /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(
            s,
        ) ||
        /^(~|null|Null|NULL|)$/.test(s) ||
        /^[-+]?(0b[01_]+|0[0-7_]+|(0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)$/.test(
            s,
        ) ||
        /^[-+]?(([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?|[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|\.(inf|Inf|INF))$/.test(
            s,
        ) ||
        /^\.(nan|NaN|NAN)$/.test(s) ||
        /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/.test(s) ||
        s === "<<" ||
        s === "="
    );
}

/** Quotes every plain string scalar a YAML 1.1 reader would misread. */
export function quoteYaml11(doc: Document): void {
    visit(doc, {
        Scalar(_key, node) {
            if (
                typeof node.value === "string" &&
                (node.type === undefined || node.type === Scalar.PLAIN) &&
                yaml11Special(node.value)
            ) {
                node.type = Scalar.QUOTE_DOUBLE;
            }
        },
    });
}

const label = (p: readonly string[]) => p.join(".");

/** Production's values for the stack file, one proposal each, and what cannot be proposed. */
export function planSurveyWrite(
    text: string,
    survey: ReadonlyMap<string, unknown>,
    project = "tng",
    picks: { taskDefinition?: unknown } = {},
): WritePlan {
    const doc = parseDocument(text);
    const proposals: Proposal[] = [];
    const refused: string[] = [];
    const skipped: string[] = [];
    const config = doc.get("config");
    if (!isMap(config)) {
        throw new Error("the stack file has no config: map");
    }
    const keyOf = (k: string) => (config.has(k) ? k : `${project}:${k}`);
    const current = (p: readonly string[]) => {
        const v = doc.getIn(["config", keyOf(p[0]), ...p.slice(1)]) as unknown;
        return v !== null && typeof v === "object" && "toJSON" in v
            ? (v as { toJSON(): unknown }).toJSON()
            : v;
    };
    // Only what differs from the file is a proposal.
    const changed = (ps: Proposal[]) =>
        ps.filter((p) => JSON.stringify(current(p.path)) !== JSON.stringify(p.value));
    const failed = survey instanceof SurveyFiles ? survey.failed : new Map<string, string>();
    const missing = (what: string, file: string) =>
        skipped.push(`${what}: ${failed.get(file) ?? `${file} is missing`}`);

    const params = survey.get("rds-describe-db-parameters.json");
    if (params === undefined) {
        missing("database.parameters", "rds-describe-db-parameters.json");
    } else {
        for (const p of arr(obj(params).Parameters)) {
            const name = String(p.ParameterName);
            if (
                p.Source !== "user" ||
                p.ParameterValue === undefined ||
                p.ParameterValue === null
            ) {
                continue; // engine and system defaults stay RDS's
            }
            const value = String(p.ParameterValue);
            const enforced = own(ENFORCED_PARAMETERS, name);
            if (enforced !== undefined && value !== enforced) {
                refused.push(
                    `database.parameters.${name}: production has ${JSON.stringify(value)}, the project enforces ${JSON.stringify(enforced)}; kept ${JSON.stringify(enforced)}`,
                );
                continue;
            }
            if (!PARAMETER_NAME.test(name) || /[\n\r]/.test(value) || value.length > 512) {
                refused.push(
                    `database.parameters.${name}: not a value the settings accept; set it by hand`,
                );
                continue;
            }
            proposals.push({ path: ["database", "parameters", name], value });
        }
    }

    // The running image: only from a task definition matched to the picked service.
    if (picks.taskDefinition === undefined) {
        skipped.push(
            "service.image: no task definition matched to the production service (see the ECS rows)",
        );
    } else {
        const containers = arr(obj(picks.taskDefinition).containerDefinitions);
        const image = (containers.find((c) => c.essential !== false) ?? containers[0])?.image;
        const IMAGE =
            /^([a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[\w.-]{1,128}|@sha256:[a-f0-9]{64})|[\w][\w.-]{0,127})$/;
        if (typeof image !== "string" || !IMAGE.test(image)) {
            refused.push(
                `service.image: production's image ${JSON.stringify(image)} is not a reference the settings accept; set it by hand`,
            );
        } else {
            proposals.push({ path: ["service", "image"], value: image });
        }
    }

    const dist = survey.get("cloudfront-get-distribution-config.json");
    if (dist === undefined) {
        missing("edge.httpVersion", "cloudfront-get-distribution-config.json");
    } else {
        const v = at(dist, "DistributionConfig.HttpVersion");
        if (typeof v === "string" && (HTTP_VERSIONS as readonly string[]).includes(v)) {
            proposals.push({ path: ["edge", "httpVersion"], value: v });
        } else if (v !== undefined) {
            refused.push(
                `edge.httpVersion: production's ${JSON.stringify(v)} is not one of ${HTTP_VERSIONS.join(", ")}`,
            );
        }
    }

    if (current(["search", "existingDomainName"]) === undefined) {
        skipped.push(
            "search settings: the stack does not adopt a domain (search.existingDomainName is unset)",
        );
        return { proposals: changed(proposals), refused, skipped };
    }
    const fields = survey.get("cloudsearch-describe-index-fields.json");
    if (fields === undefined) {
        missing("search.indexFields", "cloudsearch-describe-index-fields.json");
    } else {
        const all = liveIndexFields(fields);
        const bad: string[] = [];
        for (const f of all.filter((x) => x.pendingDeletion)) {
            refused.push(`search.indexFields.${f.name}: production is deleting it; left out`);
        }
        const kept = all
            .filter((f) => !f.pendingDeletion)
            .map((f) => {
                const copy: Record<string, unknown> = { ...f };
                delete copy.pendingDeletion;
                if (f.analysisScheme !== undefined && !ANALYSIS_SCHEME.test(f.analysisScheme)) {
                    bad.push(`${f.name} uses analysis scheme ${JSON.stringify(f.analysisScheme)}`);
                }
                return copy;
            });
        if (bad.length) {
            refused.push(`search.indexFields: ${bad.join("; ")}, which the settings cannot name`);
        } else if (kept.length) {
            proposals.push({ path: ["search", "indexFields"], value: kept });
        }
    }
    const scaling = survey.get("cloudsearch-describe-scaling-parameters.json");
    if (scaling === undefined) {
        missing(
            "search.instanceType and search.replicationCount",
            "cloudsearch-describe-scaling-parameters.json",
        );
    } else {
        const o = obj(at(scaling, "ScalingParameters.Options"));
        if (o.DesiredInstanceType !== undefined) {
            proposals.push({ path: ["search", "instanceType"], value: o.DesiredInstanceType });
        }
        if (o.DesiredReplicationCount !== undefined) {
            proposals.push({
                path: ["search", "replicationCount"],
                value: o.DesiredReplicationCount,
            });
        }
        if (o.DesiredPartitionCount !== undefined && o.DesiredPartitionCount !== 1) {
            skipped.push(
                `search partition count ${String(o.DesiredPartitionCount)} is not a stack setting; CloudSearch keeps choosing it`,
            );
        }
    }
    const availability = survey.get("cloudsearch-describe-availability-options.json");
    if (availability === undefined) {
        missing("search.multiAz", "cloudsearch-describe-availability-options.json");
    } else {
        const multiAz = at(availability, "AvailabilityOptions.Options");
        if (typeof multiAz === "boolean") {
            proposals.push({ path: ["search", "multiAz"], value: multiAz });
        }
    }
    return { proposals: changed(proposals), refused, skipped };
}

/** Every comment of a node and its children, in order. */
function commentsOf(node: unknown): string[] {
    const out: string[] = [];
    visit(new Document(node), {
        Node(_k, n) {
            const c = n as Node;
            for (const t of [c.commentBefore, c.comment]) {
                if (t) {
                    out.push(t);
                }
            }
        },
    });
    return out;
}

/**
 * Applies proposals to a stack file's text. A scalar changes in place and keeps its comment, with
 * where the value came from appended; a replaced list or map keeps every comment it held, moved
 * before it. Map settings (database.parameters) change entry by entry.
 */
export function applyProposals(
    text: string,
    proposals: readonly Proposal[],
    project = "tng",
): { text: string; changes: string[] } {
    const doc = parseDocument(text);
    const config = doc.get("config");
    if (!isMap(config)) {
        throw new Error("the stack file has no config: map");
    }
    const changes: string[] = [];
    const keyOf = (k: string) => (config.has(k) ? k : `${project}:${k}`);
    for (const p of proposals) {
        const full = ["config", keyOf(p.path[0]), ...p.path.slice(1)];
        const node = doc.getIn(full, true);
        const beforeValue =
            node !== undefined && node !== null && typeof node === "object" && "toJSON" in node
                ? (node as { toJSON(): unknown }).toJSON()
                : node;
        const before = JSON.stringify(beforeValue);
        if (before === JSON.stringify(p.value)) {
            continue;
        }
        const note = `from production (npm run parity -- --write)${before === undefined ? "" : `; was ${before}`}`;
        if (isScalar(node) && (p.value === null || typeof p.value !== "object")) {
            node.value = p.value;
            node.comment = node.comment ? `${node.comment} · ${note}` : ` ${note}`;
        } else {
            const kept = isCollection(node) ? commentsOf(node) : [];
            const created = doc.createNode(p.value) as Node;
            if (isScalar(created) && kept.length === 0) {
                created.comment = ` ${note}`;
                doc.setIn(full, created);
                changes.push(
                    `${label(p.path)}: ${before ?? "(unset)"} → ${JSON.stringify(p.value)}`,
                );
                continue;
            }
            created.commentBefore = [...kept.map((c) => c.replace(/^\s?/, " ")), ` ${note}`].join(
                "\n",
            );
            doc.setIn(full, created);
        }
        changes.push(`${label(p.path)}: ${before ?? "(unset)"} → ${JSON.stringify(p.value)}`);
    }
    quoteYaml11(doc);
    return { text: doc.toString(TO_STRING), changes };
}

/**
 * Applies the survey to a stack file's text (every proposal); `survey` maps file names to parsed
 * JSON; files that are absent leave their settings alone (reported in `conflicts`).
 */
export function applySurvey(
    text: string,
    survey: ReadonlyMap<string, unknown>,
    project = "tng",
    picks: { taskDefinition?: unknown } = {},
): WriteResult {
    const plan = planSurveyWrite(text, survey, project, picks);
    const applied = applyProposals(text, plan.proposals, project);
    return {
        text: applied.text,
        changes: applied.changes,
        conflicts: [...plan.refused, ...plan.skipped],
    };
}
