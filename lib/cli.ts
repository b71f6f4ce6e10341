/**
 * The one command-line helper of every tool (scripts/, survey/, offline/ CLIs):
 *
 * - arguments read with `node:util` parseArgs ({@link readCli}): `--flag value` and
 *   `--flag=value`, `--help`/`-h` everywhere, and one wording for each mistake: an unknown
 *   option, a missing value, a value on a switch, a stray argument ({@link UsageError});
 * - one help format ({@link helpText}): the usage line, one line per option, the exit codes;
 * - one set of exit codes ({@link EXIT});
 * - one way to end ({@link runTool}, and {@link runEntry} for an entry script): the code goes to
 *   `process.exitCode`, and an entry exits only once stdout and stderr have drained, so
 *   everything written to a pipe arrives; a usage mistake prints `<tool>: <message>` and the
 *   usage line on stderr (exit 2); an input file that cannot be used prints its message (exit 2);
 *   anything unexpected prints one line (exit 1).
 */
import { parseArgs } from "util";
import { InputFileError } from "./files";

/**
 * The exit codes of every tool. A tool uses the subset its `--help` lists.
 * - 0: done, nothing wrong found;
 * - 1: the tool ran and found what it checks for (a mandatory policy violation, an out-of-date
 *   file, a ratio above the limit), or it failed unexpectedly;
 * - 2: usage, stack file, config or input file error (nothing was written);
 * - 3: `plan` only: a protected or data-holding resource would be replaced or deleted.
 */
export const EXIT = { ok: 0, found: 1, usage: 2, destructive: 3 } as const;

/** A mistake in the command line: the tool prints the message and its usage, and exits 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** The flags a tool takes (`help` is added). */
export type CliOptions = Record<
    string,
    { readonly type: "string" | "boolean"; readonly short?: string; readonly multiple?: boolean }
>;

/** How a tool words each mistake (defaults in {@link DEFAULT_MESSAGES}). */
export interface CliMessages {
    needsValue(flag: string): string;
    unknown(flag: string): string;
    unexpected(arg: string): string;
    takesNoValue(flag: string): string;
    /** A repeated flag; a repeat is allowed (the last wins) when this is undefined. */
    twice?(flag: string): string;
}

export const DEFAULT_MESSAGES: CliMessages = {
    needsValue: (flag) => `${flag} needs a value`,
    unknown: (flag) => `unknown option ${flag}`,
    unexpected: (arg) => `unexpected argument ${JSON.stringify(arg)}`,
    takesNoValue: (flag) => `${flag} takes no value`,
};

/** One token of the command line, in order (positionals keep their place among the flags). */
export type CliToken =
    | { readonly kind: "option"; readonly name: string; readonly value?: string }
    | { readonly kind: "positional"; readonly value: string };

export interface CliArgs {
    /** `--help` or `-h` was given (anywhere): print the usage and exit 0. */
    readonly help: boolean;
    readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
    readonly positionals: readonly string[];
    readonly tokens: readonly CliToken[];
}

/**
 * Reads `argv` against `options`. Positionals are refused unless `positionals` is set. A value
 * that looks like a flag (`--stack --out x`) counts as missing, as does an empty `--flag=`.
 * Throws a {@link UsageError} for the first mistake, unless `--help` was given.
 */
export function readCli(
    argv: readonly string[],
    options: CliOptions,
    config: { positionals?: boolean; messages?: Partial<CliMessages> } = {},
): CliArgs {
    const messages = { ...DEFAULT_MESSAGES, ...config.messages };
    const all: CliOptions = { help: { type: "boolean", short: "h" }, ...options };
    // Not strict: the checks below word every mistake the tool's way.
    const { tokens: raw } = parseArgs({
        args: [...argv],
        options: all,
        strict: false,
        allowPositionals: true,
        tokens: true,
    });
    const help = raw.some((t) => t.kind === "option" && t.name === "help");
    const values: Record<string, string | boolean | string[] | undefined> = {};
    const positionals: string[] = [];
    const tokens: CliToken[] = [];
    let afterTerminator = false;
    const problem = (message: string): CliArgs => {
        if (help) {
            return { help, values, positionals, tokens };
        }
        throw new UsageError(message);
    };
    for (const t of raw) {
        if (t.kind === "option-terminator") {
            afterTerminator = true;
            continue;
        }
        if (t.kind === "positional") {
            if (!config.positionals && !afterTerminator) {
                return problem(messages.unexpected(t.value));
            }
            positionals.push(t.value);
            tokens.push({ kind: "positional", value: t.value });
            continue;
        }
        const spec = all[t.name];
        if (spec === undefined) {
            return problem(messages.unknown(t.rawName));
        }
        if (spec.type === "boolean") {
            if (t.inlineValue) {
                return problem(messages.takesNoValue(t.rawName));
            }
            values[t.name] = true;
            tokens.push({ kind: "option", name: t.name });
            continue;
        }
        const v = t.value;
        if (v === undefined || v === "" || (!t.inlineValue && v.startsWith("-") && v !== "-")) {
            return problem(messages.needsValue(t.rawName));
        }
        if (spec.multiple) {
            values[t.name] = [...((values[t.name] as string[] | undefined) ?? []), v];
        } else {
            if (values[t.name] !== undefined && messages.twice) {
                return problem(messages.twice(t.rawName));
            }
            values[t.name] = v;
        }
        tokens.push({ kind: "option", name: t.name, value: v });
    }
    return { help, values, positionals, tokens };
}

/** What a tool's `--help` says. */
export interface HelpSpec {
    /** The usage line, without "usage: ". */
    readonly usage: string;
    /** Option (or argument) and what it does, in order; `--help` is added. */
    readonly options: readonly (readonly [string, string])[];
    /** Exit code and what it means, in order. */
    readonly exits: readonly (readonly [number, string])[];
    /** Paragraphs after the options (optional). */
    readonly notes?: readonly string[];
}

/** The one help format: usage, options aligned, notes, exit codes. */
export function helpText(spec: HelpSpec): string {
    const options = [...spec.options, ["--help", "this text"] as const];
    const width = Math.max(...options.map(([o]) => o.length));
    return [
        `usage: ${spec.usage}`,
        ...options.map(([o, what]) => `  ${o.padEnd(width)}  ${what}`),
        ...(spec.notes ?? []),
        `exit codes: ${spec.exits.map(([code, what]) => `${code} ${what}`).join(", ")}`,
    ].join("\n");
}

/** The one style of a usage mistake: `<tool>: <message>` then the usage line. */
export function usageMessage(tool: string, message: string, usage: string): string {
    const line = usage.split("\n")[0];
    return message ? `${tool}: ${message}\n${line}` : line;
}

/**
 * Where a tool's core (scripts/<tool>Core.ts, survey/<tool>Command.ts) sends its output: the
 * entry passes stdout and stderr, the specs capture both in-process. Each call is one block; the
 * tool's entry says whether it adds the newline. A core with more to inject extends this.
 */
export interface ToolIo {
    readonly out: (text: string) => void;
    readonly err: (text: string) => void;
}

/**
 * Runs a tool's `main` and ends the process the one way: `process.exitCode` (stdout drains).
 * `usage` is the tool's usage line (or its help text: the first line is used).
 */
export function runTool(
    tool: string,
    usage: string,
    main: () => number | Promise<number>,
    streams: { stderr: (text: string) => void } = {
        stderr: (text) => process.stderr.write(`${text}\n`),
    },
): Promise<number> {
    return Promise.resolve()
        .then(main)
        .catch((e: unknown) => {
            if (e instanceof UsageError) {
                streams.stderr(usageMessage(tool, e.message, usage));
                return EXIT.usage;
            }
            if (e instanceof InputFileError) {
                streams.stderr(`${tool}: ${e.message}`);
                return EXIT.usage;
            }
            // Unexpected: one line, no stack trace.
            streams.stderr(`${tool} failed: ${e instanceof Error ? e.message : String(e)}`);
            return EXIT.found;
        })
        .then((code) => {
            process.exitCode = code;
            return code;
        });
}

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
    if (stream.writableLength === 0 || stream.destroyed) {
        return Promise.resolve(); // Linux writes stdio pipes and files synchronously
    }
    // Writes complete in order: the callback of an empty one follows all before it. An error
    // (the reader went away) ends the wait as well.
    return new Promise((resolve) => {
        stream.once("error", () => resolve());
        stream.write("", () => resolve());
    });
}

/**
 * An entry script's {@link runTool}: when the tool is done and its output has drained, the
 * process exits. Left to end on its own, Node would first wait for V8's background work in
 * flight, such as a concurrent garbage collection started near the end (about 50 ms of a prod
 * synth's 730, median of 15 alternating runs), though nothing of the tool is left to run.
 * In-process runs (the specs) use runTool.
 */
export function runEntry(
    tool: string,
    usage: string,
    main: () => number | Promise<number>,
): Promise<never> {
    return runTool(tool, usage, main).then(async (code) => {
        await flushed(process.stdout);
        await flushed(process.stderr);
        process.exit(code);
    });
}
