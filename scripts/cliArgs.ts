/**
 * Command lines of the tools, read with `node:util` parseArgs: `--flag value` and `--flag=value`,
 * `--help`/`-h` everywhere, and one clear message (a {@link UsageError}, exit 2) for an unknown
 * flag, a missing value, a value on a switch, or a stray argument.
 */
import { parseArgs } from "util";

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
