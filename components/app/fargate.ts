/**
 * Fargate task sizes: the CPU units a task may have and the memory (MiB) allowed with each
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).
 */

function range(from: number, to: number, step: number): number[] {
    const out: number[] = [];
    for (let v = from; v <= to; v += step) {
        out.push(v);
    }
    return out;
}

/** Task CPU units Fargate offers. */
export const FARGATE_CPU_UNITS = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;
export type FargateCpu = (typeof FARGATE_CPU_UNITS)[number];

/** Valid Fargate task sizes: cpu units → allowed memory (MiB). */
export const FARGATE_MEMORY: Readonly<Record<FargateCpu, readonly number[]>> = {
    256: [512, 1024, 2048],
    512: range(1024, 4096, 1024),
    1024: range(2048, 8192, 1024),
    2048: range(4096, 16384, 1024),
    4096: range(8192, 30720, 1024),
    8192: range(16384, 61440, 4096),
    16384: range(32768, 122880, 8192),
};

/**
 * What is wrong with a task size, or undefined when Fargate offers it. `keys` name the two
 * values in the message (the component's args, or the dotted settings).
 */
export function fargateSizeProblem(
    cpu: number,
    memory: number,
    keys: { readonly cpu: string; readonly memory: string } = { cpu: "cpu", memory: "memory" },
): string | undefined {
    const memories = FARGATE_MEMORY[cpu as FargateCpu] as readonly number[] | undefined;
    if (memories === undefined) {
        return `${keys.cpu} must be one of ${FARGATE_CPU_UNITS.join(", ")} (got ${cpu})`;
    }
    if (!memories.includes(memory)) {
        return `${keys.memory} must be one of ${memories.join(", ")} for ${keys.cpu} ${cpu} (got ${memory})`;
    }
    return undefined;
}
