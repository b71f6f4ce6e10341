/**
 * The stack files read the same to every YAML reader. YAML 1.1 readers (PyYAML, Go's yaml.v2 and
 * others a round trip may pass through) read plain `off`/`on`/`yes`/`no`/`y`/`n` as booleans,
 * `13:15` as a base-60 number, `0755` as octal and `1_000` as a number, where YAML 1.2 (the
 * `yaml` package, Pulumi) reads strings: `guardDuty: off` would become `guardDuty: false`. Every
 * plain scalar must therefore read the same under both versions, or be quoted.
 * https://yaml.org/type/bool.html (1.1 booleans), https://yaml.org/spec/1.2.2/#1032-tag-resolution
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { isScalar, parseDocument, Scalar, visit } from "yaml";
import { listStacks, PROJECT_ROOT } from "../offline/stackFiles";

/** A value as JSON (a 1.1 timestamp, a Date, shows as its ISO string). */
function asJson(value: unknown): string {
    return JSON.stringify(value);
}

/** Every plain scalar that YAML 1.1 reads differently from YAML 1.2, as `file:line: message`. */
export function ambiguousScalars(file: string, text: string): string[] {
    const problems: string[] = [];
    const doc = parseDocument(text, { version: "1.2", keepSourceTokens: true });
    const lineOf = (offset: number) => text.slice(0, offset).split("\n").length;
    visit(doc, {
        Scalar(_key, node: Scalar) {
            if (!isScalar(node) || node.type !== Scalar.PLAIN || node.source === undefined) {
                return;
            }
            const source = String(node.source);
            const v11 = parseDocument(source, { version: "1.1" }).toJS();
            const v12 = parseDocument(source, { version: "1.2" }).toJS();
            if (asJson(v11) !== asJson(v12)) {
                problems.push(
                    `${file}:${lineOf(node.range?.[0] ?? 0)}: ${source} reads as ${asJson(v11)} in YAML 1.1 and ${asJson(v12)} in YAML 1.2: quote it`,
                );
            }
        },
    });
    return problems;
}

const FILES = ["Pulumi.yaml", ...listStacks().map((s) => `Pulumi.${s}.yaml`)];

describe("stack files and YAML 1.1 readers", () => {
    for (const file of FILES) {
        it(`${file}: every plain scalar reads the same in YAML 1.1 and 1.2`, () => {
            const text = fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
            assert.deepStrictEqual(ambiguousScalars(file, text), []);
            assert.strictEqual(
                asJson(parseDocument(text, { version: "1.1" }).toJS()),
                asJson(parseDocument(text, { version: "1.2" }).toJS()),
            );
        });
    }

    it("names each ambiguous scalar with its line, and passes quoted ones", () => {
        const text = [
            "config:",
            "  tng:security:",
            "    guardDuty: off",
            '    securityHub: "off"',
            "    config: 'no'",
            "  tng:database:",
            "    backupWindow: 13:15",
            "    flag: y",
            "    count: 0755",
            "    size: 1_000",
            "    engineVersion: 13.20",
            "    ok: true",
            "    when: 2026-11-01",
            "",
        ].join("\n");
        assert.deepStrictEqual(ambiguousScalars("Pulumi.x.yaml", text), [
            'Pulumi.x.yaml:3: off reads as false in YAML 1.1 and "off" in YAML 1.2: quote it',
            'Pulumi.x.yaml:7: 13:15 reads as 795 in YAML 1.1 and "13:15" in YAML 1.2: quote it',
            'Pulumi.x.yaml:8: y reads as true in YAML 1.1 and "y" in YAML 1.2: quote it',
            "Pulumi.x.yaml:9: 0755 reads as 493 in YAML 1.1 and 755 in YAML 1.2: quote it",
            'Pulumi.x.yaml:10: 1_000 reads as 1000 in YAML 1.1 and "1_000" in YAML 1.2: quote it',
            'Pulumi.x.yaml:13: 2026-11-01 reads as "2026-11-01T00:00:00.000Z" in YAML 1.1 and "2026-11-01" in YAML 1.2: quote it',
        ]);
    });
});
