/**
 * `npm run parity`'s command line: argument parsing (node:util parseArgs), the survey commands,
 * the comparison and `--write`. I/O is passed in so tests run it in-process with fakes.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { listStacks, PROJECT_ROOT, readStackConfig } from "../offline/stackFiles";
import { NOTES_DEFAULTS, surveyCommands, surveyScript, SurveyNames } from "./awsCommands";
import {
    parityRows,
    readSurvey,
    renderJson,
    renderMarkdown,
    StackResource,
    SurveyFileError,
} from "./parity";
import { applySurvey } from "./stackWrite";

export const PARITY_USAGE = `usage:
  npm run parity -- --commands [--stack NAME] [--profile P] [names...]
  npm run parity -- --stack NAME --from DIR [--format md|json] [--write] [names...]

  --commands             print the read-only AWS CLI survey (a bash script, one JSON file per command)
  --profile P            AWS CLI profile of the production account, on every command
  --stack NAME           the stack to compare (default for --commands: prod)
  --from DIR             folder of survey files (<service>-<command>.json)
  --format md|json       Markdown table (default) or a JSON array of rows
  --write                put production's user-set DB parameters and the adopted CloudSearch domain's
                         fields, scaling and availability into Pulumi.<stack>.yaml (comments kept)
  --root DIR             project folder holding Pulumi.yaml (default: this repository)
names (defaults from the team's notes and the stack file):
  --rds-instance ID      RDS instance (default: the one using --parameter-group)
  --parameter-group N    RDS parameter group when no instance is named (default: ${NOTES_DEFAULTS.parameterGroup})
  --cache-cluster ID     ElastiCache cluster (default: ${NOTES_DEFAULTS.cacheCluster})
  --ecs-cluster NAME     ECS cluster (default: ${NOTES_DEFAULTS.ecsCluster})
  --ecs-service NAME     ECS service (default: the cluster's only service)
  --alb-name NAME        load balancer (default: the region's only application load balancer)
  --distribution-id ID   CloudFront distribution (default: the one serving tng:domainName)
  --web-acl-name N, --web-acl-id ID   WAF web ACL (default: the distribution's)
  --search-domain NAME   CloudSearch domain (default: search.existingDomainName, else ${NOTES_DEFAULTS.searchDomain})
exit: 0 table printed (or written), 2 usage error, unknown stack, unreadable survey file or a write
that would not synth`;

export interface ParityIo {
    readonly out: (text: string) => void;
    readonly err: (text: string) => void;
    /** Renders a stack offline (synthesize); tests pass the real one. */
    readonly synth: (stack: string, root: string) => Promise<readonly StackResource[]>;
}

class UsageError extends Error {}

/** The stack itself does not render (bad settings): exit 2 with the message. */
class StackError extends Error {}

const OPTIONS = {
    help: { type: "boolean" },
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

/** Reads a `tng:` object setting from the stack's config (undefined if absent or unparsable). */
function setting(config: Record<string, string>, key: string): Record<string, unknown> {
    try {
        return (JSON.parse(config[`tng:${key}`] ?? "{}") ?? {}) as Record<string, unknown>;
    } catch {
        return {};
    }
}

export async function runParity(argv: readonly string[], io: ParityIo): Promise<number> {
    let values: ReturnType<typeof parseValues>;
    try {
        values = parseValues([...argv]);
    } catch (e) {
        io.err(`${(e as Error).message}\n${PARITY_USAGE}`);
        return 2;
    }
    if (values.help) {
        io.out(PARITY_USAGE);
        return 0;
    }
    try {
        return await run(values, io);
    } catch (e) {
        if (e instanceof UsageError || e instanceof SurveyFileError || e instanceof StackError) {
            io.err(e instanceof UsageError ? `${e.message}\n${PARITY_USAGE}` : e.message);
            return 2;
        }
        throw e;
    }
}

async function run(values: ReturnType<typeof parseValues>, io: ParityIo): Promise<number> {
    const root = path.resolve(values.root ?? PROJECT_ROOT);
    if (!fs.existsSync(path.join(root, "Pulumi.yaml"))) {
        throw new UsageError(`--root ${root} has no Pulumi.yaml`);
    }
    const stacks = listStacks(root);
    const stack = values.stack ?? (values.commands ? "prod" : undefined);
    if (stack === undefined) {
        throw new UsageError("give --commands, or --stack NAME with --from DIR");
    }
    if (!stacks.includes(stack)) {
        throw new UsageError(`no stack file Pulumi.${stack}.yaml; stacks: ${stacks.join(", ")}`);
    }
    const { config } = readStackConfig(stack, root);
    const names: SurveyNames = {
        profile: values.profile,
        region: config["aws:region"] ?? "ap-northeast-1",
        rdsInstance: values["rds-instance"],
        parameterGroup: values["parameter-group"] ?? NOTES_DEFAULTS.parameterGroup,
        cacheCluster: values["cache-cluster"] ?? NOTES_DEFAULTS.cacheCluster,
        ecsCluster: values["ecs-cluster"] ?? NOTES_DEFAULTS.ecsCluster,
        ecsService: values["ecs-service"],
        albName: values["alb-name"],
        distributionId: values["distribution-id"],
        domainName: config["tng:domainName"],
        webAclName: values["web-acl-name"],
        webAclId: values["web-acl-id"],
        searchDomain:
            values["search-domain"] ??
            (setting(config, "search").existingDomainName as string | undefined) ??
            NOTES_DEFAULTS.searchDomain,
    };
    if (values.commands) {
        if (values.from || values.write || values.format) {
            throw new UsageError("--commands takes no --from, --format or --write");
        }
        io.out(surveyScript(names, stack));
        return 0;
    }
    if (!values.from) {
        throw new UsageError("--from DIR is required to compare (collect it with --commands)");
    }
    const format = values.format ?? "md";
    if (format !== "md" && format !== "json") {
        throw new UsageError(`--format must be md or json (got ${JSON.stringify(format)})`);
    }
    const commands = surveyCommands(names);
    const survey = readSurvey(
        values.from,
        commands.map((c) => c.file),
    );
    let resources: readonly StackResource[];
    try {
        resources = await io.synth(stack, root);
    } catch (e) {
        throw new StackError(`stack ${stack} does not synth: ${(e as Error).message}`);
    }
    const rows = parityRows({ stack, resources, survey, commands, names });
    io.out(format === "json" ? renderJson(rows) : renderMarkdown(stack, rows));
    if (!values.write) {
        return 0;
    }
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    const result = applySurvey(fs.readFileSync(file, "utf8"), survey);
    for (const c of result.conflicts) {
        io.err(`not written: ${c}`);
    }
    if (result.changes.length === 0) {
        io.err(`${path.basename(file)} already matches production`);
        return 0;
    }
    // The stack must still synth: check the new file in a scratch copy before replacing it.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tng-parity-"));
    try {
        fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(scratch, "Pulumi.yaml"));
        fs.writeFileSync(path.join(scratch, path.basename(file)), result.text);
        await io.synth(stack, scratch);
    } catch (e) {
        io.err(
            `not written: ${path.basename(file)} with production's values does not synth:\n${(e as Error).message}`,
        );
        return 2;
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
    fs.writeFileSync(file, result.text);
    for (const c of result.changes) {
        io.err(`wrote ${c}`);
    }
    io.err(`updated ${file}`);
    return 0;
}

function parseValues(argv: string[]) {
    return parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
}
