/**
 * The docs cannot drift quietly: no count of tests, policies or findings is typed by hand (those
 * change with every commit; generated tables and the tools print them), every documented command
 * that writes a file through a shell redirect runs npm silently (`npm run -s`: otherwise npm's
 * banner lands in the file), the documented survey command is run here as written (it is
 * offline) to prove its output is the bash script and nothing else, and every `npm run <tool>`
 * the docs show names only scripts of package.json and flags its tool's --help names.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../offline/stackFiles";

const DOCS = [
    "README.md",
    "README.ja.md",
    "CONTRIBUTING.md",
    ...fs
        .readdirSync(path.join(PROJECT_ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/${f}`),
];
const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");

/** Counts that change with the code: the number of tests, policies, findings of a policy. */
const HAND_COUNTS: readonly RegExp[] = [
    /\b\d[\d,]*\+? (?:tests|policies|mandatory|advisory)\b/,
    /約 ?[\d,]+ ?件/,
    /[\d,]+ ?(?:件のテスト|のポリシー)/,
    /(?:必須|勧告) ?\d+/,
    /^\| `[a-z0-9-]+` \(\d+\)/m,
];

/** Shell lines of the fenced bash/sh blocks. */
function shellLines(text: string): string[] {
    const lines: string[] = [];
    for (const block of text.matchAll(/```(?:bash|sh)\n([\s\S]*?)```/g)) {
        lines.push(...block[1].split("\n"));
    }
    return lines;
}

describe("docs that cannot drift", () => {
    for (const file of DOCS) {
        it(`${file}: no hand-typed count of tests, policies or findings`, () => {
            // Generated blocks (<!-- x:begin (npm run docs) --> ... <!-- x:end -->) may count.
            const text = read(file).replace(
                /<!-- ([a-z-]+):begin \(npm run docs\) -->[\s\S]*?<!-- \1:end -->/g,
                "",
            );
            const found = HAND_COUNTS.flatMap((re) => {
                const m = re.exec(text);
                return m ? [m[0]] : [];
            });
            assert.deepStrictEqual(found, [], `${file}: say it without the number, or generate it`);
        });

        it(`${file}: npm commands whose output goes to a file run with -s`, () => {
            const noisy = shellLines(read(file)).filter(
                (l) =>
                    /\bnpm run (?!-s\b)/.test(l) &&
                    /(^|[^2&])>\s*[^&\s]/.test(l.replace(/#.*$/, "")),
            );
            assert.deepStrictEqual(noisy, []);
        });
    }

    it("finds hand-typed counts and banner-prone redirects in examples", () => {
        const text =
            "`npm test` runs about 1,700 tests\n| `iam-no-inline-policies` (7) | both |\n約 1,300 件";
        assert.deepStrictEqual(
            HAND_COUNTS.flatMap((re) => re.exec(text)?.[0] ?? []),
            ["1,700 tests", "約 1,300 件", "| `iam-no-inline-policies` (7)"],
        );
        const lines = shellLines(
            "```bash\nnpm run parity -- --commands > survey.sh\nnpm run -s parity -- --commands > s.sh\nnpm run synth 2>&1 | tail\n```\n",
        );
        assert.deepStrictEqual(
            lines.filter((l) => /\bnpm run (?!-s\b)/.test(l) && /(^|[^2&])>\s*[^&\s]/.test(l)),
            ["npm run parity -- --commands > survey.sh"],
        );
    });

    it("the documented survey command prints only the bash script (run as written, offline)", () => {
        const line = shellLines(read("docs/migration.md")).find((l) =>
            l.includes("parity -- --commands"),
        );
        assert.ok(line, "docs/migration.md documents the survey command");
        const command = line
            .replace(/#.*$/, "")
            .replace(/>\s*\S+\s*$/, "")
            .trim();
        assert.match(command, /^npm run -s parity -- --commands/);
        const r = spawnSync(command, {
            cwd: PROJECT_ROOT,
            shell: true,
            encoding: "utf8",
            timeout: 60000,
        });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(r.stdout.startsWith("#!/usr/bin/env bash\n"), r.stdout.slice(0, 200));
        assert.strictEqual(r.stdout.includes("> tng-infra@"), false);
    });

    it("every documented npm run command is a package.json script, with flags its --help names", () => {
        const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> })
            .scripts;
        // `npm run [-s] NAME [-- ARGS]` in shell blocks and inline code, each doc.
        const uses = new Map<string, Set<string>>();
        for (const file of DOCS) {
            const text = read(file);
            const snippets = [
                ...shellLines(text),
                ...[...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]),
            ];
            for (const snippet of snippets) {
                for (const m of snippet.matchAll(
                    /\bnpm run (?:-s )?([a-z][a-z-]*)(?: -- ([^|;&>#]*))?/g,
                )) {
                    const [, name, args = ""] = m;
                    assert.ok(
                        name in scripts,
                        `${file}: npm run ${name} is not a package.json script`,
                    );
                    const flags = uses.get(name) ?? new Set<string>();
                    for (const f of args.matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)) {
                        flags.add(f[1]);
                    }
                    uses.set(name, flags);
                }
            }
        }
        // The flags each tool knows: its help text, which names every flag, lives in the tool's
        // module or a module it imports (read as text: starting every tool would cost seconds).
        const sourceOf = (name: string): string => {
            const command = scripts[name].split("&&").at(-1)!.trim();
            const run = /scripts\/run\.mjs ([a-z]+)/.exec(command);
            const bin = /bin\/(\S+)\.js/.exec(command);
            const entry = run ? `scripts/${run[1]}.ts` : bin ? `${bin[1]}.ts` : undefined;
            if (entry === undefined) {
                return "";
            }
            const text = read(entry);
            const imported = [...text.matchAll(/from "(\.{1,2}\/[^"]+)"/g)]
                .map((m) => path.join(path.dirname(entry), `${m[1]}.ts`))
                .filter((f) => fs.existsSync(path.join(PROJECT_ROOT, f)));
            return [text, ...imported.map(read)].join("\n");
        };
        const helps: [string, string][] = [...uses.keys()]
            .filter((n) => !["test", "build", "postinstall"].includes(n))
            .map((n) => [n, sourceOf(n)]);
        const missing: string[] = [];
        for (const [name, help] of helps) {
            for (const flag of uses.get(name) ?? []) {
                if (
                    flag !== "--help" &&
                    !help.includes(flag) &&
                    !help.includes(`${flag.slice(2)}: {`)
                ) {
                    missing.push(`npm run ${name} -- ${flag}`);
                }
            }
        }
        assert.ok(helps.length >= 8, `${helps.length} tools checked`);
        assert.deepStrictEqual(missing, [], "documented flags their tool's --help does not name");
    });
});
