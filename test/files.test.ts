/**
 * lib/files.ts (how every tool reads and writes the files a user names) and lib/cli.ts's way to
 * end a tool (process.exitCode: a piped stdout drains).
 */
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXIT, helpText, runTool, usageMessage, UsageError } from "../lib/cli";
import {
    distinctFiles,
    InputFileError,
    parseJson,
    readJsonFile,
    readRegularFile,
    readTextFile,
    withoutControlCodes,
    writeFileAtomic,
} from "../lib/files";
import { PROJECT_ROOT } from "../offline/stackFiles";

function throwsInput(fn: () => unknown, message: string): void {
    assert.throws(fn, (e: unknown) => {
        assert.ok(e instanceof InputFileError, String(e));
        assert.strictEqual(e.message, message);
        return true;
    });
}

describe("lib/files: only regular files, bounded, JSON keys as data", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-files-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads a regular file (a BOM removed from text)", () => {
        const f = path.join(dir, "a.json");
        fs.writeFileSync(f, '\ufeff{"a": 1}');
        assert.strictEqual(readTextFile(f), '{"a": 1}');
        assert.deepStrictEqual(readJsonFile(f), { a: 1 });
        assert.strictEqual(readRegularFile(f).length, 11); // the BOM is 3 bytes
    });

    it("refuses a device, a FIFO and a folder before reading (no hang)", () => {
        throwsInput(
            () => readRegularFile("/dev/zero"),
            "/dev/zero is a device; give a regular file",
        );
        throwsInput(
            () => readRegularFile("/dev/null"),
            "/dev/null is a device; give a regular file",
        );
        const fifo = path.join(dir, "fifo");
        execFileSync("mkfifo", [fifo]);
        throwsInput(
            () => readRegularFile(fifo),
            `${fifo} is a FIFO (named pipe); give a regular file`,
        );
        throwsInput(
            () => readRegularFile(dir, { label: "--from DIR" }),
            "--from DIR is a folder; give a regular file",
        );
        throwsInput(
            () => readRegularFile(path.join(dir, "none")),
            `${path.join(dir, "none")}: no such file`,
        );
    });

    it("caps the size", () => {
        const f = path.join(dir, "big");
        fs.writeFileSync(f, Buffer.alloc(2048, 0x61));
        throwsInput(
            () => readRegularFile(f, { maxBytes: 1024 }),
            `${f} is 0.00 MiB, above the 0.00 MiB this tool reads`,
        );
        assert.strictEqual(readRegularFile(f, { maxBytes: 2048 }).length, 2048);
    });

    it("JSON: __proto__, constructor and null are data", () => {
        const text =
            '{"__proto__": {"polluted": 1}, "constructor": null, "items": [null, {"toString": 2}]}';
        const plain = parseJson(text, "x.json") as Record<string, unknown>;
        assert.deepStrictEqual(Object.keys(plain), ["__proto__", "constructor", "items"]);
        assert.strictEqual(Object.getPrototypeOf(plain), Object.prototype);
        assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
        const data = parseJson(text, "x.json", { dataOnly: true }) as Record<string, unknown>;
        assert.strictEqual(Object.getPrototypeOf(data), null);
        assert.deepStrictEqual(Object.keys(data), ["__proto__", "constructor", "items"]);
        assert.deepStrictEqual({ ...(data.__proto__ as object) }, { polluted: 1 });
        assert.strictEqual(data.constructor, null);
        // An absent key is absent, not Object.prototype's.
        assert.strictEqual((data as Record<string, unknown>).hasOwnProperty, undefined);
        assert.strictEqual(
            ((data.items as unknown[])[1] as Record<string, unknown>).valueOf,
            undefined,
        );
        throwsInput(() => parseJson("{", "x.json"), `x.json is not valid JSON: ${jsonError("{")}`);
    });

    it("writes through a temporary file, renamed over the target", () => {
        const f = path.join(dir, "out.json");
        fs.writeFileSync(f, "old");
        writeFileAtomic(f, "new");
        assert.strictEqual(fs.readFileSync(f, "utf8"), "new");
        assert.deepStrictEqual(
            fs.readdirSync(dir).filter((n) => n.endsWith(".tmp")),
            [],
        );
        assert.throws(() => writeFileAtomic(path.join(dir, "missing", "x"), "x"));
        assert.deepStrictEqual(
            fs.readdirSync(dir).filter((n) => n.endsWith(".tmp")),
            [],
        );
    });

    it("counts a file reached twice (a repeated path, a symlink) once", () => {
        const f = path.join(dir, "log.gz");
        const g = path.join(dir, "other.gz");
        fs.writeFileSync(f, "x");
        fs.writeFileSync(g, "y");
        fs.symlinkSync(f, path.join(dir, "link.gz"));
        assert.deepStrictEqual(
            distinctFiles([f, path.join(dir, "link.gz"), g, f, path.join(dir, "none")]),
            [f, g, path.join(dir, "none")],
        );
    });

    it("strips terminal escape codes", () => {
        assert.strictEqual(
            withoutControlCodes("a\u001b[31mred\u001b[0m\u001b]0;title\u0007b\tc\nd\u0007\u009b"),
            "aredb\tc\nd",
        );
    });
});

function jsonError(text: string): string {
    try {
        JSON.parse(text);
    } catch (e) {
        return (e as Error).message;
    }
    return "";
}

describe("lib/cli: one help format, one usage style, exit codes, stdout drains", () => {
    it("helpText: usage, aligned options with --help, notes, exit codes", () => {
        assert.strictEqual(
            helpText({
                usage: "npm run x -- --a N",
                options: [["--a N", "the a"]],
                notes: ["note"],
                exits: [
                    [EXIT.ok, "fine"],
                    [EXIT.usage, "usage"],
                ],
            }),
            "usage: npm run x -- --a N\n  --a N   the a\n  --help  this text\nnote\nexit codes: 0 fine, 2 usage",
        );
        assert.strictEqual(
            usageMessage("x", "unknown option --b", "usage: npm run x\n  more"),
            "x: unknown option --b\nusage: npm run x",
        );
        assert.strictEqual(usageMessage("x", "", "usage: npm run x\n  more"), "usage: npm run x");
    });

    it("runTool: a usage mistake and an unusable input exit 2, anything else 1, one line each", async () => {
        const saved = process.exitCode;
        const lines: string[] = [];
        const stderr = { stderr: (t: string) => lines.push(t) };
        try {
            assert.strictEqual(
                await runTool(
                    "x",
                    "usage: x",
                    () => {
                        throw new UsageError("unknown option --b");
                    },
                    stderr,
                ),
                2,
            );
            assert.strictEqual(
                await runTool(
                    "x",
                    "usage: x",
                    () => {
                        throw new InputFileError("/dev/zero is a device; give a regular file");
                    },
                    stderr,
                ),
                2,
            );
            assert.strictEqual(
                await runTool(
                    "x",
                    "usage: x",
                    async () => {
                        throw new TypeError("boom");
                    },
                    stderr,
                ),
                1,
            );
            assert.strictEqual(await runTool("x", "usage: x", () => 3, stderr), 3);
            assert.strictEqual(process.exitCode, 3);
        } finally {
            process.exitCode = saved;
        }
        assert.deepStrictEqual(lines, [
            "x: unknown option --b\nusage: x",
            "x: /dev/zero is a device; give a regular file",
            "x failed: boom",
        ]);
    });

    it("an entry's stdout and stderr drain through pipes before it exits (1 MiB each, exit code kept, nothing left waits)", () => {
        const cli = JSON.stringify(path.join(PROJECT_ROOT, "bin", "lib", "cli.js"));
        const script = [
            `const { runEntry } = require(${cli});`,
            'const line = "x".repeat(1023);',
            // A timer the tool left behind would keep Node running: the entry exits regardless.
            "runEntry('big', 'usage: big', () => { setInterval(() => {}, 1000); for (let i = 0; i < 1024; i++) { console.log(line); console.error(line); } return 1; });",
        ].join("\n");
        const r = spawnSync(process.execPath, ["-e", script], {
            encoding: "utf8",
            maxBuffer: 8 * 1024 * 1024,
            timeout: 30000,
        });
        assert.strictEqual(r.signal, null, "killed by the timeout: the entry did not exit");
        assert.strictEqual(r.status, 1, r.stderr.slice(0, 200));
        assert.strictEqual(r.stdout.length, 1024 * 1024);
        assert.strictEqual(r.stderr.length, 1024 * 1024);
    });

    it("the tools refuse a device or a FIFO as input at once (exit 2, one line)", () => {
        const fifo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tng-fifo-")), "export.json");
        execFileSync("mkfifo", [fifo]);
        try {
            for (const [file, kind] of [
                ["/dev/zero", "a device"],
                [fifo, "a FIFO (named pipe)"],
            ]) {
                for (const [script, args, label] of [
                    ["policy", [file], file],
                    ["invalidate", ["--outputs", file, "--paths", "/"], `--outputs ${file}`],
                ] as const) {
                    const r = spawnSync(
                        process.execPath,
                        [path.join(PROJECT_ROOT, "bin", "scripts", `${script}.js`), ...args],
                        { encoding: "utf8", timeout: 30000 },
                    );
                    assert.strictEqual(r.status, 2, r.stderr);
                    assert.strictEqual(
                        r.stderr,
                        `${script}: ${label} is ${kind}; give a regular file\n`,
                    );
                    assert.strictEqual(r.stdout, "");
                }
            }
        } finally {
            fs.rmSync(path.dirname(fifo), { recursive: true, force: true });
        }
    });
});
