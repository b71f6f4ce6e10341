/**
 * Parity: what production runs (the survey files of {@link surveyCommands}) against what a stack
 * renders offline, as the difference table of the team's notes 「本番移行課題・改善事項」, with one
 * row per compared item. Reads files only: no AWS credentials.
 *
 * By concern: parity/read.ts (the survey files), parity/rowTable.ts (the one-value rows, as data),
 * parity/compare.ts (sources and statuses), parity/groups.ts (rows that expand from one file),
 * parity/render.ts (Markdown and JSON); writing settings is stackWrite.ts.
 */
import {
    cacheParameterRows,
    bucketRows,
    cloudfrontGroupRows,
    ecsImageRows,
    iamRows,
    natRows,
    rdsParameterRows,
    searchGroupRows,
    wafRows,
} from "./parity/groups";
import {
    ParityInput,
    ParityRow,
    resolveSources,
    Rows,
    stackView,
    tableRows,
} from "./parity/compare";

export { camelKeys, readSurvey, SurveyFileError, SurveyFiles } from "./parity/read";
export { STATUSES } from "./parity/compare";
export type { ParityInput, ParityRow, Status, StackResource } from "./parity/compare";
export { liveIndexFields } from "./parity/groups";
export type { LiveIndexField, SearchFieldSetting } from "./parity/groups";
export { renderJson, renderMarkdown } from "./parity/render";

/**
 * Every row, in the notes' order: ElastiCache, RDS, ECS, ALB, CloudFront, WAF, CloudSearch, then
 * the investigations (NAT addresses, other buckets, IAM principals of the search domain).
 */
export function parityRows(input: ParityInput): ParityRow[] {
    const rows = new Rows(input);
    const source = resolveSources(input);
    const view = stackView(input.resources);
    tableRows(rows, "ElastiCache Memcached", source, view);
    cacheParameterRows(rows, input, source("cacheCluster"));
    tableRows(rows, "RDS PostgreSQL", source, view);
    rdsParameterRows(rows, input, source("rdsInstance"));
    tableRows(rows, "ECS", source, view);
    ecsImageRows(rows, input, source("taskDefinition"));
    tableRows(rows, "ALB", source, view);
    tableRows(rows, "CloudFront", source, view);
    cloudfrontGroupRows(rows, input);
    wafRows(rows, input);
    tableRows(rows, "CloudSearch", source, view);
    searchGroupRows(rows, input);
    natRows(rows, input);
    bucketRows(rows, input);
    iamRows(rows, input);
    return rows.rows;
}
