/**
 * `npm run parity`: the survey commands, the difference table from realistic AWS CLI output
 * (test/fixtures/survey/prod), bad input, and --write on a scratch copy of the stack files.
 */
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { PROJECT_ROOT } from "../../offline/stackFiles";
import { synthesize } from "../../offline/synth";
import { surveyCommands, surveyScript } from "../../survey/awsCommands";
import { ParityRow, renderMarkdown } from "../../survey/parity";
import { ParityIo, PARITY_USAGE, runParity } from "../../survey/parityCommand";
import { parityRenders } from "../../survey/parityPolicy";
import { applyProposals, planSurveyWrite, yaml11Special } from "../../survey/stackWrite";
import { freshMocks, renderedStack } from "../harness";

const FIXTURES = path.join(PROJECT_ROOT, "test", "fixtures", "survey", "prod");

/**
 * The script's renders (scripts/parity.ts): each content of the stack files is rendered once for
 * the whole file, so the repository's stacks, their scratch copies and --write's checks of the
 * same text share one render, as one run of the tool shares them. The repository's own stack
 * files (or a scratch copy of them) are the harness's render, shared with the other specs of this
 * mocha process.
 */
function sameFile(root: string, file: string): boolean {
    try {
        const copy = path.join(root, file);
        return (
            fs.statSync(copy).isFile() &&
            fs.readFileSync(copy, "utf8") === fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8")
        );
    } catch {
        return false; // rendered as the tool does, which reports it
    }
}
const renders = parityRenders(async (stack, root) => {
    if (
        root === PROJECT_ROOT ||
        (sameFile(root, "Pulumi.yaml") && sameFile(root, `Pulumi.${stack}.yaml`))
    ) {
        return renderedStack(stack);
    }
    const result = await synthesize(stack, { root });
    await freshMocks();
    return result;
});

async function parity(...argv: string[]) {
    return parityWith({}, ...argv);
}

async function parityWith(over: Partial<ParityIo>, ...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runParity(argv, {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        synth: renders.synth,
        policy: renders.policy,
        ...over,
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
}

/** The rows of a survey folder against prod. */
async function rowsOf(dir: string, ...flags: string[]): Promise<ParityRow[]> {
    const { code, out, err } = await parity(
        "--stack",
        "prod",
        "--from",
        dir,
        "--format",
        "json",
        ...flags,
    );
    assert.strictEqual(code, 0, err);
    return JSON.parse(out) as ParityRow[];
}

const readJson = (dir: string, f: string) =>
    JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const writeJson = (dir: string, f: string, v: unknown) =>
    fs.writeFileSync(path.join(dir, f), JSON.stringify(v, null, 4));

/** A scratch folder holding a copy of the survey with `edit` applied. */
function surveyCopy(edit: (dir: string) => void): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-survey-"));
    for (const f of fs.readdirSync(FIXTURES)) {
        fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
    }
    edit(dir);
    return dir;
}

function row(rows: ParityRow[], resource: string, item: string): ParityRow {
    const r = rows.find((x) => x.resource === resource && x.item === item);
    assert.ok(r, `no row ${resource} / ${item}`);
    return r;
}

const REQUIRED_FILES = [
    "elasticache-describe-cache-parameters.json",
    "cloudsearch-describe-domain-endpoint-options.json",
    "cloudsearch-describe-analysis-schemes.json",
    "ec2-describe-nat-gateways.json",
    "iam-get-account-authorization-details.json",
    "s3api-list-buckets.json",
    "s3api-get-bucket-details.json",
    "rds-describe-db-instances.json",
    "rds-describe-db-parameters.json",
    "elasticache-describe-cache-clusters.json",
    "ecs-describe-services.json",
    "ecs-describe-task-definition.json",
    "cloudfront-get-distribution-config.json",
    "wafv2-get-web-acl.json",
    "cloudsearch-describe-domains.json",
    "cloudsearch-describe-index-fields.json",
    "cloudsearch-describe-scaling-parameters.json",
    "cloudsearch-describe-availability-options.json",
];

describe("parity: survey commands", () => {
    it("prints one read-only aws command per file, named <service>-<command>.json", async () => {
        const { code, out } = await parity("--commands", "--profile", "production-profile");
        assert.strictEqual(code, 0);
        // Each file is written to FILE.part and renamed only when its command succeeds.
        const writes = out.split("\n").filter((l) => l.startsWith("if ") && l.includes(".part"));
        const files = writes.map((l) => /> "\$OUT\/([^"]+)\.part"; then mv -f /.exec(l)?.[1]);
        for (const f of REQUIRED_FILES) {
            assert.ok(files.includes(f), `missing ${f}`);
        }
        for (const l of writes) {
            const file = /> "\$OUT\/([^"]+)\.part"/.exec(l)?.[1];
            assert.ok(
                l.endsWith(
                    `then mv -f "$OUT/${file}.part" "$OUT/${file}"; else rm -f "$OUT/${file}.part"; FAILED="$FAILED ${file}"; fi`,
                ),
                l,
            );
            for (const m of l.matchAll(/aws ([a-z0-9]+) ([a-z-]+) /g)) {
                assert.match(m[2], /^(describe|get|list)-/, l);
            }
            const first = /^if (?:\{ .*?)?aws ([a-z0-9]+) ([a-z-]+) /.exec(l);
            if (!l.startsWith("if { ")) {
                assert.strictEqual(`${first?.[1]}-${first?.[2]}.json`, file, l);
            }
            assert.match(l, / --profile production-profile /);
        }
        // Every lookup is read-only too.
        for (const l of out.split("\n").filter((x) => x.includes("$(aws "))) {
            assert.match(l, /\$\(aws [a-z0-9]+ (describe|get|list)-/, l);
        }
        // The script goes on after a failed command and says which failed.
        assert.match(out, /^set -uo pipefail$/m);
        assert.doesNotMatch(out, /set -e/);
        assert.match(
            out,
            /^if \[ -n "\$FAILED" \]; then echo "failed .*:\$FAILED" >&2; exit 1; fi$/m,
        );
        assert.match(out, /--cache-cluster-id tng-prod --show-cache-node-info/);
        assert.match(out, /PARAMETER_GROUP=custom-postgres13/);
        assert.match(out, /--cluster production-cluster/);
        assert.match(out, /contains\(Aliases\.Items, '\\''tng\.example\.jp'\\''\)/);
        assert.match(out, /--domain-name tng-prod --profile/);
        assert.match(out, /cloudsearch describe-domain-endpoint-options --domain-name tng-prod /);
        assert.match(out, /cloudsearch describe-analysis-schemes --domain-name tng-prod /);
        assert.match(
            out,
            /elasticache describe-cache-parameters --cache-parameter-group-name "\$CACHE_PARAMETER_GROUP"/,
        );
        assert.match(out, /ec2 describe-nat-gateways --filter 'Name=state,Values=available' /);
        assert.match(
            out,
            /iam get-account-authorization-details --filter Role LocalManagedPolicy /,
        );
        assert.match(out, /wafv2 get-web-acl --scope CLOUDFRONT/);
    });

    it("takes names from flags", () => {
        const cmds = surveyCommands({
            region: "ap-northeast-1",
            rdsInstance: "tng-db",
            parameterGroup: "custom-postgres13",
            cacheCluster: "c1",
            ecsCluster: "k1",
            ecsService: "s1",
            distributionId: "E2QWRUHEXAMPLE",
            webAclName: "acl",
            webAclId: "id-1",
            searchDomain: "d1",
        });
        const byFile = new Map(cmds.map((c) => [c.file, c]));
        assert.match(
            byFile.get("rds-describe-db-instances.json")!.command,
            /--db-instance-identifier tng-db /,
        );
        assert.deepStrictEqual(byFile.get("wafv2-get-web-acl.json")!.setup, [
            "WEB_ACL_NAME=acl",
            "WEB_ACL_ID=id-1",
        ]);
        assert.deepStrictEqual(byFile.get("cloudfront-get-distribution-config.json")!.setup, [
            "DISTRIBUTION_ID=E2QWRUHEXAMPLE",
        ]);
        assert.deepStrictEqual(byFile.get("ecs-describe-services.json")!.setup, [
            "ECS_SERVICES=s1",
        ]);
        assert.match(
            byFile.get("cloudsearch-describe-index-fields.json")!.command,
            /--domain-name d1 /,
        );
    });
});

describe("parity: the difference table", function () {
    let rows: ParityRow[];
    before(async () => {
        const { code, out } = await parity(
            "--stack",
            "prod",
            "--from",
            FIXTURES,
            "--format",
            "json",
        );
        assert.strictEqual(code, 0);
        rows = JSON.parse(out) as ParityRow[];
    });

    it("has every row of the notes' table", () => {
        const notes: [string, string][] = [
            ["ElastiCache Memcached", "instance type"],
            ["ElastiCache Memcached", "engine version"],
            ["ElastiCache Memcached", "parameter group"],
            ["ElastiCache Memcached", "node count"],
            ["ElastiCache Memcached", "scaling (AZ mode)"],
            ["RDS PostgreSQL", "instance type"],
            ["RDS PostgreSQL", "engine version"],
            ["RDS PostgreSQL", "storage type"],
            ["RDS PostgreSQL", "allocated storage (GiB)"],
            ["RDS PostgreSQL", "encryption"],
            ["RDS PostgreSQL", "Multi-AZ"],
            ["RDS PostgreSQL", "deletion protection"],
            ["RDS PostgreSQL", "Performance Insights"],
            ["RDS PostgreSQL", "enhanced monitoring interval (s)"],
            ["RDS PostgreSQL", "parameter group"],
            ["RDS PostgreSQL", "automatic backups (days)"],
            ["RDS PostgreSQL", "backup window (UTC)"],
            ["RDS PostgreSQL", "auto minor version upgrade"],
            ["RDS PostgreSQL", "maintenance window (UTC)"],
            ["ECS", "Fargate platform version"],
            ["ECS", "task CPU / memory (MiB)"],
            ["ALB", "type"],
            ["ALB", "SSL/TLS policy (HTTPS listener)"],
            ["CloudFront", "price class"],
            ["CloudFront", "HTTP version"],
            ["WAF", "rules"],
            ["WAF", "rate limit"],
        ];
        for (const [resource, item] of notes) {
            const r = row(rows, resource, item);
            assert.notStrictEqual(r.status, "not surveyed");
        }
        for (const r of rows) {
            assert.deepStrictEqual(
                Object.keys(r).filter((k) => !["itemJa", "impact"].includes(k)),
                ["resource", "item", "production", "stack", "status"],
            );
        }
    });

    it("compares production's values with the stack's", () => {
        assert.deepStrictEqual(row(rows, "RDS PostgreSQL", "storage type"), {
            resource: "RDS PostgreSQL",
            item: "storage type",
            itemJa: "ストレージタイプ",
            production: "gp2",
            stack: "gp3",
            status: "different",
            impact: "gp3 has a 3,000 IOPS baseline at gp2's price per GB",
        });
        assert.strictEqual(row(rows, "RDS PostgreSQL", "engine version").status, "same");
        assert.strictEqual(row(rows, "RDS PostgreSQL", "encryption").production, "disabled");
        assert.strictEqual(
            row(rows, "RDS PostgreSQL", "parameter group").production,
            "custom-postgres13",
        );
        assert.strictEqual(
            row(rows, "ElastiCache Memcached", "engine version").production,
            "1.4.34",
        );
        assert.strictEqual(
            row(rows, "ElastiCache Memcached", "parameter group").production,
            "default.memcached1.4",
        );
        const platform = row(rows, "ECS", "Fargate platform version");
        assert.deepStrictEqual(
            [platform.production, platform.stack, platform.status],
            ["1.4.0", "LATEST", "different"],
        );
        const size = row(rows, "ECS", "task CPU / memory (MiB)");
        assert.deepStrictEqual(
            [size.production, size.stack, size.status],
            ["1024 / 2048", "1024 / 2048", "same"],
        );
        const price = row(rows, "CloudFront", "price class");
        assert.deepStrictEqual(
            [price.production, price.stack],
            ["PriceClass_All", "PriceClass_200"],
        );
        const tls = row(rows, "CloudFront", "TLS minimum (viewer)");
        assert.deepStrictEqual([tls.production, tls.stack], ["TLSv1.2_2019", "TLSv1.2_2021"]);
    });

    it("has a row for every user-set parameter of production's group", () => {
        const user = [
            "autovacuum_naptime",
            "autovacuum_vacuum_scale_factor",
            "idle_in_transaction_session_timeout",
            "log_min_duration_statement",
            "log_statement",
            "rds.force_ssl",
            "statement_timeout",
            "timezone",
            "work_mem",
        ];
        for (const n of user) {
            assert.ok(row(rows, "RDS PostgreSQL", `parameter ${n}`).production !== null, n);
        }
        assert.strictEqual(
            row(rows, "RDS PostgreSQL", "parameter timezone").status,
            "production only",
        );
        const ssl = row(rows, "RDS PostgreSQL", "parameter rds.force_ssl");
        assert.deepStrictEqual([ssl.production, ssl.stack, ssl.status], ["0", "1", "different"]);
        assert.match(ssl.impact ?? "", /enforces rds\.force_ssl = 1/);
        // Engine defaults and system values equal to the stack's are the same, not user settings.
        assert.strictEqual(row(rows, "RDS PostgreSQL", "parameter shared_buffers").status, "same");
        assert.ok(!rows.some((r) => r.item === "parameter application_name"));
    });

    it("inventories production's WAF rules, flagging custom rules the stack would drop", () => {
        const bots = row(rows, "WAF", "rule BlockBadBots");
        assert.deepStrictEqual(
            [bots.production, bots.stack, bots.status],
            [
                'custom byteMatch {"fieldToMatch":{"singleHeader":{"name":"user-agent"}},"positionalConstraint":"CONTAINS","searchString":"MJ12bot","textTransformations":[{"priority":0,"type":"LOWERCASE"}]}, block',
                null,
                "production only",
            ],
        );
        assert.match(bots.impact ?? "", /custom rule the stack would drop/);
        assert.strictEqual(row(rows, "WAF", "rule AllowOfficeIps").status, "production only");
        assert.strictEqual(row(rows, "WAF", "rule RateLimitRule").status, "same");
        assert.strictEqual(
            row(rows, "WAF", "rate limit").production,
            "rate 2000 per 300 s per IP, block",
        );
    });

    it("compares cache behaviours in CloudFront's order, resolving cache policies", () => {
        const assets = row(rows, "CloudFront", "behaviour /assets/*");
        assert.strictEqual(
            assets.production,
            "S3, TTL 1/86400/31536000 s (min/default/max), key: cookies none, headers none, query strings none",
        );
        assert.strictEqual(assets.status, "different");
        assert.strictEqual(row(rows, "CloudFront", "behaviour /uploads/*").status, "same");
        assert.strictEqual(row(rows, "CloudFront", "behaviour /api/*").status, "production only");
        const behaviours = rows.filter((r) => r.item.startsWith("behaviour ")).map((r) => r.item);
        assert.strictEqual(behaviours[behaviours.length - 1], "behaviour default");
    });

    it("compares the CloudSearch fields and scaling", () => {
        assert.strictEqual(row(rows, "CloudSearch", "field title").status, "same");
        assert.strictEqual(row(rows, "CloudSearch", "field view_count").status, "production only");
        const type = row(rows, "CloudSearch", "instance type");
        assert.deepStrictEqual([type.production, type.stack], ["search.medium", "search.small"]);
        assert.strictEqual(row(rows, "CloudSearch", "Multi-AZ").production, "disabled");
    });

    it("prints Markdown with English and Japanese headings by default", async () => {
        const { code, out } = await parity("--stack=prod", `--from=${FIXTURES}`);
        assert.strictEqual(code, 0);
        assert.match(out, /^## Parity: production vs stack `prod` \/ 本番環境との差分一覧$/m);
        assert.match(
            out,
            /^\| Resource \/ リソース \| Item \/ 項目 \| Production \/ 本番環境 \| Stack \/ スタック \| Status \/ 状態 \| Impact \/ 影響・備考 \|$/m,
        );
        assert.match(
            out,
            /^\| \*\*RDS PostgreSQL\*\* \| instance type \/ インスタンスタイプ \| `db\.t3\.xlarge` \| `db\.t3\.xlarge` \| same \| {2}\|$/m,
        );
    });
});

describe("parity: bad input", () => {
    it("leaves a missing file's rows not surveyed, naming the command that collects it", async () => {
        const dir = surveyCopy((d) => fs.rmSync(path.join(d, "ecs-describe-task-definition.json")));
        const { code, out } = await parity("--stack", "prod", "--from", dir, "--format", "json");
        assert.strictEqual(code, 0);
        const size = row(JSON.parse(out) as ParityRow[], "ECS", "task CPU / memory (MiB)");
        assert.strictEqual(size.status, "not surveyed");
        assert.strictEqual(size.production, null);
        assert.match(
            size.impact ?? "",
            /^ecs-describe-task-definition\.json missing; collect it with: .*aws ecs describe-task-definition --task-definition "\$TASK_DEFINITION" .* > "DIR\/ecs-describe-task-definition\.json"$/,
        );
    });

    it("exits 2 on a truncated or non-JSON file, naming it", async () => {
        const dir = surveyCopy((d) => {
            const f = path.join(d, "wafv2-get-web-acl.json");
            fs.writeFileSync(f, fs.readFileSync(f, "utf8").slice(0, 200));
        });
        const { code, err } = await parity("--stack", "prod", "--from", dir);
        assert.strictEqual(code, 2);
        assert.match(
            err,
            /^parity: \S+\/wafv2-get-web-acl\.json is not valid JSON: .+ \(truncated\?\); collect it again with --output json$/,
        );
        assert.doesNotMatch(err, /\n\s+at /);
    });

    it("exits 2 on an unknown stack, flag or format, with the usage", async () => {
        const usageLine = PARITY_USAGE.split("\n")[0];
        for (const [args, message, usage] of [
            [
                ["--stack", "nosuchstack", "--from", FIXTURES],
                /^parity: no stack file Pulumi\.nosuchstack\.yaml; stacks: dev, prod\n/,
                true,
            ],
            [
                ["--stack", "prod", "--from", FIXTURES, "--colour"],
                /^parity: unknown option --colour\n/,
                true,
            ],
            [
                ["--stack", "prod", "--from", FIXTURES, "--format", "csv"],
                /^parity: --format must be md or json \(got "csv"\)\n/,
                true,
            ],
            [["--stack", "prod"], /^parity: --from DIR is required/, true],
            [
                ["--stack", "prod", "--from", "/nonexistent-survey"],
                /^parity: \/nonexistent-survey is not a directory of survey files$/,
                false,
            ],
        ] as [string[], RegExp, boolean][]) {
            const { code, err } = await parity(...args);
            assert.strictEqual(code, 2, args.join(" "));
            assert.match(err, message);
            if (usage) {
                assert.ok(err.endsWith(`\n${usageLine}`), err);
                assert.strictEqual(err.split("\n").length, 2, err);
            }
        }
        const help = await parity("--help");
        assert.strictEqual(help.code, 0);
        assert.strictEqual(help.out, PARITY_USAGE);
    });
});

describe("parity: the runbook's survey step as written (docs/migration.md 0.6)", () => {
    it("runs each parity line of the step, the survey folder standing in for production", async () => {
        const doc = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "migration.md"), "utf8");
        const step = doc.slice(doc.indexOf("## 0.6 Gate"), doc.indexOf("## 1. Database"));
        const lines = step
            .split("\n")
            .filter((l) => l.startsWith("npm run -s parity -- "))
            .map((l) => l.replace(/\s+#.*$/, "").replace(/\s*>\s*\S+$/, ""));
        assert.strictEqual(lines.length, 2, lines.join("\n"));
        const [commands, compare] = lines.map((l) =>
            l
                .slice("npm run -s parity -- ".length)
                .split(/\s+/)
                .map((w) => (w === "survey-prod" ? FIXTURES : w)),
        );
        const script = await parity(...commands);
        assert.strictEqual(script.code, 0, script.err);
        assert.match(script.out, /^#!\/usr\/bin\/env bash\n/);
        const table = await parity(...compare);
        assert.strictEqual(table.code, 0, table.err);
        assert.match(table.out, /^## Parity: production vs stack `prod`/);
    });
});

describe("parity: shell safety", () => {
    it("quotes every interpolated name, so a $(...) in a flag never runs", () => {
        const marker = path.join(os.tmpdir(), `tng-injected-${process.pid}`);
        const evil = `$(touch ${marker})`;
        const script = surveyScript(
            {
                region: "ap-northeast-1",
                profile: `p'; ${evil}; '`,
                parameterGroup: evil,
                cacheCluster: evil,
                ecsCluster: evil,
                ecsService: evil,
                albName: evil,
                distributionId: evil,
                domainName: "tng.example.jp",
                webAclName: evil,
                webAclId: evil,
                searchDomain: evil,
            },
            "prod",
        );
        // Every occurrence sits inside single quotes: bash reads it as text.
        for (const l of script.split("\n").filter((x) => x.includes("touch"))) {
            for (const m of l.matchAll(/\$\(touch [^)]*\)/g)) {
                const before = l.slice(0, m.index);
                const quotes =
                    (before.match(/'/g) ?? []).length - (before.match(/\\'/g) ?? []).length;
                assert.strictEqual(quotes % 2, 1, `unquoted in: ${l}`);
            }
        }
        // Run it with a stand-in aws that prints nothing: the marker must never appear.
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "tng-out-"));
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "tng-bin-"));
        fs.writeFileSync(path.join(bin, "aws"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        const r = spawnSync("bash", ["-c", script], {
            env: { PATH: `${bin}:${process.env.PATH}`, OUT: out },
            encoding: "utf8",
        });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(!fs.existsSync(marker), "a quoted value ran");
    });

    it("refuses a region or domain that is not one, before printing anything", async () => {
        for (const [key, value, message] of [
            [
                "aws:region",
                '"$(touch /tmp/x)"',
                /aws:region in Pulumi\.prod\.yaml is "\$\(touch \/tmp\/x\)", not an AWS region name/,
            ],
            [
                "tng:domainName",
                '"a\'b.example.jp"',
                /tng:domainName in Pulumi\.prod\.yaml is "a'b\.example\.jp", not a host name/,
            ],
        ] as [string, string, RegExp][]) {
            const root = fs.mkdtempSync(path.join(os.tmpdir(), "tng-root-"));
            fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
            const text = fs
                .readFileSync(path.join(PROJECT_ROOT, "Pulumi.prod.yaml"), "utf8")
                .replace(new RegExp(`^  ${key}: .*$`, "m"), `  ${key}: ${value}`);
            fs.writeFileSync(path.join(root, "Pulumi.prod.yaml"), text);
            const { code, out, err } = await parity("--commands", "--root", root);
            assert.strictEqual(code, 2);
            assert.strictEqual(out, "");
            assert.match(err, message);
        }
        assert.throws(
            () =>
                surveyCommands({
                    region: "$(id)",
                    parameterGroup: "g",
                    cacheCluster: "c",
                    ecsCluster: "e",
                    searchDomain: "d",
                }),
            /region "\$\(id\)" is not an AWS region name/,
        );
    });
});

describe("parity: production differs where the table once said same (issue 21)", function () {
    it("takes the task size and image only from the picked service's task definition", async () => {
        const dir = surveyCopy((d) => {
            const svc = readJson(d, "ecs-describe-services.json");
            const web = svc.services[0];
            const worker = {
                ...web,
                serviceName: "worker",
                serviceArn: web.serviceArn.replace("rails-app-service", "worker"),
                taskDefinition: "arn:aws:ecs:ap-northeast-1:111122223333:task-definition/worker:12",
            };
            writeJson(d, "ecs-describe-services.json", { ...svc, services: [worker, web] });
            const td = readJson(d, "ecs-describe-task-definition.json");
            td.taskDefinition.taskDefinitionArn = worker.taskDefinition;
            td.taskDefinition.cpu = "512";
            td.taskDefinition.memory = "1024";
            writeJson(d, "ecs-describe-task-definition.json", td);
        });
        const unnamed = await rowsOf(dir);
        const size = row(unnamed, "ECS", "task CPU / memory (MiB)");
        assert.strictEqual(size.status, "not surveyed");
        assert.match(
            size.impact ?? "",
            /lists 2 of ECS services \(worker, rails-app-service\); name one with its flag/,
        );
        const named = await rowsOf(dir, "--ecs-service", "rails-app-service");
        const s2 = row(named, "ECS", "task CPU / memory (MiB)");
        assert.deepStrictEqual([s2.production, s2.status], [null, "not surveyed"]);
        assert.strictEqual(
            s2.impact,
            "ecs-describe-task-definition.json holds arn:aws:ecs:ap-northeast-1:111122223333:task-definition/worker:12, not the task definition of service rails-app-service (arn:aws:ecs:ap-northeast-1:111122223333:task-definition/rails-app:57); collect it again with --ecs-service rails-app-service",
        );
        assert.strictEqual(row(named, "ECS", "running image").status, "not surveyed");
        assert.strictEqual(row(named, "ECS", "Fargate platform version").production, "1.4.0");
    });

    it("reads the TLS policy only from the picked load balancer's listeners", async () => {
        const dir = surveyCopy((d) => {
            const lbs = readJson(d, "elbv2-describe-load-balancers.json");
            const other = {
                ...lbs.LoadBalancers[0],
                LoadBalancerName: "tng-admin-alb",
                LoadBalancerArn:
                    "arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:loadbalancer/app/tng-admin-alb/0123456789abcdef",
            };
            writeJson(d, "elbv2-describe-load-balancers.json", {
                LoadBalancers: [...lbs.LoadBalancers, other],
            });
        });
        const rows = await rowsOf(dir, "--alb-name", "tng-admin-alb");
        const tls = row(rows, "ALB", "SSL/TLS policy (HTTPS listener)");
        assert.strictEqual(tls.status, "not surveyed");
        assert.strictEqual(
            tls.impact,
            "elbv2-describe-listeners.json lists listeners of arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:loadbalancer/app/tng-prod-alb/50dc6c495c0c9188, not of tng-admin-alb; collect it again with --alb-name tng-admin-alb",
        );
        assert.strictEqual(
            row(await rowsOf(FIXTURES), "ALB", "SSL/TLS policy (HTTPS listener)").production,
            "ELBSecurityPolicy-2016-08",
        );
    });

    it("shows CloudSearch source fields, defaults, fields pending deletion, custom schemes and the endpoint", async () => {
        const dir = surveyCopy((d) => {
            const f = readJson(d, "cloudsearch-describe-index-fields.json");
            f.IndexFields.push(
                {
                    Options: {
                        IndexFieldName: "all_text",
                        IndexFieldType: "text-array",
                        TextArrayOptions: {
                            SourceFields: "title,body",
                            ReturnEnabled: false,
                            HighlightEnabled: false,
                            AnalysisScheme: "_ja_default_",
                        },
                    },
                    Status: {
                        CreationDate: "2020-01-01T00:00:00+00:00",
                        UpdateDate: "2020-01-01T00:00:00+00:00",
                        UpdateVersion: 20,
                        State: "Active",
                        PendingDeletion: false,
                    },
                },
                {
                    Options: {
                        IndexFieldName: "legacy_rank",
                        IndexFieldType: "int",
                        IntOptions: {
                            DefaultValue: 0,
                            ReturnEnabled: true,
                            SortEnabled: true,
                            SearchEnabled: false,
                            FacetEnabled: false,
                        },
                    },
                    Status: {
                        CreationDate: "2019-08-01T00:00:00+00:00",
                        UpdateDate: "2026-11-20T00:00:00+00:00",
                        UpdateVersion: 31,
                        State: "Processing",
                        PendingDeletion: true,
                    },
                },
            );
            writeJson(d, "cloudsearch-describe-index-fields.json", f);
        });
        const rows = await rowsOf(dir);
        const all = row(rows, "CloudSearch", "field all_text");
        assert.deepStrictEqual(
            [all.production, all.stack, all.status],
            [
                "text-array return=false highlight=false analysis=_ja_default_ source=title,body",
                null,
                "production only",
            ],
        );
        const legacy = row(rows, "CloudSearch", "field legacy_rank");
        assert.strictEqual(
            legacy.production,
            'int search=false facet=false return=true sort=true default="0" (pending deletion)',
        );
        assert.match(
            legacy.impact ?? "",
            /production is deleting this field: --write leaves it out/,
        );
        const endpoint = row(rows, "CloudSearch", "HTTPS endpoint (enforced, TLS policy)");
        assert.deepStrictEqual(
            [endpoint.production, endpoint.stack, endpoint.status],
            [
                "HTTP allowed, Policy-Min-TLS-1-0-2019-07",
                "HTTPS only, Policy-Min-TLS-1-2-2019-07",
                "different",
            ],
        );
        // A custom analysis scheme is production's only, never "same".
        const withScheme = surveyCopy((d) =>
            writeJson(d, "cloudsearch-describe-analysis-schemes.json", {
                AnalysisSchemes: [
                    {
                        Options: {
                            AnalysisSchemeName: "ja_custom",
                            AnalysisSchemeLanguage: "ja",
                            AnalysisOptions: {
                                Synonyms: '{"groups":[["pulumi","プルミ"]]}',
                                AlgorithmicStemming: "none",
                            },
                        },
                        Status: {
                            CreationDate: "2021-01-01T00:00:00+00:00",
                            UpdateDate: "2021-01-01T00:00:00+00:00",
                            UpdateVersion: 5,
                            State: "Active",
                            PendingDeletion: false,
                        },
                    },
                ],
            }),
        );
        const scheme = row(await rowsOf(withScheme), "CloudSearch", "analysis scheme ja_custom");
        assert.deepStrictEqual(
            [scheme.production, scheme.stack, scheme.status],
            [
                'ja {"AlgorithmicStemming":"none","Synonyms":"{\\"groups\\":[[\\"pulumi\\",\\"プルミ\\"]]}"}',
                null,
                "production only",
            ],
        );
    });

    it("compares WAF rule content, scope-down statements and order", async () => {
        const dir = surveyCopy((d) => {
            const acl = readJson(d, "wafv2-get-web-acl.json");
            const rules = acl.WebACL.Rules as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
            const rate = rules.find((r) => r.Statement.RateBasedStatement);
            rate!.Statement.RateBasedStatement.ScopeDownStatement = {
                ByteMatchStatement: {
                    SearchString: "/login",
                    FieldToMatch: { UriPath: {} },
                    TextTransformations: [{ Priority: 0, Type: "NONE" }],
                    PositionalConstraint: "STARTS_WITH",
                },
            };
            writeJson(d, "wafv2-get-web-acl.json", acl);
        });
        const rows = await rowsOf(dir);
        const rate = row(rows, "WAF", "rule RateLimitRule");
        assert.strictEqual(rate.status, "different");
        assert.match(
            rate.production ?? "",
            /scope-down \{"byteMatchStatement":\{"fieldToMatch":\{"uriPath":\{\}\}/,
        );
        assert.match(rate.impact ?? "", /scope-down statement narrows a rate rule/);
        assert.strictEqual(row(rows, "WAF", "rate limit").status, "different");
        const base = await rowsOf(FIXTURES);
        assert.strictEqual(row(base, "WAF", "rule RateLimitRule").status, "same");
        const order = row(base, "WAF", "rule order (shared rules)");
        assert.ok(order.production !== null && order.stack !== null);
    });

    it("compares cache keys and behaviour order; without the cache policies they are not surveyed", async () => {
        const rows = await rowsOf(FIXTURES);
        assert.match(
            row(rows, "CloudFront", "behaviour default").production ?? "",
            /, key: cookies .*, headers .*, query strings /,
        );
        const order = row(rows, "CloudFront", "behaviour order");
        assert.match(order.production ?? "", / → /);
        const dir = surveyCopy((d) =>
            fs.rmSync(path.join(d, "cloudfront-list-cache-policies.json")),
        );
        const without = await rowsOf(dir);
        const assets = row(without, "CloudFront", "behaviour /assets/*");
        assert.strictEqual(assets.status, "not surveyed");
        assert.match(
            assets.impact ?? "",
            /^cloudfront-list-cache-policies\.json missing; collect it with: aws cloudfront list-cache-policies /,
        );
        assert.strictEqual(row(without, "CloudFront", "price class").status, "different");
    });

    it("compares Memcached parameter values", async () => {
        const rows = await rowsOf(FIXTURES);
        assert.strictEqual(
            row(rows, "ElastiCache Memcached", "parameter max_item_size").status,
            "same",
        );
        const fast = row(rows, "ElastiCache Memcached", "parameter maxconns_fast");
        assert.deepStrictEqual([fast.production, fast.stack, fast.status], ["0", "1", "different"]);
        assert.strictEqual(
            row(rows, "ElastiCache Memcached", "parameter lru_crawler").status,
            "stack only",
        );
    });

    it("shows a failed (0-byte) file's rows as not surveyed and goes on", async () => {
        const dir = surveyCopy((d) =>
            fs.writeFileSync(path.join(d, "cloudsearch-describe-index-fields.json"), ""),
        );
        const { code, out, err } = await parity(
            "--stack",
            "prod",
            "--from",
            dir,
            "--format",
            "json",
        );
        assert.strictEqual(code, 0, err);
        const rows = JSON.parse(out) as ParityRow[];
        const fields = row(rows, "CloudSearch", "index fields");
        assert.strictEqual(fields.status, "not surveyed");
        assert.match(
            fields.impact ?? "",
            /^cloudsearch-describe-index-fields\.json is empty: the command that writes it failed; collect it with: aws cloudsearch describe-index-fields /,
        );
        assert.match(err, /not surveyed: cloudsearch-describe-index-fields\.json is empty/);
        assert.strictEqual(row(rows, "CloudSearch", "instance type").status, "different");
    });

    it("reports the running image, NAT addresses, other buckets and IAM principals of the domain", async () => {
        const rows = await rowsOf(FIXTURES);
        const image = row(rows, "ECS", "running image");
        assert.strictEqual(
            image.production,
            "111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/tng-rails:2026.10.20",
        );
        assert.strictEqual(image.status, "different");
        const nat = row(rows, "VPC", "NAT outbound addresses");
        assert.deepStrictEqual(
            [nat.production, nat.stack, nat.status],
            [
                "eipalloc-0a1b2c3d4e5f60718 (203.0.113.25)",
                "new Elastic IP, new Elastic IP, new Elastic IP",
                "different",
            ],
        );
        assert.match(nat.impact ?? "", /network\.natEipAllocationIds/);
        const uploads = row(rows, "S3", "bucket tng-prod-uploads");
        assert.strictEqual(
            uploads.production,
            "encryption AES256, lifecycle 0 rule(s), CORS 1 rule(s), policy yes",
        );
        assert.strictEqual(
            row(rows, "S3", "bucket tng-prod-backups").production,
            "encryption aws:kms, lifecycle 1 rule(s), CORS 0 rule(s), policy none",
        );
        assert.ok(
            rows.some(
                (r) =>
                    r.resource === "S3" &&
                    r.item.startsWith("stack bucket ") &&
                    r.status === "stack only",
            ),
        );
        const iam = rows.filter((r) => r.resource === "IAM").map((r) => [r.item, r.production]);
        assert.deepStrictEqual(iam, [
            ["role rails-app-task", "references CloudSearch domain tng-prod (inline search)"],
            [
                "policy search-upload",
                "references CloudSearch domain tng-prod (attached to batch-reindex)",
            ],
        ]);
    });

    it("reads null entries and __proto__ / constructor keys as data", async () => {
        const dir = surveyCopy((d) => {
            fs.writeFileSync(
                path.join(d, "rds-describe-db-instances.json"),
                '{"DBInstances":[null,1,{"__proto__":{"polluted":true},"constructor":"x","DBInstanceIdentifier":"tng-db","DBParameterGroups":[null,{"DBParameterGroupName":"custom-postgres13"}],"DBInstanceClass":"db.t3.xlarge"}]}',
            );
            fs.writeFileSync(
                path.join(d, "rds-describe-db-parameters.json"),
                '{"Parameters":[null,{"ParameterName":"constructor","ParameterValue":"1","Source":"user"},{"ParameterName":"__proto__","ParameterValue":"1","Source":"user"}]}',
            );
        });
        const rows = await rowsOf(dir);
        assert.strictEqual(row(rows, "RDS PostgreSQL", "instance type").status, "same");
        assert.strictEqual(row(rows, "RDS PostgreSQL", "parameter constructor").production, "1");
        assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
    });

    it("prints survey text without terminal escape codes", () => {
        const md = renderMarkdown("prod", [
            {
                resource: "S3",
                item: "bucket \u001b[31mred\u001b[0m",
                itemJa: "バケット",
                production: "x\u001b]0;title\u0007y|z",
                stack: null,
                status: "production only",
            },
        ]);
        assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(md), JSON.stringify(md));
        assert.match(md, /\| bucket red \/ バケット \| `xy\\\|z` \| — \| production only \|/);
    });

    it("exits 2 on an empty folder or a file that is not a regular file", async () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "tng-empty-"));
        const e = await parity("--stack", "prod", "--from", empty);
        assert.strictEqual(e.code, 2);
        assert.match(
            e.err,
            /holds none of the survey files \(such as rds-describe-db-instances\.json, rds-describe-db-parameters\.json\); collect them with npm run -s parity -- --commands/,
        );
        const fifo = surveyCopy((d) => {
            fs.rmSync(path.join(d, "wafv2-get-web-acl.json"));
            execFileSync("mkfifo", [path.join(d, "wafv2-get-web-acl.json")]);
        });
        const f = await parity("--stack", "prod", "--from", fifo);
        assert.strictEqual(f.code, 2);
        assert.match(
            f.err,
            /^parity: \S+\/wafv2-get-web-acl\.json is a FIFO \(named pipe\); give a regular file$/,
        );
    });
});

/** A scratch project folder with the repository's stack files. */
function scratchRoot(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "tng-root-"));
    for (const f of ["Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.dev.yaml"]) {
        fs.copyFileSync(path.join(PROJECT_ROOT, f), path.join(root, f));
    }
    return root;
}

describe("parity: --write", function () {
    // Each checked value is a render of the stack.
    this.timeout(240_000);
    it("writes what it can, refuses what the settings or the policy config would not take (exit 3), keeps every comment", async () => {
        const root = scratchRoot();
        const before = fs.readFileSync(path.join(root, "Pulumi.prod.yaml"), "utf8");
        const dir = surveyCopy((d) => {
            const p = readJson(d, "rds-describe-db-parameters.json");
            p.Parameters.push({
                ParameterName: "synchronous_commit",
                ParameterValue: "off",
                Description: "Sets the current transaction's synchronization level.",
                Source: "user",
                ApplyType: "dynamic",
                DataType: "string",
                AllowedValues: "local,on,off,remote_write,remote_apply",
                IsModifiable: true,
                ApplyMethod: "pending-reboot",
            });
            writeJson(d, "rds-describe-db-parameters.json", p);
        });
        const { code, err } = await parity(
            "--stack",
            "prod",
            "--from",
            dir,
            "--write",
            "--root",
            root,
        );
        assert.strictEqual(code, 3, err);
        const after = fs.readFileSync(path.join(root, "Pulumi.prod.yaml"), "utf8");
        // Every comment stays word for word; a changed line's note is appended to its comment.
        for (const line of before.split("\n").filter((l) => l.includes("#"))) {
            const comment = line.slice(line.indexOf("#") + 1).trim();
            assert.ok(after.includes(comment), `lost comment: ${comment}`);
        }
        assert.match(
            after,
            /^ {4}instanceType: search\.medium # 要確認: a floor; CloudSearch scales the instance type up by itself · from production \(npm run parity -- --write\); was "search\.small"$/m,
        );
        // prod's policy config flags a single-AZ search domain: reported, not written.
        assert.match(
            after,
            /^ {4}multiAz: true # article search is a core feature: keep it through an AZ failure$/m,
        );
        assert.match(
            err,
            /not written: search\.multiAz = false: the stack's policy config would flag it \(.*CloudSearch domain must set multiAz to true/,
        );
        // YAML 1.1 readers would read off as false: quoted.
        assert.match(after, /^ {6}synchronous_commit: "off"/m);
        const config = (parseYaml(after) as { config: Record<string, Record<string, unknown>> })
            .config;
        assert.deepStrictEqual(config["tng:database"].parameters, {
            autovacuum_naptime: "30",
            autovacuum_vacuum_scale_factor: "0.1",
            idle_in_transaction_session_timeout: "600000",
            log_min_duration_statement: "500",
            password_encryption: "scram-sha-256",
            ssl_min_protocol_version: "TLSv1.2",
            statement_timeout: "30000",
            timezone: "Asia/Tokyo",
            work_mem: "16384",
            synchronous_commit: "off",
        });
        assert.match(
            err,
            /not written: database\.parameters\.rds\.force_ssl: production has "0", the project enforces "1"; kept "1"/,
        );
        assert.match(
            err,
            /not written: database\.parameters\.log_statement: production has "mod", the project enforces "none"; kept "none"/,
        );
        // Production's image is a tag in another repository: prod's invariant (this stack's ECR
        // repository or a digest) flags it, so it is reported, not written.
        assert.strictEqual(config["tng:service"].image, "release-2026.11.1");
        assert.match(
            err,
            /not written: service\.image = "111122223333\.dkr\.ecr\.ap-northeast-1\.amazonaws\.com\/tng-rails:2026\.10\.20": the stack's policy config would flag it \(.*ecs-image-provenance/,
        );
        assert.strictEqual(config["tng:edge"].httpVersion, "http2");
        const search = config["tng:search"];
        assert.strictEqual(search.instanceType, "search.medium");
        assert.strictEqual(search.multiAz, true);
        assert.strictEqual((search.indexFields as { name: string }[]).length, 6);
        assert.deepStrictEqual((search.indexFields as unknown[])[5], {
            name: "view_count",
            type: "int",
            search: false,
            facet: false,
            return: true,
            sort: true,
        });
        assert.strictEqual(
            fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.prod.yaml"), "utf8"),
            before,
        );
        assert.deepStrictEqual(fs.readdirSync(root).sort(), [
            "Pulumi.dev.yaml",
            "Pulumi.prod.yaml",
            "Pulumi.yaml",
        ]);
        // The written file synths, and the written rows now read the same.
        const again = await parity(
            "--stack",
            "prod",
            "--from",
            dir,
            "--format",
            "json",
            "--root",
            root,
        );
        assert.strictEqual(again.code, 0, again.err);
        const rows = JSON.parse(again.out) as ParityRow[];
        for (const item of [
            "field view_count",
            "field title",
            "instance type",
            "replication count",
        ]) {
            assert.strictEqual(row(rows, "CloudSearch", item).status, "same", item);
        }
        assert.strictEqual(row(rows, "CloudFront", "HTTP version").status, "same");
        // Not written (the invariant above): the row keeps showing the difference.
        assert.strictEqual(row(rows, "ECS", "running image").status, "different");
        assert.strictEqual(row(rows, "RDS PostgreSQL", "parameter timezone").status, "same");
    });

    it("refuses to replace a file changed during the run, and writes through a temporary file", async () => {
        const root = scratchRoot();
        const file = path.join(root, "Pulumi.prod.yaml");
        let calls = 0;
        const { code, err } = await parityWith(
            {
                // Stands in for the policy check; someone edits the file meanwhile.
                policy: async () => {
                    if (++calls === 2) {
                        fs.appendFileSync(file, "# an edit made during the run\n");
                    }
                    return [];
                },
            },
            "--stack",
            "prod",
            "--from",
            FIXTURES,
            "--write",
            "--root",
            root,
        );
        assert.strictEqual(code, 2);
        assert.match(
            err,
            /not written: Pulumi\.prod\.yaml changed since it was read; run parity --write again/,
        );
        assert.match(fs.readFileSync(file, "utf8"), /# an edit made during the run\n$/);
        assert.deepStrictEqual(fs.readdirSync(root).sort(), [
            "Pulumi.dev.yaml",
            "Pulumi.prod.yaml",
            "Pulumi.yaml",
        ]);
    });
});

describe("parity: --write values (in-process)", () => {
    const prodText = () => fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.prod.yaml"), "utf8");
    const survey = (edit: (m: Map<string, unknown>) => void = () => {}) => {
        const m = new Map<string, unknown>();
        for (const f of fs.readdirSync(FIXTURES)) {
            m.set(f, readJson(FIXTURES, f));
        }
        edit(m);
        return m;
    };

    it("refuses a custom analysis scheme the settings cannot name, and still proposes the rest", () => {
        const plan = planSurveyWrite(
            prodText(),
            survey((m) => {
                const f = m.get("cloudsearch-describe-index-fields.json") as {
                    IndexFields: { Options: { TextOptions: Record<string, unknown> } }[];
                };
                f.IndexFields[0].Options.TextOptions.AnalysisScheme = "Ja-Custom!";
            }),
        );
        assert.ok(
            plan.refused.includes(
                'search.indexFields: body uses analysis scheme "Ja-Custom!", which the settings cannot name',
            ),
        );
        assert.ok(!plan.proposals.some((p) => p.path[1] === "indexFields"));
        assert.strictEqual(plan.proposals.filter((p) => p.path[1] === "parameters").length, 7);
    });

    it("leaves fields pending deletion out and keeps source fields and defaults", () => {
        const plan = planSurveyWrite(
            prodText(),
            survey((m) => {
                const f = m.get("cloudsearch-describe-index-fields.json") as {
                    IndexFields: unknown[];
                };
                f.IndexFields.push(
                    {
                        Options: { IndexFieldName: "old", IndexFieldType: "int", IntOptions: {} },
                        Status: { PendingDeletion: true },
                    },
                    {
                        Options: {
                            IndexFieldName: "rank",
                            IndexFieldType: "int",
                            IntOptions: { SourceField: "view_count", DefaultValue: 0 },
                        },
                        Status: { PendingDeletion: false },
                    },
                );
            }),
        );
        const fields = plan.proposals.find((p) => p.path[1] === "indexFields")?.value as Record<
            string,
            unknown
        >[];
        assert.ok(!fields.some((f) => f.name === "old"));
        assert.deepStrictEqual(
            fields.find((f) => f.name === "rank"),
            { name: "rank", type: "int", sourceFields: "view_count", defaultValue: "0" },
        );
        assert.ok(
            plan.refused.includes("search.indexFields.old: production is deleting it; left out"),
        );
    });

    it("appends to a comment, moves a replaced list's comments before it, and quotes YAML 1.1 words", () => {
        const text = [
            "config:",
            "  tng:security:",
            "    guardDuty: create # keep me",
            "  tng:search:",
            "    indexFields: # fields note",
            "      - {name: a, type: int} # first",
            "",
        ].join("\n");
        const { text: out, changes } = applyProposals(text, [
            { path: ["security", "guardDuty"], value: "off" },
            { path: ["search", "indexFields"], value: [{ name: "b", type: "int" }] },
            { path: ["edge", "httpVersion"], value: "yes" },
        ]);
        assert.match(
            out,
            /^ {4}guardDuty: "off" # keep me · from production \(npm run parity -- --write\); was "create"$/m,
        );
        assert.match(out, /# fields note\n/);
        assert.match(out, /# first\n/);
        assert.match(out, /httpVersion: "yes"/);
        assert.strictEqual(changes.length, 3);
        for (const w of [
            "off",
            "On",
            "y",
            "NO",
            "~",
            "0755",
            "1_000",
            "12:30",
            ".inf",
            "2026-12-07",
        ]) {
            assert.ok(yaml11Special(w), w);
        }
        for (const w of ["release-2026.11.1", "Asia/Tokyo", "offline"]) {
            assert.ok(!yaml11Special(w), w);
        }
    });
});
