/**
 * PostgreSQL engine versions on RDS: support dates, RDS Extended Support enrolment and its cost
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html).
 */
import { instanceClassSize } from "./instanceClasses";
import { ArgsError } from "../errors";

/**
 * Last day of RDS standard support per PostgreSQL major version, from the RDS release calendar
 * (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html).
 * 17's date is an estimate (the yearly pattern), not a published date.
 */
export const STANDARD_SUPPORT_ENDS: Readonly<
    Record<number, { readonly date: string; readonly estimated: boolean }>
> = {
    13: { date: "2026-02-28", estimated: false },
    14: { date: "2027-02-28", estimated: false },
    15: { date: "2028-02-29", estimated: false },
    16: { date: "2029-02-28", estimated: false },
    17: { date: "2030-02-28", estimated: true },
};

export type EngineLifecycleSupport =
    "open-source-rds-extended-support" | "open-source-rds-extended-support-disabled";

/** Where an engine version stands on a date. */
export interface EngineSupportStatus {
    /** Major version, e.g. 13. */
    readonly major: number;
    /** Parameter-group family, e.g. `postgres13`. */
    readonly family: string;
    /** Last day of standard support (YYYY-MM-DD). */
    readonly standardSupportEnds: string;
    /** Whether {@link standardSupportEnds} is an estimate. */
    readonly standardSupportEndsEstimated: boolean;
    /** Whether the date is after the end of standard support. */
    readonly inExtendedSupport: boolean;
    /** Year of Extended Support (1–3) when in it. */
    readonly extendedSupportYear?: number;
    /** The `engineLifecycleSupport` to create the instance with. */
    readonly engineLifecycleSupport: EngineLifecycleSupport;
}

/** The UTC day `years` years after `day` (YYYY-MM-DD); a 29 February lands on 1 March. */
function addYears(day: string, years: number): string {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCFullYear(d.getUTCFullYear() + years);
    return d.toISOString().slice(0, 10);
}

/**
 * The Extended Support calendar of a major: charges start the day after the last day of standard
 * support and are billed by support year, year 3 at a higher rate, for three years
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support-charges.html;
 * PostgreSQL 13: standard support to 2026-02-28, Extended Support to 2029-02-28,
 * https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html).
 * The one calendar for the preview warning and the cost estimate (`npm run cost`).
 */
export function extendedSupportCalendar(major: number): {
    readonly start: string;
    readonly year2: string;
    readonly year3: string;
    readonly end: string;
} {
    const ends = STANDARD_SUPPORT_ENDS[major];
    if (ends === undefined) {
        throw new Error(`No support dates for PostgreSQL ${major} in STANDARD_SUPPORT_ENDS.`);
    }
    const start = new Date(Date.parse(`${ends.date}T00:00:00Z`) + 24 * 60 * 60 * 1000)
        .toISOString()
        .slice(0, 10);
    return {
        start,
        year2: addYears(start, 1),
        year3: addYears(start, 2),
        end: addYears(ends.date, 3),
    };
}

/**
 * An RDS for PostgreSQL engine version: `MAJOR.MINOR`, or the name RDS gives Extended Support
 * minor versions, `MAJOR.MINOR-rds.YYYYMMDD` with an optional `.rN.YYYYMMDD` patch suffix
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support-versions.html; the API
 * answers in lower case, the docs write `-RDS.`).
 */
export const ENGINE_VERSION_PATTERN = /^(\d{1,2})\.\d{1,2}(-rds\.\d{8}(\.r\d+\.\d{8})?)?$/i;

/** The versions RDS still creates, to pick one from (run with the production profile). */
export const LIST_ENGINE_VERSIONS_COMMAND =
    "aws rds describe-db-engine-versions --engine postgres --query \"DBEngineVersions[?Status=='available'].EngineVersion\" --output text";

/** What engineVersion may be, in words (one source for the component and the settings). */
export const ENGINE_VERSION_ALLOWED = `a PostgreSQL version MAJOR.MINOR, or RDS's Extended Support name MAJOR.MINOR-rds.YYYYMMDD, with major ${Object.keys(STANDARD_SUPPORT_ENDS)[0]} to ${Object.keys(STANDARD_SUPPORT_ENDS).at(-1)}, such as 13.20 or 13.20-rds.20250220 (list what RDS still creates: ${LIST_ENGINE_VERSIONS_COMMAND})`;

/** Whether RDS names such a version and this project knows its major's support dates. */
export function isKnownEngineVersion(engineVersion: string): boolean {
    const m = ENGINE_VERSION_PATTERN.exec(engineVersion);
    return m !== null && Number(m[1]) in STANDARD_SUPPORT_ENDS;
}

/** The major version of an engine version; throws when it is malformed or has no support dates. */
export function engineMajor(engineVersion: string): number {
    if (!isKnownEngineVersion(engineVersion)) {
        throw new ArgsError(
            `Database engineVersion must be ${ENGINE_VERSION_ALLOWED} (got ${JSON.stringify(engineVersion)}).`,
        );
    }
    return Number(ENGINE_VERSION_PATTERN.exec(engineVersion)![1]);
}

/**
 * Support status of a PostgreSQL engine version on `now`. Creating an instance with
 * `open-source-rds-extended-support-disabled` after the end of standard support is refused, so a
 * version past it must be created enrolled (and pays); before it, enrolment stays off so RDS never
 * starts charging silently (it upgrades the major version at the end of standard support instead).
 */
export function engineSupportStatus(engineVersion: string, now: Date): EngineSupportStatus {
    const major = engineMajor(engineVersion);
    const { date, estimated } = STANDARD_SUPPORT_ENDS[major];
    const calendar = extendedSupportCalendar(major);
    const day = now.toISOString().slice(0, 10);
    const inExtendedSupport = day >= calendar.start;
    const extendedSupportYear = !inExtendedSupport
        ? undefined
        : day >= calendar.year3
          ? 3
          : day >= calendar.year2
            ? 2
            : 1;
    return {
        major,
        family: `postgres${major}`,
        standardSupportEnds: date,
        standardSupportEndsEstimated: estimated,
        inExtendedSupport,
        extendedSupportYear,
        engineLifecycleSupport: inExtendedSupport
            ? "open-source-rds-extended-support"
            : "open-source-rds-extended-support-disabled",
    };
}

/** The warning logged when the engine runs in Extended Support on `now`; undefined otherwise. */
export function extendedSupportWarning(
    engineVersion: string,
    instanceClass: string,
    multiAz: boolean,
    now: Date,
): string | undefined {
    const status = engineSupportStatus(engineVersion, now);
    if (!status.inExtendedSupport) {
        return undefined;
    }
    const { vCpus } = instanceClassSize(instanceClass);
    return (
        `RDS for PostgreSQL ${status.major} (engine ${engineVersion}) left standard support on ` +
        `${status.standardSupportEnds} and runs in RDS Extended Support (year ${status.extendedSupportYear}), ` +
        `billed per vCPU-hour on top of the instance: ${instanceClass} has ${vCpus} vCPUs` +
        `${multiAz ? ", billed twice for Multi-AZ" : ""} (npm run cost prices it). ` +
        `Upgrade the major version: see the upgrade plan in docs/migration.md.`
    );
}
