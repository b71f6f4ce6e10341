/**
 * RDS instance classes the `database.instanceClass` setting accepts: memory and vCPUs, which size
 * the parameter group, the Extended Support estimate and the connection alarm.
 */
import { ArgsError } from "../errors";
/** Memory and vCPUs of an RDS instance class. */
export interface InstanceClassSize {
    readonly memoryGiB: number;
    readonly vCpus: number;
}

const BURSTABLE: Readonly<Record<string, InstanceClassSize>> = {
    micro: { memoryGiB: 1, vCpus: 2 },
    small: { memoryGiB: 2, vCpus: 2 },
    medium: { memoryGiB: 4, vCpus: 2 },
    large: { memoryGiB: 8, vCpus: 2 },
    xlarge: { memoryGiB: 16, vCpus: 4 },
    "2xlarge": { memoryGiB: 32, vCpus: 8 },
};

/** General purpose (4 GiB per vCPU) or memory optimised (8 GiB per vCPU), `large` and up. */
function fixedPerformance(
    gibPerVcpu: number,
    multiples: readonly number[],
): Record<string, InstanceClassSize> {
    const sizes: Record<string, InstanceClassSize> = {
        large: { memoryGiB: 2 * gibPerVcpu, vCpus: 2 },
        xlarge: { memoryGiB: 4 * gibPerVcpu, vCpus: 4 },
    };
    for (const n of multiples) {
        sizes[`${n}xlarge`] = { memoryGiB: 4 * n * gibPerVcpu, vCpus: 4 * n };
    }
    return sizes;
}

const GRAVITON = [2, 4, 8, 12, 16]; // m6g/m7g/r6g/r7g stop at 16xlarge
const INTEL_5 = [2, 4, 8, 12, 16, 24];
const INTEL_6 = [2, 4, 8, 12, 16, 24, 32];
const INTEL_7 = [2, 4, 8, 12, 16, 24, 48];

/**
 * Memory and vCPUs of every family the `database.instanceClass` setting accepts, from the RDS
 * instance class specifications (the sizes RDS offers; availability per region still varies):
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html
 */
export const INSTANCE_CLASSES: Readonly<
    Record<string, Readonly<Record<string, InstanceClassSize>>>
> = {
    t3: BURSTABLE,
    t4g: BURSTABLE,
    m5: fixedPerformance(4, INTEL_5),
    m6g: fixedPerformance(4, GRAVITON),
    m6i: fixedPerformance(4, INTEL_6),
    m7g: fixedPerformance(4, GRAVITON),
    m7i: fixedPerformance(4, INTEL_7),
    r5: fixedPerformance(8, INTEL_5),
    r6g: fixedPerformance(8, GRAVITON),
    r6i: fixedPerformance(8, INTEL_6),
    r7g: fixedPerformance(8, GRAVITON),
    r7i: fixedPerformance(8, INTEL_7),
};

/** Memory and vCPUs of `db.<family>.<size>`; throws for a class missing from {@link INSTANCE_CLASSES}. */
export function instanceClassSize(instanceClass: string): InstanceClassSize {
    if (!isKnownInstanceClass(instanceClass)) {
        throw new ArgsError(
            `Database instanceClass ${JSON.stringify(instanceClass)} has no known memory and vCPU count: ` +
                `use one of the sizes in INSTANCE_CLASSES (components/data/instanceClasses.ts) or add it there.`,
        );
    }
    const [, family, size] = instanceClass.split(".");
    return INSTANCE_CLASSES[family][size];
}

/** Whether {@link instanceClassSize} knows `instanceClass` (parameters are sized from it). */
export function isKnownInstanceClass(instanceClass: string): boolean {
    const [prefix, family, size] = instanceClass.split(".");
    return prefix === "db" && INSTANCE_CLASSES[family]?.[size] !== undefined;
}

/**
 * The max_connections RDS derives from its default formula LEAST({DBInstanceClassMemory/9531392},
 * 5000)
 * (https://docs.aws.amazon.com/prescriptive-guidance/latest/tuning-postgresql-parameters/max-connections.html),
 * taking DBInstanceClassMemory as 90 % of the class's memory (RDS reserves some for the OS;
 * observed values sit 8-12 % under the nominal ones). An estimate for alarm thresholds only.
 */
export function estimatedMaxConnections(instanceClass: string): number {
    const bytes = instanceClassSize(instanceClass).memoryGiB * 1024 ** 3 * 0.9;
    return Math.min(Math.floor(bytes / 9531392), 5000);
}
