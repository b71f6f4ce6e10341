/**
 * Mocha root hooks: every run starts with strict recording mocks installed, and an unhandled
 * rejection (a failed Output or registration nobody awaited) fails the run instead of vanishing.
 */
import "./sourceMaps"; // first: every module after it reports .ts lines
import "../offline/deferClosureSerializer"; // before anything loads @pulumi/pulumi
import { freshMocks } from "./harness";

process.on("unhandledRejection", (reason) => {
    throw reason;
});

export const mochaHooks = {
    async beforeAll(): Promise<void> {
        await freshMocks();
    },
};
