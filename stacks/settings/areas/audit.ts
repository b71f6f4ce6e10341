/**
 * Settings schema: The CloudTrail audit log (`audit`).
 */
import { bool, int, object } from "../../schema";

export const auditSchema = object(
    {
        retentionDays: int({
            doc: "Days to keep CloudTrail log files: the audit bucket's S3 expiry and its Object Lock (governance) retention.",
            min: 1,
            max: 3650,
            default: 365,
        }),
        minRetentionDays: int({
            doc: "Floor for audit.retentionDays (prod sets 365): a lower value is refused.",
            min: 1,
            max: 3650,
            default: 1,
        }),
        protect: bool({
            doc: "Pulumi protect on the audit bucket and, with audit.cloudWatchLogs, the trail's log group.",
            default: false,
        }),
        cloudWatchLogs: bool({
            doc: "Also deliver the trail to a KMS-encrypted CloudWatch Logs group (kept logRetentionDays) with the CIS AWS Foundations metric filters and an alarm each.",
            default: false,
        }),
        s3DataEvents: bool({
            doc: "Log S3 object writes and deletes on the assets and audit buckets as CloudTrail data events (billed per event).",
            default: false,
        }),
    },
    { doc: "The CloudTrail audit log." },
);
