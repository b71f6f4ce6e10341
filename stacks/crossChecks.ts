/**
 * Rules that span several settings. They run on every key that parsed, even when others did
 * not, so one run reports every problem; a rule whose keys are not all valid is skipped (the
 * key's own problem is already reported).
 */
import { fargateSizeProblem } from "../components/app/fargate";
import {
    forceSslOverride,
    FORCE_SSL,
    LOG_STATEMENT,
    logStatementOverride,
} from "../components/data/postgresParameters";
import { indexFieldProblems } from "../components/data/searchDomain";
import { certificateSourceOf } from "../components/network/siteDomain";
import type { DeepPartial, Problems } from "./schema";
import { show } from "./schema";
import type { ParsedSettings } from "./settings";
import { dailyOverlapsWeekly, daily, weekly, windowMinutes } from "./windows";

/** Shortest maintenance and backup windows RDS and ElastiCache accept, in minutes. */
export const MIN_WINDOW_MINUTES = { rdsBackup: 30, rdsMaintenance: 30, cacheMaintenance: 60 };

/**
 * The cross-key rules on (possibly partly) parsed settings; `region` is `aws:region` when valid.
 * Pushes one problem per broken rule.
 */
export function crossChecks(
    s: DeepPartial<ParsedSettings>,
    region: string | undefined,
    problems: Problems,
): void {
    const db = s.database ?? {};
    const cache = s.cache ?? {};
    const service = s.service ?? {};
    const network = s.network ?? {};
    const audit = s.audit ?? {};
    if (
        audit.retentionDays !== undefined &&
        audit.minRetentionDays !== undefined &&
        audit.retentionDays < audit.minRetentionDays
    ) {
        problems.push(
            `audit.retentionDays must be at least audit.minRetentionDays (${audit.minRetentionDays}): lowering it would delete older trail files (got ${audit.retentionDays})`,
        );
    }
    if (
        db.allocatedStorage !== undefined &&
        db.maxAllocatedStorage !== undefined &&
        db.maxAllocatedStorage < db.allocatedStorage
    ) {
        problems.push(
            `database.maxAllocatedStorage must be at least database.allocatedStorage (${db.allocatedStorage}) (got ${db.maxAllocatedStorage})`,
        );
    }
    if (
        db.backupWindow !== undefined &&
        windowMinutes(daily(db.backupWindow)) < MIN_WINDOW_MINUTES.rdsBackup
    ) {
        problems.push(
            `database.backupWindow must be at least ${MIN_WINDOW_MINUTES.rdsBackup} minutes long (got ${show(db.backupWindow)})`,
        );
    }
    if (
        db.maintenanceWindow !== undefined &&
        windowMinutes(weekly(db.maintenanceWindow)) < MIN_WINDOW_MINUTES.rdsMaintenance
    ) {
        problems.push(
            `database.maintenanceWindow must be at least ${MIN_WINDOW_MINUTES.rdsMaintenance} minutes long (got ${show(db.maintenanceWindow)})`,
        );
    }
    if (
        db.backupWindow !== undefined &&
        db.maintenanceWindow !== undefined &&
        dailyOverlapsWeekly(db.backupWindow, db.maintenanceWindow)
    ) {
        problems.push(
            `database.maintenanceWindow must not overlap database.backupWindow (${db.backupWindow} daily) (got ${show(db.maintenanceWindow)})`,
        );
    }
    if (
        cache.maintenanceWindow !== undefined &&
        windowMinutes(weekly(cache.maintenanceWindow)) < MIN_WINDOW_MINUTES.cacheMaintenance
    ) {
        problems.push(
            `cache.maintenanceWindow must be at least ${MIN_WINDOW_MINUTES.cacheMaintenance} minutes long (got ${show(cache.maintenanceWindow)})`,
        );
    }
    if (
        cache.mode === "node" &&
        cache.nodeCount !== undefined &&
        cache.nodeCount > 1 &&
        network.availabilityZones !== undefined &&
        network.availabilityZones.length < 2
    ) {
        problems.push(`cache.nodeCount above 1 needs at least two network.availabilityZones`);
    }
    if (region !== undefined && network.availabilityZones !== undefined) {
        // An AZ name is the region's name and one letter (ap-northeast-1a).
        network.availabilityZones.forEach((az, i) => {
            if (!(az.startsWith(region) && /^[a-z]$/.test(az.slice(region.length)))) {
                problems.push(
                    `network.availabilityZones[${i}] must be an availability zone of aws:region ${region}, such as ${region}a (got ${show(az)})`,
                );
            }
        });
    }
    // A key given but invalid parses as undefined (an absent one is left out): its own problem
    // is reported, so the certificate rule waits for it.
    const invalid = (o: object | undefined, k: string) =>
        o !== undefined && k in o && (o as Record<string, unknown>)[k] === undefined;
    if (
        !invalid(s, "hostedZoneId") &&
        !invalid(s.service, "certificateArn") &&
        !invalid(s.edge, "certificateArn")
    ) {
        if (
            s.service &&
            certificateSourceOf(s.service.certificateArn, s.hostedZoneId) === undefined
        ) {
            problems.push(
                "service.certificateArn or hostedZoneId must be set: the internal ALB needs a certificate for origin.<domainName> in the stack region",
            );
        }
        if (s.edge && certificateSourceOf(s.edge.certificateArn, s.hostedZoneId) === undefined) {
            problems.push(
                "edge.certificateArn or hostedZoneId must be set: CloudFront needs a certificate for domainName and www.<domainName> in us-east-1",
            );
        }
    }
    // A stack restores a snapshot or says it starts empty: a full `up` of a stack meant to
    // restore must never create an empty, protected database in its place (setting the snapshot
    // afterwards plans a replacement that `protect` refuses).
    if (!invalid(s.database, "snapshotIdentifier") && db.createEmpty !== undefined) {
        if (db.snapshotIdentifier === undefined && !db.createEmpty) {
            problems.push(
                "database.snapshotIdentifier is required unless database.createEmpty is true: without a snapshot the database starts empty. Name the snapshot to restore (the runbook's encrypted copy, tng-<stack>-cutover-enc: docs/migration.md §1.3), or set database.createEmpty: true for a stack that starts empty (dev)",
            );
        }
        if (db.snapshotIdentifier !== undefined && db.createEmpty) {
            problems.push(
                `database.createEmpty must be false when database.snapshotIdentifier is set (${show(db.snapshotIdentifier)} is restored) (got true)`,
            );
        }
    }
    const forceSsl =
        db.parameters === undefined
            ? undefined
            : forceSslOverride(db.parameters as Readonly<Record<string, string>>);
    if (forceSsl !== undefined) {
        problems.push(
            `database.parameters.${FORCE_SSL.name} must be "${FORCE_SSL.value}": TLS is required for every connection (got ${show(forceSsl)})`,
        );
    }
    const logStatement =
        db.parameters === undefined
            ? undefined
            : logStatementOverride(db.parameters as Readonly<Record<string, string>>);
    if (logStatement !== undefined) {
        problems.push(
            `database.parameters.${LOG_STATEMENT.name} must be "${LOG_STATEMENT.value}": ddl, mod and all write statements such as ALTER ROLE … PASSWORD, password included, to the PostgreSQL log (https://www.postgresql.org/docs/current/runtime-config-logging.html); slow statements are logged through log_min_duration_statement (got ${show(logStatement)})`,
        );
    }
    const fieldNames = new Set<string>();
    s.search?.indexFields?.forEach((field, i) => {
        if (fieldNames.has(field.name)) {
            problems.push(
                `search.indexFields[${i}].name must not repeat another field (got ${show(field.name)})`,
            );
        }
        fieldNames.add(field.name);
        for (const problem of indexFieldProblems(field)) {
            problems.push(`search.indexFields[${i}]: ${problem}`);
        }
    });
    if (service.cpu !== undefined && service.memory !== undefined) {
        const size = fargateSizeProblem(service.cpu, service.memory, {
            cpu: "service.cpu",
            memory: "service.memory",
        });
        if (size !== undefined) {
            problems.push(size);
        }
    }
    if (
        service.image === undefined &&
        !invalid(s.service, "image") &&
        service.waitForSteadyState === true
    ) {
        problems.push(
            "service.waitForSteadyState must be false while service.image is unset: there is no image to wait for (push the first image, then set service.image)",
        );
    }
    // GuardDuty and Security Hub exist once per account and region: adopting names what exists.
    const security = s.security ?? {};
    const where = region ?? "<region>";
    if (!invalid(s.security, "guardDutyDetectorId")) {
        if (security.guardDuty === "adopt" && security.guardDutyDetectorId === undefined) {
            problems.push(
                `security.guardDutyDetectorId is required when security.guardDuty is adopt: set the id that aws guardduty list-detectors --region ${where} prints`,
            );
        }
        if (
            security.guardDuty !== undefined &&
            security.guardDuty !== "adopt" &&
            security.guardDutyDetectorId !== undefined
        ) {
            problems.push(
                `security.guardDutyDetectorId must be unset unless security.guardDuty is adopt (security.guardDuty is ${show(security.guardDuty)})`,
            );
        }
    }
    if (!invalid(s.security, "accountId")) {
        if (security.securityHub === "adopt" && security.accountId === undefined) {
            problems.push(
                "security.accountId is required when security.securityHub is adopt: set the 12-digit id that aws sts get-caller-identity --query Account --output text prints",
            );
        }
        if (
            security.securityHub !== undefined &&
            security.securityHub !== "adopt" &&
            security.accountId !== undefined
        ) {
            problems.push(
                `security.accountId must be unset unless security.securityHub is adopt (security.securityHub is ${show(security.securityHub)})`,
            );
        }
    }
    // AWS Config: one recorder per account and region; adopting names it.
    if (!invalid(s.security, "configRecorderName")) {
        if (security.config === "adopt" && security.configRecorderName === undefined) {
            problems.push(
                `security.configRecorderName is required when security.config is adopt: set the name that aws configservice describe-configuration-recorders --region ${where} prints`,
            );
        }
        if (
            security.config !== undefined &&
            security.config !== "adopt" &&
            security.configRecorderName !== undefined
        ) {
            problems.push(
                `security.configRecorderName must be unset unless security.config is adopt (security.config is ${show(security.config)})`,
            );
        }
    }
    if (security.cisStandard === true && security.securityHub === "off") {
        problems.push(
            "security.cisStandard needs Security Hub: set security.securityHub to create or adopt, or security.cisStandard to false",
        );
    }
    if (
        service.minTasks !== undefined &&
        service.maxTasks !== undefined &&
        service.minTasks > service.maxTasks
    ) {
        problems.push(
            `service.minTasks must be at most service.maxTasks (${service.maxTasks}) (got ${service.minTasks})`,
        );
    }
}
