/**
 * The settings schema: the top-level scalars and one object per area (./areas/), in the order the
 * README reference lists them. The single source of validation, types and that reference.
 */
import { SITE_DOMAIN_NAME } from "../../components/network/siteDomain";
import { LOG_RETENTION_DAYS } from "../../components/ops/logRetention";
import type { Integration } from "../credentials";
import { bool, FieldType, object, oneOf, optional, text } from "../schema";
import { alertsSchema } from "./areas/alerts";
import { auditSchema } from "./areas/audit";
import { cacheSchema } from "./areas/cache";
import { databaseSchema } from "./areas/database";
import { edgeSchema } from "./areas/edge";
import { monitoringSchema } from "./areas/monitoring";
import { networkSchema } from "./areas/network";
import { searchSchema } from "./areas/search";
import { securitySchema } from "./areas/security";
import { serviceSchema } from "./areas/service";

/** The settings schema: the single source of validation, types and the README reference. */
export const settingsSchema = object(
    {
        domainName: text({
            doc: "Public site domain; CloudFront serves it and www.<domainName>, CORS allows both.",
            pattern: SITE_DOMAIN_NAME,
            allowed: "a lower-case DNS name such as tng.example.jp",
        }),
        hostedZoneId: optional(
            text({
                doc: "Route 53 zone of domainName; when set, ACM certificates are created with DNS validation.",
                pattern: /^Z[A-Z0-9]{4,31}$/,
                allowed: "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ",
            }),
        ),
        logRetentionDays: oneOf(LOG_RETENTION_DAYS, {
            doc: "Retention of every CloudWatch log group the stack creates.",
            default: 90,
        }),
        protectData: bool({
            doc: "Pulumi protect on the data-holding resources besides the database and the audit bucket: both KMS keys (also retainOnDelete), the log and assets buckets, the ECR repository, the app secret, and the app, flow and WAF log groups.",
            default: false,
        }),
        audit: auditSchema,
        network: networkSchema,
        database: databaseSchema,
        cache: cacheSchema,
        search: searchSchema,
        service: serviceSchema,
        edge: edgeSchema,
        alerts: alertsSchema,
        monitoring: monitoringSchema,
        security: securitySchema,
    },
    { doc: "TNG stack settings." },
);

export type StackSettings = FieldType<typeof settingsSchema> & {
    /** `aws:region` of the stack. */
    readonly region: string;
    /** Integrations whose credentials are all set; the rest are left out. */
    readonly integrations: readonly Integration[];
    /** SECRET_KEY_BASE: the secret config key secretKeyBase, or generated (opt-in). */
    readonly secretKeyBase: "config" | "generate";
};

/** The settings as the schema parses them (before region and credentials are added). */
export type ParsedSettings = FieldType<typeof settingsSchema>;
