/**
 * How the offline tools (synth, the CLI-path replay) report an error of the program: a problem
 * the project's checks found as its message; a bug with its stack, source-mapped to the .ts files
 * and lines, and the component it was thrown in (components/errors.ts names it in the message).
 *
 * The tools run the esbuild output in bin/ without source maps turned on (turning them on makes
 * every stack the SDK formats cost a map lookup per frame): the stack of a bug is mapped here,
 * once, through the `.js.map` files scripts/build.mjs writes beside each module.
 */
import * as fs from "fs";
import { SourceMap } from "module";
import * as path from "path";
import { fileURLToPath } from "url";
import { isValidationError } from "../components/errors";
import { PROJECT_ROOT, StackFileError } from "./stackFiles";

interface StackTraces {
    fullStackTraces(env?: NodeJS.ProcessEnv): boolean;
    quietSdkStackTraces(env?: NodeJS.ProcessEnv): () => void;
}
// Plain CommonJS shared with main.js's entry (scripts/tsEntry.cjs), read from the source tree.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a .cjs file outside the build
const stackTraces = require(path.join(PROJECT_ROOT, "sdk", "stackTraces.cjs")) as StackTraces;

/** Records the SDK's leak-debugging stacks without frames until the returned function is called. */
export const quietSdkStackTraces = stackTraces.quietSdkStackTraces;
/** Whether TNG_STACK_TRACES (or its old name TNG_SYNTH_STACK_TRACES) is set. */
export const fullStackTraces = stackTraces.fullStackTraces;

const maps = new Map<string, SourceMap | undefined>();

/** The source map beside a built file (`<file>.map`), if any. */
function mapOf(file: string): SourceMap | undefined {
    if (!maps.has(file)) {
        let map: SourceMap | undefined;
        try {
            map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
        } catch {
            map = undefined;
        }
        maps.set(file, map);
    }
    return maps.get(file);
}

/** `file:line:column` of a built file mapped to its source; unchanged when there is no map. */
export function sourcePosition(file: string, line: number, column: number): string {
    const map = file.endsWith(".js") ? mapOf(file) : undefined;
    const entry = map?.findEntry(line - 1, column - 1) as
        { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    if (entry?.originalSource === undefined || entry.originalLine === undefined) {
        return `${file}:${line}:${column}`;
    }
    const source = entry.originalSource.startsWith("file:")
        ? fileURLToPath(entry.originalSource)
        : path.resolve(path.dirname(file), entry.originalSource);
    return `${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
}

/** A stack with every frame in a built file replaced by its .ts position. */
export function sourceMappedStack(stack: string): string {
    return stack
        .split("\n")
        .map((line) =>
            /^\s+at /.test(line)
                ? line.replace(/(\/[^():]+\.js):(\d+):(\d+)/, (_m, file: string, l, c) =>
                      sourcePosition(file, Number(l), Number(c)),
                  )
                : line,
        )
        .join("\n");
}

/** The first frame of a stack in the project's own sources: `relative/path.ts:line:column`. */
export function projectFrame(stack: string): string | undefined {
    for (const line of stack.split("\n")) {
        const m = /^\s+at (?:.*\()?(\/[^()]+\.ts):(\d+):(\d+)\)?$/.exec(line);
        if (m && !m[1].includes(`${path.sep}node_modules${path.sep}`)) {
            return `${path.relative(PROJECT_ROOT, m[1])}:${m[2]}:${m[3]}`;
        }
    }
    return undefined;
}

/** Whether an error is a problem in the stack file, the settings or a component's arguments. */
export function isConfigProblem(e: unknown): boolean {
    return e instanceof StackFileError || isValidationError(e);
}

/**
 * What a tool prints for an error of the program: a config problem's message; for anything
 * else the source-mapped stack, headed by the .ts position it was thrown at.
 */
export function errorReport(e: unknown): string {
    if (!(e instanceof Error)) {
        return String(e);
    }
    if (isConfigProblem(e)) {
        return e.message;
    }
    const stack = sourceMappedStack(e.stack ?? `${e.name}: ${e.message}`);
    const at = projectFrame(stack);
    if (at === undefined) {
        return stack;
    }
    const [head, ...frames] = stack.split("\n");
    return [head, `  thrown at ${at}`, ...frames].join("\n");
}
