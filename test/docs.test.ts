/**
 * The README is the user's manual: its config reference, commands and scripts must stay true to
 * the code, Pulumi.yaml must name every setting, and CI must run exactly the README's commands.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import {
    ALARM_TABLE_IDS,
    renderAlarmTables,
    tableBegin,
    tableEnd,
    withAlarmTables,
} from "../scripts/alarmTables";
import { BEGIN, END, renderConfigReference } from "../scripts/configReference";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { SECRET_CONFIG_KEYS, settingsSchema } from "../stacks/settings";

const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
const readmes = ["README.md", "README.ja.md"].filter((f) =>
    fs.existsSync(path.join(PROJECT_ROOT, f)),
);
const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

describe("documentation", () => {
    it("has both READMEs", () => {
        assert.deepStrictEqual(readmes, ["README.md", "README.ja.md"]);
    });

    for (const file of readmes) {
        it(`${file}: the config reference is the one rendered from stacks/settings.ts (npm run docs)`, () => {
            const text = read(file);
            const begin = text.indexOf(BEGIN);
            const end = text.indexOf(END);
            assert.ok(begin >= 0 && end > begin, `${file} lacks the config reference markers`);
            assert.strictEqual(
                text.slice(begin + BEGIN.length, end).trim(),
                renderConfigReference(),
            );
        });

        it(`${file}: every npm script it mentions exists`, () => {
            const mentioned = [...read(file).matchAll(/npm run ([a-z][\w:-]*)/g)].map((m) => m[1]);
            assert.ok(mentioned.length > 0);
            for (const name of mentioned) {
                assert.ok(
                    name in scripts,
                    `${file} mentions npm run ${name}, which package.json lacks`,
                );
            }
        });

        it(`${file}: states the two commands`, () => {
            const text = read(file);
            assert.ok(text.includes("npm ci && npm run synth -- --stack prod"), "set-up and synth");
            assert.ok(text.includes("\nnpm test\n"), "tests");
        });
    }

    it("docs/operations.md: the alarm tables are the ones rendered from the alarm model (npm run docs)", () => {
        const text = read("docs/operations.md");
        const tables = renderAlarmTables();
        for (const id of ALARM_TABLE_IDS) {
            const begin = text.indexOf(tableBegin(id));
            const end = text.indexOf(tableEnd(id));
            assert.ok(begin >= 0 && end > begin, `docs/operations.md lacks the ${id} markers`);
            assert.strictEqual(
                text.slice(begin + tableBegin(id).length, end).trim(),
                tables[id],
                id,
            );
        }
        assert.strictEqual(withAlarmTables(text, tables), text);
        assert.throws(() => withAlarmTables("# no markers\n", tables), {
            message: `needs the markers ${tableBegin("regional")} and ${tableEnd("regional")}`,
        });
    });

    it("the reference covers every leaf setting and every credential", () => {
        const table = renderConfigReference();
        for (const key of [
            "domainName",
            "database.backupRetentionDays",
            "edge.ttl.feeds",
            "cache.nodeCount",
            ...SECRET_CONFIG_KEYS,
        ]) {
            assert.ok(table.includes(`| \`${key}\` |`), key);
        }
    });

    it("Pulumi.yaml declares or lists every top-level setting and credential, and nothing else", () => {
        const text = read("Pulumi.yaml");
        const project = parse(text) as { name: string; config: Record<string, unknown> };
        assert.strictEqual(project.name, "tng");
        const topLevel = Object.keys(settingsSchema.fields ?? {});
        const declared = Object.keys(project.config);
        const listed = text
            .split("\n")
            .filter((line) => line.startsWith("#"))
            .flatMap((line) => [...line.matchAll(/tng:([A-Za-z]+)/g)].map((m) => m[1]));
        for (const key of [...topLevel, ...SECRET_CONFIG_KEYS]) {
            assert.ok(
                declared.includes(key) || listed.includes(key),
                `Pulumi.yaml does not mention tng:${key}`,
            );
        }
        for (const key of [...declared, ...listed]) {
            assert.ok(
                topLevel.includes(key) || SECRET_CONFIG_KEYS.includes(key),
                `Pulumi.yaml names unknown tng:${key}`,
            );
        }
        // A declared key without a default is required by the CLI: only required settings may be.
        for (const key of declared) {
            assert.strictEqual(settingsSchema.fields?.[key].optional, false, key);
            assert.strictEqual(settingsSchema.fields?.[key].defaultValue, undefined, key);
        }
    });

    it("CI runs exactly the README's set-up and test commands", () => {
        const ci = read(".ci/run")
            .split("\n")
            .filter(
                (l) =>
                    l.trim() && !l.startsWith("#") && !l.startsWith("set ") && !l.startsWith("cd "),
            );
        // .ci/awscli installs CI's own prerequisite for the survey-command test (not a user step).
        assert.deepStrictEqual(ci, [
            ".ci/awscli",
            "npm ci",
            "npm run synth -- --stack prod",
            "npm test",
        ]);
    });
});
