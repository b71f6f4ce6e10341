// Stack traces while the program declares its resources: on for every error, cheap for the SDK.
//
// The Pulumi SDK records a JS stack trace as text for every output and registration promise it
// creates (`debuggablePromise` in @pulumi/pulumi/runtime/debuggable.js: `new Error().stack`, a
// leak-debugging aid printed only when a program exits with promises still pending). Captured and
// formatted (through the host's source-map-support), those strings were two thirds of the time
// the program takes to declare its resources, so they used to be switched off for everything
// (Error.stackTraceLimit = 0), and with them the file and line of every real bug. Now only that
// one SDK function runs without frames; every other error keeps its stack (source-mapped to the
// .ts lines by the tools). Each resource's source position is unaffected (the SDK raises the
// limit itself in Resource.callsites).
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

/**
 * From now until the returned function is called, the SDK records its leak-debugging stack
 * strings without frames (its `debuggablePromise` runs with Error.stackTraceLimit = 0); every
 * other error keeps its full stack. Does nothing under TNG_STACK_TRACES=1. Returns the function
 * that puts the SDK's own `debuggablePromise` back.
 */
function quietSdkStackTraces(env = process.env) {
    if (fullStackTraces(env)) {
        return () => undefined;
    }
    // The SDK's modules call it through the module object (`debuggable_1.debuggablePromise(...)`,
    // TypeScript's CommonJS output), so replacing the export reaches every caller.
    const debuggable = require("@pulumi/pulumi/runtime/debuggable");
    const original = debuggable.debuggablePromise;
    const quiet = function debuggablePromise(p, ctx) {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return original(p, ctx);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
    debuggable.debuggablePromise = quiet;
    return () => {
        if (debuggable.debuggablePromise === quiet) {
            debuggable.debuggablePromise = original;
        }
    };
}

module.exports = { fullStackTraces, quietSdkStackTraces, LEAK_DEBUG_FILE };
