/**
 * The inventory of security-relevant AWS resource types, generated from the SDK's typings
 * (`node_modules/@pulumi/aws/**\/*.d.ts`): every resource class whose `*Args` input interface
 * (followed into the nested input types of `types/input.d.ts`) has a property that concerns
 * encryption at rest, encryption in transit or exposure, or that holds a policy document.
 *
 *   npm run inventory            # rewrites policies/inventory/inventory.json
 *   npm run inventory -- --check # exit 1 when the checked-in file differs from the SDK
 *
 * The type token of each class is its `__pulumiType` (read from the class's `.js` module: the
 * `.d.ts` does not carry it). Only the syntax of the typings is read (no type checker), so a
 * run takes seconds. The test in policies/test/inventory.test.ts regenerates the inventory and
 * fails on a difference, so an SDK upgrade shows its new types.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { parseArgs } from "util";

/** What a property concerns. */
export type Concern = "rest" | "transit" | "exposure" | "policy";

/** One property (a dotted path, `[]` for list elements) of a type's inputs and its concerns. */
export interface InventoryProperty {
    readonly path: string;
    readonly concerns: Concern[];
}

/** One inventoried resource type. */
export interface InventoryType {
    /** The SDK module path, e.g. `rds/instance` (for `aws.rds.Instance`). */
    readonly module: string;
    readonly className: string;
    readonly properties: InventoryProperty[];
}

/** The whole inventory (the checked-in JSON). */
export interface Inventory {
    readonly sdk: string;
    readonly sdkVersion: string;
    /** By type token, sorted. */
    readonly types: Record<string, InventoryType>;
}

/** Nested input types are followed this deep (WAF statements nest recursively). */
const MAX_DEPTH = 6;

/**
 * The words of a camelCase / PascalCase / snake identifier, lower-case:
 * `atRestEncryptionEnabled` -> at, rest, encryption, enabled; `SSEType` -> sse, type.
 */
export function words(name: string): string[] {
    return name
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w !== "")
        .map((w) => w.toLowerCase());
}

/**
 * The concerns of a property from the words of its own name (and, for nested blocks, of the
 * block names above it):
 * - rest: kms, cmk, sse, encrypt*, "at rest", server-side encryption;
 * - transit: tls, ssl, https, transit, protocol(s), "security policy", insecure;
 * - exposure: public(ly), cidr*, principal(s), authorization type, acl(s), launch / volume
 *   permissions (public-access blocks carry "public");
 * - policy: decided from the type and documentation (see {@link holdsPolicyDocument}).
 */
export function concernsOf(pathWords: string[][]): Concern[] {
    // Transit gateways are routing, public keys are not exposure, a Content-Security-Policy
    // header is not an IAM policy: their words are dropped before matching.
    const drop = (ws: string[]) =>
        ws.filter(
            (w, i) =>
                !(w === "transit" && ws[i + 1] === "gateway") &&
                !(w === "public" && ws[i + 1] === "key") &&
                !(w === "security" && ws[i - 1] === "content"),
        );
    const cleaned = pathWords.map(drop);
    const leaf = cleaned[cleaned.length - 1] ?? [];
    const all = cleaned.flat();
    const has = (list: string[], ...ws: string[]) => ws.some((w) => list.includes(w));
    const concerns: Concern[] = [];
    const encryptWord = (w: string) => w.startsWith("encrypt");
    const adjacent = (list: string[], a: string, b: string) =>
        list.some((w, i) => w === a && list[i + 1] === b);
    if (
        has(leaf, "kms", "cmk", "sse") ||
        leaf.some(encryptWord) ||
        adjacent(all, "at", "rest") ||
        (has(all, "sse", "kms") && leaf.length > 0) ||
        (all.some(encryptWord) && !has(all, "transit", "tls", "ssl", "in"))
    ) {
        if (!(has(all, "transit", "tls", "ssl") && !has(leaf, "kms"))) {
            concerns.push("rest");
        }
    }
    if (
        has(leaf, "tls", "ssl", "https", "transit", "protocol", "protocols", "insecure") ||
        adjacent(leaf, "security", "policy") ||
        (has(all, "transit", "tls") && leaf.length > 0)
    ) {
        concerns.push("transit");
    }
    if (
        has(leaf, "public", "publicly", "principal", "principals", "acl", "acls") ||
        leaf.some((w) => w.startsWith("cidr")) ||
        adjacent(leaf, "authorization", "type") ||
        (leaf.length === 1 && leaf[0] === "authorization") ||
        (has(leaf, "permission", "permissions") && has(all, "launch", "volume")) ||
        (has(all, "public") && adjacent(all, "access", "block"))
    ) {
        concerns.push("exposure");
    }
    return [...new Set(concerns)];
}

/** The text of a node's JSDoc comment. */
function docOf(node: ts.Node, source: ts.SourceFile): string {
    const ranges = ts.getLeadingCommentRanges(source.text, node.pos) ?? [];
    return ranges.map((r) => source.text.slice(r.pos, r.end)).join("\n");
}

/**
 * Whether a property holds a policy document: its type names a `PolicyDocument`, or it is a
 * string property named like a policy (`policy`, `accessPolicies`, `assumeRolePolicy`,
 * `policyDocument`) whose documentation calls it a JSON policy document.
 */
export function holdsPolicyDocument(name: string, typeText: string, doc: string): boolean {
    if (/\bPolicyDocument\b/.test(typeText)) {
        return true;
    }
    const w = words(name);
    const policyNamed =
        w.includes("policy") || w.includes("policies") || (w.includes("document") && w.length <= 2);
    if (!policyNamed || !/\bstring\b/.test(typeText)) {
        return false;
    }
    if (
        w.some((x) =>
            [
                "arn",
                "arns",
                "name",
                "names",
                "id",
                "ids",
                "type",
                "version",
                "redrive",
                "revision",
                // JSON that is not an IAM policy: scaling, lifecycle, SNS delivery/filter/replay,
                // browser and header settings, network and traffic policies.
                "lifecycle",
                "autoscaling",
                "delivery",
                "filter",
                "replay",
                "format",
                "browser",
                "header",
                "base",
            ].includes(x),
        )
    ) {
        return false;
    }
    if (!w.includes("policy") && !w.includes("policies")) {
        // A bare `document` holds a policy only when its documentation says so.
        return /policy document|iam policy/i.test(doc);
    }
    return /json|policy document|iam policy|access policy|resource[- ]based policy|resource policy|trust policy|key policy/i.test(
        doc,
    );
}

/**
 * How the typings are parsed: syntax only, without JSDoc nodes. A property's documentation is
 * read from the comment text ({@link docOf}), so parsing the JSDoc into nodes (TypeScript's
 * default, about a third of the parse of these heavily documented files) is skipped.
 */
const SYNTAX_ONLY: ts.CreateSourceFileOptions = {
    languageVersion: ts.ScriptTarget.Latest,
    jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
};

interface Interfaces {
    /** `rds.InstanceBlueGreenUpdate` -> its declaration, from types/input.d.ts. */
    readonly byQualifiedName: Map<string, ts.InterfaceDeclaration>;
    readonly source: ts.SourceFile;
}

function loadInputTypes(sdkRoot: string): Interfaces {
    const file = path.join(sdkRoot, "types", "input.d.ts");
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), SYNTAX_ONLY);
    const byQualifiedName = new Map<string, ts.InterfaceDeclaration>();
    const visit = (node: ts.Node, prefix: string[]) => {
        if (ts.isModuleDeclaration(node) && node.body !== undefined) {
            const name = [...prefix, node.name.getText(source)];
            if (ts.isModuleBlock(node.body)) {
                for (const s of node.body.statements) {
                    visit(s, name);
                }
            } else {
                visit(node.body, name);
            }
        } else if (ts.isInterfaceDeclaration(node)) {
            byQualifiedName.set([...prefix, node.name.text].join("."), node);
        }
    };
    source.statements.forEach((s) => visit(s, []));
    return { byQualifiedName, source };
}

/** The `inputs.<ns>.<Name>` references in a type's text. */
function inputReferences(typeText: string): string[] {
    return [...typeText.matchAll(/\binputs\.([A-Za-z0-9_.]+)/g)].map((m) => m[1]);
}

function walkMembers(
    members: ts.NodeArray<ts.TypeElement>,
    source: ts.SourceFile,
    inputs: Interfaces,
    prefix: string,
    prefixWords: string[][],
    depth: number,
    seen: ReadonlySet<string>,
    out: Map<string, Set<Concern>>,
): void {
    for (const m of members) {
        if (!ts.isPropertySignature(m) || m.type === undefined) {
            continue;
        }
        const name = m.name.getText(source).replace(/^["']|["']$/g, "");
        const typeText = m.type.getText(source);
        const isList = /\[\]/.test(typeText);
        const here = `${prefix}${name}`;
        const pathWords = [...prefixWords, words(name)];
        const concerns = new Set<Concern>(concernsOf(pathWords));
        if (holdsPolicyDocument(name, typeText, docOf(m, source))) {
            concerns.add("policy");
        }
        const refs = inputReferences(typeText).filter((r) => !/(^|\.)PolicyDocument$/.test(r));
        if (concerns.size > 0) {
            const set = out.get(here) ?? new Set<Concern>();
            concerns.forEach((c) => set.add(c));
            out.set(here, set);
        }
        if (depth >= MAX_DEPTH) {
            continue;
        }
        for (const ref of refs) {
            const decl = inputs.byQualifiedName.get(ref);
            if (decl === undefined || seen.has(ref)) {
                continue;
            }
            walkMembers(
                decl.members,
                inputs.source,
                inputs,
                `${here}${isList ? "[]" : ""}.`,
                pathWords,
                depth + 1,
                new Set([...seen, ref]),
                out,
            );
        }
    }
}

function listDts(dir: string, rel = ""): string[] {
    return fs
        .readdirSync(path.join(dir, rel), { withFileTypes: true })
        .flatMap((e) => {
            const r = rel === "" ? e.name : `${rel}/${e.name}`;
            if (e.isDirectory()) {
                return e.name === "types" || e.name === "node_modules" ? [] : listDts(dir, r);
            }
            return e.isFile() && e.name.endsWith(".d.ts") ? [r] : [];
        })
        .sort();
}

/** Generates the inventory from the SDK at `sdkRoot` (node_modules/@pulumi/aws). */
export function generateInventory(sdkRoot: string): Inventory {
    const inputs = loadInputTypes(sdkRoot);
    const types: Record<string, InventoryType> = {};
    for (const rel of listDts(sdkRoot)) {
        const file = path.join(sdkRoot, rel);
        const text = fs.readFileSync(file, "utf8");
        if (!text.includes("extends pulumi.CustomResource")) {
            continue;
        }
        const source = ts.createSourceFile(file, text, SYNTAX_ONLY);
        const jsFile = file.replace(/\.d\.ts$/, ".js");
        const js = fs.existsSync(jsFile) ? fs.readFileSync(jsFile, "utf8") : "";
        const interfaces = new Map<string, ts.InterfaceDeclaration>();
        const classes: string[] = [];
        for (const s of source.statements) {
            if (ts.isInterfaceDeclaration(s)) {
                interfaces.set(s.name.text, s);
            } else if (
                ts.isClassDeclaration(s) &&
                s.name !== undefined &&
                (s.heritageClauses ?? []).some((h) =>
                    h.types.some((t) => t.expression.getText(source) === "pulumi.CustomResource"),
                )
            ) {
                classes.push(s.name.text);
            }
        }
        for (const className of classes) {
            const args = interfaces.get(`${className}Args`);
            const token = new RegExp(
                `\\bclass ${className} extends [\\s\\S]*?static __pulumiType = ['"]([^'"]+)['"]`,
            ).exec(js)?.[1];
            if (args === undefined || token === undefined) {
                continue;
            }
            const found = new Map<string, Set<Concern>>();
            walkMembers(args.members, source, inputs, "", [], 0, new Set(), found);
            if (found.size === 0) {
                continue;
            }
            types[token] = {
                module: rel.replace(/\.d\.ts$/, ""),
                className,
                properties: [...found.entries()]
                    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
                    .map(([p, c]) => ({ path: p, concerns: [...c].sort() })),
            };
        }
    }
    const sorted: Record<string, InventoryType> = {};
    for (const token of Object.keys(types).sort()) {
        sorted[token] = types[token];
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(sdkRoot, "package.json"), "utf8")) as {
        version: string;
    };
    return { sdk: "@pulumi/aws", sdkVersion: pkg.version, types: sorted };
}

/** The checked-in inventory's text for `inventory` (stable: sorted, two-space JSON). */
export function inventoryText(inventory: Inventory): string {
    return JSON.stringify(inventory, null, 1) + "\n";
}

/** Where the SDK and the checked-in inventory live, relative to the project root. */
export const SDK_DIR = path.join("node_modules", "@pulumi", "aws");
export const INVENTORY_FILE = path.join("policies", "inventory", "inventory.json");

function main(): number {
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                check: { type: "boolean", default: false },
                root: { type: "string", default: process.cwd() },
                help: { type: "boolean", default: false },
            },
        }));
    } catch (e) {
        console.error(`inventory: ${(e as Error).message}\nusage: npm run inventory -- [--check]`);
        return 2;
    }
    if (values.help) {
        console.log(
            "usage: npm run inventory -- [--check]\n  rewrites policies/inventory/inventory.json from node_modules/@pulumi/aws; --check only compares (exit 1 on a difference)",
        );
        return 0;
    }
    const root = values.root;
    const sdk = path.join(root, SDK_DIR);
    if (!fs.existsSync(path.join(sdk, "package.json"))) {
        console.error(`inventory: ${sdk} not found (run npm ci)`);
        return 2;
    }
    const text = inventoryText(generateInventory(sdk));
    const target = path.join(root, INVENTORY_FILE);
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
    const count = Object.keys(JSON.parse(text).types as object).length;
    if (values.check) {
        if (current !== text) {
            console.error(
                `inventory: ${INVENTORY_FILE} differs from the SDK: run npm run inventory`,
            );
            return 1;
        }
        console.log(`inventory: ${INVENTORY_FILE} is current (${count} types)`);
        return 0;
    }
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, target);
    console.log(`inventory: wrote ${INVENTORY_FILE} (${count} types)`);
    return 0;
}

if (require.main === module) {
    process.exitCode = main();
}
