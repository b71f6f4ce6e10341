/**
 * Which errors of the program are messages and which are bugs.
 *
 * - A problem the project's own checks found (settings: `SettingsError`, a `pulumi.RunError`; a
 *   component's arguments: {@link ArgsError}) is reported as its message alone, like a settings
 *   problem.
 * - Everything else is a bug: it keeps its stack (the .ts file and line) and gains the type and
 *   name of the component whose construction failed, in its message.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * A component's argument is not allowed: the message names the argument and what is allowed.
 * Its `name` stays "Error" (what `String(e)` shows, as before the class existed).
 */
export class ArgsError extends Error {}

/** Whether `e` is a problem the project's own checks found (reported as a message). */
export function isValidationError(e: unknown): boolean {
    return e instanceof ArgsError || (e instanceof Error && pulumi.RunError.isInstance(e));
}

/** A component construction that began, in order. */
export interface ComponentStart {
    readonly type: string;
    readonly name: string;
}

/**
 * The component a bug was thrown in: the innermost `new <Class>` frame of its stack that is a
 * component begun during the build (the latest one of that class); without such a frame (no
 * stack), the latest component begun.
 */
export function failingComponent(
    stack: string | undefined,
    started: readonly ComponentStart[],
): { component: ComponentStart; exact: boolean } | undefined {
    for (const line of (stack ?? "").split("\n")) {
        const m = /^\s+at new ([\w$]+) /.exec(line);
        if (m === null) {
            continue;
        }
        const cls = m[1];
        for (let i = started.length - 1; i >= 0; i--) {
            if (started[i].type.split(":").pop() === cls) {
                return { component: started[i], exact: true };
            }
        }
    }
    const last = started[started.length - 1];
    return last === undefined ? undefined : { component: last, exact: false };
}

/** The frames of a stack (its lines after the message). */
function framesOf(stack: string | undefined): string {
    const lines = (stack ?? "").split("\n");
    const first = lines.findIndex((l) => /^\s+at /.test(l));
    return first < 0 ? "" : lines.slice(first).join("\n");
}

/**
 * `e` with the failing component named in its message, its stack frames unchanged, `cause` the
 * original error.
 */
export function inComponent(e: Error, started: readonly ComponentStart[]): Error {
    const stack = e.stack;
    const found = failingComponent(stack, started);
    if (found === undefined) {
        return e;
    }
    const { type, name } = found.component;
    const where = found.exact
        ? `in component ${type} "${name}"`
        : `after component ${type} "${name}" began (no stack frame names a component)`;
    const wrapped = new Error(`${e.message} [${where}]`, { cause: e });
    wrapped.name = e.name;
    const frames = framesOf(stack);
    wrapped.stack = `${e.name}: ${wrapped.message}${frames ? `\n${frames}` : ""}`;
    return wrapped;
}

/**
 * Runs the program's `build`: an {@link ArgsError} becomes a `pulumi.RunError` (printed as its
 * message, no stack trace), a settings problem passes through, and any other error (a bug) is
 * rethrown with its stack and the name of the component it was thrown in.
 */
export function reportingErrors<T>(build: () => T): T {
    const started: ComponentStart[] = [];
    // Every resource construction passes through the stack's transformations, synchronously, in
    // order: the components among them are what a bug's stack frames are matched against.
    pulumi.runtime.registerStackTransformation(({ type, name, resource }) => {
        // (instanceof: the SDK's isInstance flags are set only after its constructor returns.)
        if (resource instanceof pulumi.ComponentResource) {
            started.push({ type, name });
        }
        return undefined;
    });
    try {
        return build();
    } catch (e) {
        if (!(e instanceof Error)) {
            throw e;
        }
        if (e instanceof ArgsError) {
            throw new pulumi.RunError(e.message);
        }
        if (isValidationError(e)) {
            throw e;
        }
        throw inComponent(e, started);
    }
}
