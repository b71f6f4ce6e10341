/** `npm run plan` in-process for the plan specs: its output and exit code as a shell sees them. */
import { runPlan } from "../scripts/planCore";
import { renderedStack } from "./harness";

export async function runPlanCli(
    ...args: string[]
): Promise<{ status: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const status = await runPlan(args, {
        out: (text) => (stdout += text),
        err: (text) => (stderr += `${text}\n`),
        // The committed stack file renders the same in every spec: once per mocha process (the
        // spawned spec in test/plan.test.ts renders as the script does).
        render: renderedStack,
    });
    return { status, stdout, stderr };
}
