/** `npm run plan` in-process for the plan specs: its output and exit code as a shell sees them. */
import { runPlan } from "../scripts/planCore";

export async function runPlanCli(
    ...args: string[]
): Promise<{ status: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const status = await runPlan(args, {
        out: (text) => (stdout += text),
        err: (text) => (stderr += `${text}\n`),
    });
    return { status, stdout, stderr };
}
