/**
 * `npm run parity`'s command line: argument parsing (lib/cli.ts), the survey commands, the
 * comparison and `--write`. I/O is passed in so tests run it in-process with fakes.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { listStacks, PROJECT_ROOT, readStackConfig } from "../offline/stackFiles";
import { EXIT, helpText, readCli, ToolIo, usageMessage, UsageError } from "../lib/cli";
import { InputFileError, readTextFile } from "../lib/files";
import {
    HOST_NAME_PATTERN,
    NOTES_DEFAULTS,
    REGION_PATTERN,
    surveyCommands,
    surveyScript,
    SurveyNames,
} from "./awsCommands";
import type { StackResource } from "./parity";
import { resolveSources } from "./parity/compare";
import { readSurvey } from "./parity/read";
import type { Proposal } from "./stackWrite";

/*
 * The rows and the stack file writer are loaded when a comparison needs them: both read the
 * project's enforced DB parameters, whose module loads the Pulumi SDK (about 1 s), which --help,
 * --commands and every usage or survey-folder mistake do without.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const rowsModule = () => require("./parity") as typeof import("./parity");
const writeModule = () => require("./stackWrite") as typeof import("./stackWrite");
/* eslint-enable @typescript-eslint/no-require-imports */

export const PARITY_USAGE = helpText({
    usage: "npm run parity -- --commands [--stack NAME] [--profile P] [names...] | --stack NAME --from DIR [--format md|json] [--write] [names...]",
    options: [
        [
            "--commands",
            "print the read-only AWS CLI survey (a bash script, one JSON file per command)",
        ],
        ["--profile P", "AWS CLI profile of the production account, on every command"],
        ["--stack NAME", "the stack to compare (default for --commands: prod)"],
        ["--from DIR", "folder of survey files (<service>-<command>.json)"],
        ["--format md|json", "Markdown table (default) or a JSON array of rows"],
        [
            "--write",
            "put production's user-set DB parameters, running image, CloudFront HTTP version and the adopted CloudSearch domain's fields, scaling and availability into Pulumi.<stack>.yaml: comments kept, atomic, values the policy config flags refused",
        ],
        ["--root DIR", "project folder holding Pulumi.yaml (default: this repository)"],
        ["names:", "defaults from the team's notes and the stack file"],
        ["--rds-instance ID", "RDS instance (default: the one using --parameter-group)"],
        [
            "--parameter-group N",
            `RDS parameter group when no instance is named (default: ${NOTES_DEFAULTS.parameterGroup})`,
        ],
        ["--cache-cluster ID", `ElastiCache cluster (default: ${NOTES_DEFAULTS.cacheCluster})`],
        ["--ecs-cluster NAME", `ECS cluster (default: ${NOTES_DEFAULTS.ecsCluster})`],
        ["--ecs-service NAME", "ECS service (default: the cluster's only service)"],
        ["--alb-name NAME", "load balancer (default: the region's only application load balancer)"],
        [
            "--distribution-id ID",
            "CloudFront distribution (default: the one serving tng:domainName)",
        ],
        ["--web-acl-name N, --web-acl-id ID", "WAF web ACL (default: the distribution's)"],
        [
            "--search-domain NAME",
            `CloudSearch domain (default: search.existingDomainName, else ${NOTES_DEFAULTS.searchDomain})`,
        ],
    ],
    exits: [
        [EXIT.ok, "table printed (or written)"],
        [
            EXIT.usage,
            "usage error, unknown stack, unreadable or empty survey folder, a write that would not synth or a stack file changed during the run",
        ],
        [EXIT.destructive, "written in part (each refused value reported)"],
    ],
});

export interface ParityIo extends ToolIo {
    /** Renders a stack offline (synthesize); tests pass the real one. */
    readonly synth: (stack: string, root: string) => Promise<readonly StackResource[]>;
    /**
     * The stack's policy findings (advisory and mandatory, one line each) with the stack files of
     * `root`, under the stack's policy config; throws when the stack does not synth. Without it,
     * --write checks only that the stack synths.
     */
    readonly policy?: (stack: string, root: string) => Promise<string[]>;
}

/** The stack itself does not render (bad settings): exit 2 with the message. */
class StackError extends Error {}

const OPTIONS = {
    commands: { type: "boolean" },
    profile: { type: "string" },
    stack: { type: "string" },
    from: { type: "string" },
    format: { type: "string" },
    write: { type: "boolean" },
    root: { type: "string" },
    "rds-instance": { type: "string" },
    "parameter-group": { type: "string" },
    "cache-cluster": { type: "string" },
    "ecs-cluster": { type: "string" },
    "ecs-service": { type: "string" },
    "alb-name": { type: "string" },
    "distribution-id": { type: "string" },
    "web-acl-name": { type: "string" },
    "web-acl-id": { type: "string" },
    "search-domain": { type: "string" },
} as const;

type Values = Partial<Record<keyof typeof OPTIONS, string | boolean>> & Record<string, unknown>;

/** Reads a `tng:` object setting from the stack's config (undefined if absent or unparsable). */
function setting(config: Record<string, string>, key: string): Record<string, unknown> {
    try {
        const v = JSON.parse(config[`tng:${key}`] ?? "{}") as unknown;
        return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : {};
    } catch {
        return {};
    }
}

/**
 * `npm run parity` with `argv`: prints through `io` and returns the exit code. A usage mistake
 * prints `parity: <message>` and the usage line; a survey file or stack problem
 * `parity: <message>` (both exit 2); anything unexpected is thrown.
 */
export async function runParity(argv: readonly string[], io: ParityIo): Promise<number> {
    try {
        const cli = readCli(argv, OPTIONS);
        if (cli.help) {
            io.out(PARITY_USAGE);
            return EXIT.ok;
        }
        return await run(cli.values as Values, io);
    } catch (e) {
        if (e instanceof UsageError) {
            io.err(usageMessage("parity", e.message, PARITY_USAGE));
            return EXIT.usage;
        }
        if (e instanceof InputFileError || e instanceof StackError) {
            io.err(`parity: ${e.message}`);
            return EXIT.usage;
        }
        throw e;
    }
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

async function run(values: Values, io: ParityIo): Promise<number> {
    const root = path.resolve(str(values.root) ?? PROJECT_ROOT);
    if (!fs.existsSync(path.join(root, "Pulumi.yaml"))) {
        throw new UsageError(`--root ${root} has no Pulumi.yaml`);
    }
    const stacks = listStacks(root);
    const stack = str(values.stack) ?? (values.commands ? "prod" : undefined);
    if (stack === undefined) {
        throw new UsageError("give --commands, or --stack NAME with --from DIR");
    }
    if (!stacks.includes(stack)) {
        throw new UsageError(`no stack file Pulumi.${stack}.yaml; stacks: ${stacks.join(", ")}`);
    }
    const { config } = readStackConfig(stack, root);
    const region = config["aws:region"] ?? "ap-northeast-1";
    if (!REGION_PATTERN.test(region)) {
        throw new UsageError(
            `aws:region in Pulumi.${stack}.yaml is ${JSON.stringify(region)}, not an AWS region name such as ap-northeast-1`,
        );
    }
    const domainName = config["tng:domainName"];
    if (domainName !== undefined && !HOST_NAME_PATTERN.test(domainName)) {
        throw new UsageError(
            `tng:domainName in Pulumi.${stack}.yaml is ${JSON.stringify(domainName)}, not a host name such as tng.example.jp`,
        );
    }
    const names: SurveyNames = {
        profile: str(values.profile),
        region,
        rdsInstance: str(values["rds-instance"]),
        parameterGroup: str(values["parameter-group"]) ?? NOTES_DEFAULTS.parameterGroup,
        cacheCluster: str(values["cache-cluster"]) ?? NOTES_DEFAULTS.cacheCluster,
        ecsCluster: str(values["ecs-cluster"]) ?? NOTES_DEFAULTS.ecsCluster,
        ecsService: str(values["ecs-service"]),
        albName: str(values["alb-name"]),
        distributionId: str(values["distribution-id"]),
        domainName,
        webAclName: str(values["web-acl-name"]),
        webAclId: str(values["web-acl-id"]),
        searchDomain:
            str(values["search-domain"]) ??
            str(setting(config, "search").existingDomainName) ??
            NOTES_DEFAULTS.searchDomain,
    };
    if (values.commands) {
        if (values.from || values.write || values.format) {
            throw new UsageError("--commands takes no --from, --format or --write");
        }
        io.out(surveyScript(names, stack));
        return 0;
    }
    const from = str(values.from);
    if (!from) {
        throw new UsageError("--from DIR is required to compare (collect it with --commands)");
    }
    const format = str(values.format) ?? "md";
    if (format !== "md" && format !== "json") {
        throw new UsageError(`--format must be md or json (got ${JSON.stringify(format)})`);
    }
    const commands = surveyCommands(names);
    const survey = readSurvey(
        from,
        commands.map((c) => c.file),
    );
    let resources: readonly StackResource[];
    try {
        resources = await io.synth(stack, root);
    } catch (e) {
        throw new StackError(`stack ${stack} does not synth: ${(e as Error).message}`);
    }
    const input = { stack, resources, survey, commands, names };
    const { parityRows, renderJson, renderMarkdown } = rowsModule();
    const rows = parityRows(input);
    io.out(format === "json" ? renderJson(rows) : renderMarkdown(stack, rows));
    for (const [, why] of survey.failed) {
        io.err(`not surveyed: ${why}`);
    }
    if (!values.write) {
        return 0;
    }
    const td = resolveSources(input)("taskDefinition");
    return write(io, stack, root, survey, td.problem === undefined ? td.item : undefined);
}

/** A stack file with other values: its text, and its policy findings (it must synth). */
async function check(
    io: ParityIo,
    stack: string,
    root: string,
    file: string,
    text: string,
): Promise<string[]> {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tng-parity-"));
    try {
        fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(scratch, "Pulumi.yaml"));
        fs.writeFileSync(path.join(scratch, path.basename(file)), text);
        if (io.policy) {
            return await io.policy(stack, scratch);
        }
        await io.synth(stack, scratch);
        return [];
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}

const sha = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

async function write(
    io: ParityIo,
    stack: string,
    root: string,
    survey: ReturnType<typeof readSurvey>,
    taskDefinition: unknown,
): Promise<number> {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    const base = path.basename(file);
    const original = readTextFile(file);
    const { applyProposals, planSurveyWrite } = writeModule();
    const plan = planSurveyWrite(original, survey, "tng", { taskDefinition });
    const refused = [...plan.refused];
    for (const sk of plan.skipped) {
        io.err(`left alone: ${sk}`);
    }
    let accepted: Proposal[] = plan.proposals;
    if (accepted.length === 0) {
        for (const r of refused) {
            io.err(`not written: ${r}`);
        }
        io.err(`${base} already matches production`);
        return refused.length ? 3 : 0;
    }
    // Findings of today's file: a value is refused when it adds a finding (advisory or mandatory).
    const baseline = new Set(io.policy ? await check(io, stack, root, file, original) : []);
    const added = async (proposals: readonly Proposal[]) => {
        const text = applyProposals(original, proposals).text;
        return (await check(io, stack, root, file, text)).filter((v) => !baseline.has(v));
    };
    try {
        const found = await added(accepted);
        if (found.length) {
            // Halves, to refuse only the values that bring findings at a few renders' cost.
            const flagged: { p: Proposal; why: string[] }[] = [];
            const search = async (ps: Proposal[], why: string[]): Promise<void> => {
                if (ps.length === 1) {
                    flagged.push({ p: ps[0], why });
                    return;
                }
                const half = Math.ceil(ps.length / 2);
                for (const part of [ps.slice(0, half), ps.slice(half)]) {
                    const own = await added(part);
                    if (own.length) {
                        await search(part, own);
                    }
                }
            };
            await search(accepted, found);
            for (const f of flagged) {
                refused.push(
                    `${f.p.path.join(".")} = ${JSON.stringify(f.p.value)}: the stack's policy config would flag it (${f.why.join("; ")})`,
                );
            }
            accepted = accepted.filter((p) => !flagged.some((f) => f.p === p));
            const left = accepted.length ? await added(accepted) : [];
            if (left.length || flagged.length === 0) {
                refused.push(
                    `the values together would be flagged (${(left.length ? left : found).join("; ")}); nothing written`,
                );
                accepted = [];
            }
        }
    } catch (e) {
        io.err(
            `not written: ${base} with production's values does not synth:\n${(e as Error).message}`,
        );
        return 2;
    }
    for (const r of refused) {
        io.err(`not written: ${r}`);
    }
    if (accepted.length === 0) {
        io.err(`${base} not changed`);
        return refused.length ? 3 : 0;
    }
    const { text, changes } = applyProposals(original, accepted);
    // Atomic: a temporary file in the same folder, renamed over the stack file, and only when
    // nobody changed the file since it was read.
    if (sha(readTextFile(file)) !== sha(original)) {
        io.err(`not written: ${base} changed since it was read; run parity --write again`);
        return 2;
    }
    const temp = path.join(path.dirname(file), `.${base}.${process.pid}.tmp`);
    try {
        fs.writeFileSync(temp, text, { mode: fs.statSync(file).mode & 0o777, flag: "wx" });
        fs.renameSync(temp, file);
    } catch (e) {
        fs.rmSync(temp, { force: true });
        io.err(`not written: ${base}: ${(e as Error).message}`);
        return 2;
    }
    for (const c of changes) {
        io.err(`wrote ${c}`);
    }
    io.err(`updated ${file}`);
    return refused.length ? 3 : 0;
}
