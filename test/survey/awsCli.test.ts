/**
 * Every line `npm run parity -- --commands` prints parses with the real AWS CLI: each command runs
 * against an unreachable local endpoint (http://127.0.0.1:9) with dummy credentials and one
 * attempt, so a well-formed command fails with a connection error and a malformed one with a
 * usage or parameter error. Under CI (CI=true) a missing `aws` fails the test; elsewhere it is
 * skipped. `.ci/run` installs Debian's `awscli` package (AWS CLI v2).
 */
import * as assert from "assert";
import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NOTES_DEFAULTS, surveyCommands, SurveyNames } from "../../survey/awsCommands";

/**
 * The first AWS CLI v2 found (AWS_CLI, then `aws` on PATH, then Debian's), else any version. The
 * candidates are asked side by side: each `--version` is a Python start of a second or more.
 */
async function findAws(): Promise<{ bin: string; version: string } | undefined> {
    const candidates = [process.env.AWS_CLI, "aws", "/usr/bin/aws"].filter(
        (bin): bin is string => !!bin,
    );
    const probed = await Promise.all(
        candidates.map(
            (bin) =>
                new Promise<{ bin: string; version: string } | undefined>((resolve) => {
                    execFile(
                        bin,
                        ["--version"],
                        { encoding: "utf8", timeout: 30_000 },
                        (error, stdout, stderr) => {
                            const version = `${stdout ?? ""}${stderr ?? ""}`.trim();
                            resolve(
                                !error && version.startsWith("aws-cli/")
                                    ? { bin, version }
                                    : undefined,
                            );
                        },
                    );
                }),
        ),
    );
    const found = probed.filter((x) => x !== undefined);
    return found.find((x) => x.version.startsWith("aws-cli/2.")) ?? found[0];
}

/** Values for the variables the lookups set (they print nothing against the dead endpoint). */
const DUMMIES: Record<string, string> = {
    PARAMETER_GROUP: "custom-postgres13",
    CACHE_PARAMETER_GROUP: "default.memcached1.4",
    ECS_SERVICES: "arn:aws:ecs:ap-northeast-1:111122223333:service/production-cluster/web",
    TASK_DEFINITION: "arn:aws:ecs:ap-northeast-1:111122223333:task-definition/web:1",
    ALB_ARN:
        "arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:loadbalancer/app/web/0123456789abcdef",
    DISTRIBUTION_ID: "E2QWRUHEXAMPLE",
    WEB_ACL_ARN:
        "arn:aws:wafv2:us-east-1:111122223333:global/webacl/acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
    S3_BUCKETS: "example-bucket",
};

/** A block of the survey with each lookup's variable defaulted after it. */
function block(setup: readonly string[], command: string): string {
    const lines = setup.map((l) => {
        const v = /^([A-Z_]+)=/.exec(l)?.[1];
        return v && DUMMIES[v] ? `${l}; ${v}="\${${v}:-${DUMMIES[v]}}"` : l;
    });
    return [...lines, `${command} > /dev/null`].join("\n");
}

function runBlock(script: string, env: NodeJS.ProcessEnv): Promise<void> {
    return new Promise((resolve) => {
        execFile("bash", ["-c", script], { env, timeout: 120_000 }, () => resolve());
    });
}

describe("parity: every survey command parses with the AWS CLI", function () {
    this.timeout(300_000);
    let aws: { bin: string; version: string } | undefined;

    before(async function () {
        aws = await findAws();
        if (!aws) {
            if (process.env.CI === "true") {
                throw new Error(
                    "CI=true but no `aws` on PATH: .ci/run installs it (apt-get install -y awscli)",
                );
            }
            this.skip();
        }
    });

    it("fails each command with a connection error, never a usage error", async () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tng-awscli-"));
        const config = path.join(tmp, "config");
        fs.writeFileSync(
            config,
            "[profile production]\nregion = ap-northeast-1\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        );
        const wrapper = path.join(tmp, "aws");
        // Bash runs the survey's lines as written; this stand-in records each aws call's words
        // (NUL-separated, one call per line), which the real CLI then parses below. Each of the
        // concurrent workers below has its own log: two processes appending to one file could
        // interleave one call's words with another's.
        fs.writeFileSync(
            wrapper,
            [
                "#!/usr/bin/env bash",
                `{ printf '%s\\0' "$@"; printf '\\n'; } >> "$TNG_AWS_CALL_LOG"`,
                "",
            ].join("\n"),
            { mode: 0o755 },
        );
        const env: NodeJS.ProcessEnv = {
            PATH: `${tmp}:${process.env.PATH}`,
            HOME: tmp,
            AWS_CONFIG_FILE: config,
            AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, "none"),
            AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
            AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            AWS_MAX_ATTEMPTS: "1",
            AWS_RETRY_MODE: "standard",
            AWS_PAGER: "",
            AWS_EC2_METADATA_DISABLED: "true",
        };
        const base: SurveyNames = {
            profile: "production",
            region: "ap-northeast-1",
            domainName: "tng.example.jp",
            ...NOTES_DEFAULTS,
        };
        // The notes' defaults (lookups) and every name given by flag.
        const named: SurveyNames = {
            ...base,
            rdsInstance: "tng-db",
            ecsService: "web",
            albName: "tng-prod-alb",
            distributionId: "E2QWRUHEXAMPLE",
            webAclName: "acl",
            webAclId: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
        };
        const blocks = [
            ...new Set(
                [...surveyCommands(base), ...surveyCommands(named)].map((c) =>
                    block(c.setup, c.command),
                ),
            ),
        ];
        // A few at a time: each call is a Python start.
        const queue = [...blocks];
        const logs = Array.from({ length: 4 }, (_, w) => path.join(tmp, `calls-${w}.log`));
        await Promise.all(
            logs.map(async (log) => {
                for (let b = queue.shift(); b !== undefined; b = queue.shift()) {
                    await runBlock(b, { ...env, TNG_AWS_CALL_LOG: log });
                }
            }),
        );
        const calls = logs
            .filter((log) => fs.existsSync(log))
            .map((log) => fs.readFileSync(log, "utf8"))
            .join("")
            .split("\0\n")
            .filter((l) => l !== "")
            .map((l) => l.split("\0"));
        assert.ok(
            calls.length >= blocks.length,
            `${calls.length} calls for ${blocks.length} blocks`,
        );
        // A control: a malformed call must read as a usage error through the same path.
        const control = ["rds", "describe-db-instances", "--no-such-option", "x"];
        const results = runCli(aws!.bin, [...calls, control], env, tmp);
        const last = results.pop()!;
        assert.match(last.stderr, /usage:|Unknown options/, last.stderr);
        assert.strictEqual(results.length, calls.length);
        for (const { args, rc, stderr } of results) {
            const line = `aws ${args.join(" ")}`;
            assert.doesNotMatch(
                stderr,
                /usage:|error: argument|Unknown options|Invalid choice|arguments are required|Parameter validation failed|could not be found|Unable to locate credentials/i,
                `${line}: ${stderr}`,
            );
            assert.match(stderr, /Could not connect to the endpoint URL/, `${line}: ${stderr}`);
            assert.notStrictEqual(rc, 0, line);
        }
    });
});

const DEAD_ENDPOINT = [
    "--endpoint-url",
    "http://127.0.0.1:9",
    "--cli-connect-timeout",
    "2",
    "--cli-read-timeout",
    "2",
];

/**
 * Runs the CLI on each argument list. When `aws` is a Python script (Debian's package, pip), one
 * interpreter runs its own driver (awscli.clidriver) for every list, which saves a start per call;
 * otherwise one process per call.
 */
function runCli(
    bin: string,
    calls: string[][],
    env: NodeJS.ProcessEnv,
    tmp: string,
): { args: string[]; rc: number; stderr: string }[] {
    const resolved = spawnSync("bash", ["-c", `command -v "${bin}"`], {
        encoding: "utf8",
        env: process.env,
    }).stdout.trim();
    const head = resolved ? fs.readFileSync(resolved, "utf8").slice(0, 200) : "";
    const python = /^#!\s*(\S*python\S*)/.exec(head)?.[1];
    if (python) {
        const input = path.join(tmp, "calls.json");
        fs.writeFileSync(input, JSON.stringify(calls.map((a) => [...DEAD_ENDPOINT, ...a])));
        const driver = [
            "import io, json, sys, contextlib",
            "from awscli.clidriver import create_clidriver",
            "out = []",
            "driver = create_clidriver()",
            "for args in json.load(open(sys.argv[1])):",
            "    err = io.StringIO()",
            "    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):",
            "        try:",
            "            rc = driver.main(args)",
            "        except SystemExit as e:",
            "            rc = e.code if isinstance(e.code, int) else 1",
            "    out.append({'rc': rc, 'stderr': err.getvalue()})",
            "print(json.dumps(out))",
        ].join("\n");
        const r = spawnSync(python, ["-c", driver, input], {
            encoding: "utf8",
            env,
            maxBuffer: 1 << 24,
        });
        if (r.status === 0) {
            const res = JSON.parse(r.stdout) as { rc: number; stderr: string }[];
            return res.map((x, i) => ({ args: calls[i], ...x }));
        }
    }
    return calls.map((args) => {
        const r = spawnSync(bin, [...DEAD_ENDPOINT, ...args], {
            encoding: "utf8",
            env,
            timeout: 60_000,
        });
        return { args, rc: r.status ?? 1, stderr: r.stderr ?? "" };
    });
}
