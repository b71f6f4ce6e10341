/**
 * npm run invalidate -- (--stack NAME | --outputs FILE | --distribution-id ID) --paths PATH... [--wait]
 * (--help for the options; --flag=value works too)
 *
 * Invalidates paths of a stack's CloudFront distribution on demand (deploys that change the
 * image or asset version invalidate by themselves). AWS credentials come from the usual SDK
 * chain (AWS_PROFILE, environment, SSO); the caller needs cloudfront:CreateInvalidation (and
 * cloudfront:GetInvalidation for --wait) on the distribution. Exit 2 on a usage error.
 */
import { execFileSync } from "child_process";
import { randomUUID } from "crypto";
import { CloudFrontClient, waitUntilInvalidationCompleted } from "@aws-sdk/client-cloudfront";
import { readTextFile } from "../lib/files";
import { runInvalidate, USAGE } from "./invalidateCore";
import { runEntry } from "../lib/cli";

/** Longest --wait, in seconds; invalidations usually finish within a few minutes. */
const MAX_WAIT_SECONDS = 900;

// CloudFront is a global service whose API lives in us-east-1.
const client = new CloudFrontClient({ region: "us-east-1" });

function stackOutputs(stack: string): unknown {
    let json: string;
    try {
        json = execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
    } catch (e) {
        const err = e as NodeJS.ErrnoException & { stderr?: string };
        if (err.code === "ENOENT") {
            throw new Error(
                "the pulumi CLI is not on PATH: pass --distribution-id ID, or --outputs FILE with the stack's outputs",
                { cause: e },
            );
        }
        throw new Error(
            `pulumi stack output --stack ${stack} failed: ${(err.stderr ?? err.message).trim()}`,
            { cause: e },
        );
    }
    return JSON.parse(json);
}

void runEntry("invalidate", USAGE, () =>
    runInvalidate(process.argv.slice(2), {
        client,
        waitUntilCompleted: async (distributionId, id) => {
            await waitUntilInvalidationCompleted(
                { client, maxWaitTime: MAX_WAIT_SECONDS },
                { DistributionId: distributionId, Id: id },
            );
        },
        stackOutputs,
        // A regular file of stack outputs (a FIFO or device is refused), at most 16 MiB.
        readFile: (file) =>
            readTextFile(file, { label: `--outputs ${file}`, maxBytes: 16 * 1024 * 1024 }),
        callerReference: () => `tng-invalidate-${Date.now()}-${randomUUID()}`,
        log: (line) => console.log(line),
        error: (line) => console.error(line),
    }),
);
