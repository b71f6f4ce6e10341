/**
 * `npm run parity`: the survey commands, the difference table from realistic AWS CLI output
 * (test/fixtures/survey/prod), bad input, and --write on a scratch copy of the stack files.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { PROJECT_ROOT, readStackConfig } from "../../offline/stackFiles";
import { synthesize } from "../../offline/synth";
import { surveyCommands } from "../../survey/awsCommands";
import { ParityRow } from "../../survey/parity";
import { PARITY_USAGE, runParity } from "../../survey/parityCommand";
import { freshMocks } from "../harness";

const FIXTURES = path.join(PROJECT_ROOT, "test", "fixtures", "survey", "prod");

async function parity(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runParity(argv, {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        synth: async (stack, root) => (await synthesize(stack, { root })).resources,
    });
    await freshMocks();
    return { code, out: out.join("\n"), err: err.join("\n") };
}

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
        const writes = out.split("\n").filter((l) => / > "\$OUT\//.test(l));
        const files = writes.map((l) => /"\$OUT\/([^"]+)"$/.exec(l)?.[1]);
        for (const f of REQUIRED_FILES) {
            assert.ok(files.includes(f), `missing ${f}`);
        }
        for (const l of writes) {
            const m = /^aws ([a-z0-9]+) ([a-z-]+) /.exec(l);
            assert.ok(m, l);
            assert.match(m[2], /^(describe|get|list)-/, l);
            assert.strictEqual(`${m[1]}-${m[2]}.json`, /"\$OUT\/([^"]+)"$/.exec(l)?.[1]);
            assert.match(l, / --profile production-profile /);
            assert.match(l, / --output json > /);
        }
        // Every lookup is read-only too.
        for (const l of out.split("\n").filter((x) => x.includes("$(aws "))) {
            assert.match(l, /\$\(aws [a-z0-9]+ (describe|get|list)-/, l);
        }
        assert.match(out, /--cache-cluster-id tng-prod --show-cache-node-info/);
        assert.match(out, /PARAMETER_GROUP=custom-postgres13/);
        assert.match(out, /--cluster production-cluster/);
        assert.match(out, /contains\(Aliases\.Items, '\\''tng\.example\.jp'\\''\)/);
        assert.match(out, /--domain-name tng-prod --profile/);
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
            ["custom byteMatch, block", null, "production only"],
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
        assert.strictEqual(assets.production, "S3, TTL 1/86400/31536000 s (min/default/max)");
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
        assert.match(err, /wafv2-get-web-acl\.json: not JSON, or truncated/);
        assert.doesNotMatch(err, /\n\s+at /);
    });

    it("exits 2 on an unknown stack, flag or format, with the usage", async () => {
        for (const [args, message] of [
            [
                ["--stack", "staging", "--from", FIXTURES],
                /no stack file Pulumi\.staging\.yaml; stacks: dev, prod/,
            ],
            [["--stack", "prod", "--from", FIXTURES, "--colour"], /Unknown option '--colour'/],
            [
                ["--stack", "prod", "--from", FIXTURES, "--format", "csv"],
                /--format must be md or json \(got "csv"\)/,
            ],
            [["--stack", "prod"], /--from DIR is required/],
            [
                ["--stack", "prod", "--from", "/nonexistent-survey"],
                /\/nonexistent-survey is not a directory of survey files/,
            ],
        ] as [string[], RegExp][]) {
            const { code, err } = await parity(...args);
            assert.strictEqual(code, 2, args.join(" "));
            assert.match(err, message);
        }
        const help = await parity("--help");
        assert.strictEqual(help.code, 0);
        assert.strictEqual(help.out, PARITY_USAGE);
    });
});

describe("parity: --write", () => {
    it("writes production's user-set parameters and the adopted domain's schema, keeping comments, and the stack still synths", async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "tng-root-"));
        for (const f of ["Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.dev.yaml"]) {
            fs.copyFileSync(path.join(PROJECT_ROOT, f), path.join(root, f));
        }
        const before = fs.readFileSync(path.join(root, "Pulumi.prod.yaml"), "utf8");
        const { code, err } = await parity(
            "--stack",
            "prod",
            "--from",
            FIXTURES,
            "--write",
            "--root",
            root,
        );
        assert.strictEqual(code, 0, err);
        const after = fs.readFileSync(path.join(root, "Pulumi.prod.yaml"), "utf8");
        // Comments and untouched lines stay.
        for (const line of before.split("\n").filter((l) => l.includes("#"))) {
            if (!/^\s+(instanceType|multiAz):/.test(line)) {
                assert.ok(after.includes(line), `lost: ${line}`);
            }
        }
        assert.match(
            after,
            /^ {4}instanceType: search\.medium # from production \(npm run parity -- --write\); was "search\.small"$/m,
        );
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
        });
        assert.match(
            err,
            /not written: database\.parameters\.rds\.force_ssl: production has "0", the project enforces "1"; kept "1"/,
        );
        // Production logs statements by class, which would log the rotated password: not copied.
        assert.match(
            err,
            /not written: database\.parameters\.log_statement: production has "mod", the project enforces "none"; kept "none"/,
        );
        const search = config["tng:search"];
        assert.strictEqual(search.instanceType, "search.medium");
        assert.strictEqual(search.multiAz, false);
        assert.strictEqual((search.indexFields as { name: string }[]).length, 6);
        assert.deepStrictEqual((search.indexFields as unknown[])[5], {
            name: "view_count",
            type: "int",
            search: false,
            facet: false,
            return: true,
            sort: true,
        });
        // The repository's own stack file is untouched, and the written one synths.
        assert.strictEqual(
            fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.prod.yaml"), "utf8"),
            before,
        );
        const result = await synthesize("prod", { root, config: readStackConfig("prod", root) });
        await freshMocks();
        const group = result.resources.find(
            (r) => r.type === "aws:rds/parameterGroup:ParameterGroup",
        )!;
        const params = group.inputs.parameters as { name: string; value: string }[];
        assert.strictEqual(params.find((p) => p.name === "timezone")?.value, "Asia/Tokyo");
        assert.strictEqual(params.find((p) => p.name === "rds.force_ssl")?.value, "1");
        // A second write finds nothing to change.
        const again = await parity(
            "--stack",
            "prod",
            "--from",
            FIXTURES,
            "--write",
            "--root",
            root,
        );
        assert.strictEqual(again.code, 0);
        assert.match(again.err, /Pulumi\.prod\.yaml already matches production/);
    });
});
