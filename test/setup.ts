/**
 * Mocha root hooks: every run starts with strict recording mocks installed, and an unhandled
 * rejection (a failed Output or registration nobody awaited) fails the run instead of vanishing.
 */
import "./sourceMaps"; // first: every module after it reports .ts lines
import "../offline/deferClosureSerializer"; // before anything loads @pulumi/pulumi
import { freshMocks } from "./harness";
import { quietSdkStackTraces } from "../offline/errorReport";
import { withoutSourcePositions } from "../sdk/internals";

// Every spec declares resources as the offline synth does: without the SDK's leak-debugging stack
// strings and per-resource source positions (sdk/stackTraces.cjs, sdk/internals.ts). Nothing in
// the specs reads them, and with source maps on, each is a source-mapped stack capture: they cost
// more than the components the specs record. Errors keep their stacks. The SDK canaries run with
// the SDK as shipped through {@link withSdkAsShipped}.
let restoreSdk = quietSdk();

function quietSdk(): () => void {
    const restoreStackTraces = quietSdkStackTraces();
    const restoreSourcePositions = withoutSourcePositions();
    return () => {
        restoreSourcePositions();
        restoreStackTraces();
    };
}

/** Runs `fn` with the SDK's own stack strings and source positions (the canaries check them). */
export async function withSdkAsShipped<T>(fn: () => Promise<T> | T): Promise<T> {
    restoreSdk();
    try {
        return await fn();
    } finally {
        restoreSdk = quietSdk();
    }
}

process.on("unhandledRejection", (reason) => {
    throw reason;
});

export const mochaHooks = {
    async beforeAll(): Promise<void> {
        await freshMocks();
    },
};
