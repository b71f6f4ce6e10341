// Stack traces while the program declares its resources: on for every error, cheap for the SDK.
//
// The Pulumi SDK records a JS stack trace as text for every output and registration promise it
// creates (`debuggablePromise` in @pulumi/pulumi/runtime/debuggable.js: `new Error().stack`, a
// leak-debugging aid printed only when a program exits with promises still pending). Formatted
// through the host's source-map-support, those strings were two thirds of the time the program
// takes to declare its resources, so they used to be switched off (Error.stackTraceLimit = 0),
// and with them the file and line of every real bug. Instead, only those leak-debugging strings
// are left empty; every other error keeps its stack, formatted as before (source-mapped to the
// .ts lines under the CLI's host). Each resource's source position is unaffected (the SDK formats
// it through Resource.callsites, not debuggable.js).
//
// The one switch: TNG_STACK_TRACES=1 keeps the SDK's leak-debugging stacks too (debugging a
// program that leaks promises). TNG_SYNTH_STACK_TRACES=1 is its old name, still read.
//
// Plain CommonJS: main.js loads it through scripts/tsEntry.cjs before anything is built, and the
// offline synth (bin/offline/synth.js) requires it from the source tree. The canary in
// test/sdkInternals.test.ts checks the SDK still creates those strings in debuggable.js.
"use strict";

/** The SDK file whose `new Error().stack` strings are leak-debugging aids only. */
const LEAK_DEBUG_FILE = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/;

/** Whether the one debugging switch (or its deprecated name) is on. */
function fullStackTraces(env = process.env) {
    return Boolean(env.TNG_STACK_TRACES || env.TNG_SYNTH_STACK_TRACES);
}

/** V8's own format, for when no host installed a formatter (the offline tools). */
function v8Format(error, frames) {
    let head;
    try {
        head = Error.prototype.toString.call(error);
    } catch {
        head = "Error";
    }
    return [head, ...frames.map((f) => `    at ${f}`)].join("\n");
}

/**
 * From now until the returned function is called, the SDK's leak-debugging stack strings are
 * empty and every other stack is formatted as before. Does nothing under TNG_STACK_TRACES=1.
 * Returns the function that restores the previous formatter.
 */
function quietSdkStackTraces(env = process.env) {
    if (fullStackTraces(env)) {
        return () => undefined;
    }
    const previous = Error.prepareStackTrace;
    const quiet = function prepareStackTrace(error, frames) {
        const top = frames.length > 0 ? frames[0].getFileName() : undefined;
        if (typeof top === "string" && LEAK_DEBUG_FILE.test(top)) {
            return "";
        }
        return typeof previous === "function" ? previous(error, frames) : v8Format(error, frames);
    };
    Error.prepareStackTrace = quiet;
    return () => {
        // Only undo our own hook (a host may have installed another one meanwhile).
        if (Error.prepareStackTrace === quiet) {
            Error.prepareStackTrace = previous;
        }
    };
}

module.exports = { fullStackTraces, quietSdkStackTraces, LEAK_DEBUG_FILE };
