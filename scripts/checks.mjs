// The type check and the lint, side by side (`npm test` runs this; `npm run typecheck` is its
// --typecheck; `npm run lint` stays `eslint`, with the same findings).
//
// The type check is TypeScript 7's native compiler (the `typescript-native` dev dependency:
// npm:typescript@7.x, `tsc` compiled to a native binary), run on tsconfig.json as a process. On
// this tree and on eight kinds of injected error it reports what TypeScript 6's tsc reports
// (one column differs: an unused import is pointed at its name), in a fifth of the CPU time.
// ESLint's type-aware rules (typescript-eslint supports the TypeScript 6 API only,
// https://typescript-eslint.io/users/dependency-versions) get a TypeScript 6 program of the
// typed files of eslint.config.mjs alone (and what they import), built here once and handed to
// typescript-eslint with `parserOptions.programs: [program]`
// (https://typescript-eslint.io/packages/parser/#programs) instead of its projectService, which
// would build one over every file of tsconfig.json. The lint runs while the compiler does.
//
//   node scripts/checks.mjs [--typecheck] [--lint]   (no flag: both)
//
// Exit: the type check's code when it failed (1, as tsc with noEmit), else ESLint's (1 on an
// error); 2 for a usage or configuration problem.
import { spawn } from "child_process";
import { dirname, join, matchesGlob, relative, sep } from "path";
import { fileURLToPath, pathToFileURL } from "url";
import { parseArgs } from "util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const usage = "usage: node scripts/checks.mjs [--typecheck] [--lint]   (no flag: both)";

let values;
try {
    ({ values } = parseArgs({
        options: {
            typecheck: { type: "boolean", default: false },
            lint: { type: "boolean", default: false },
            help: { type: "boolean", default: false },
        },
    }));
} catch (e) {
    console.error(`checks: ${e.message}\n${usage}`);
    process.exit(2);
}
if (values.help) {
    console.log(usage);
    process.exit(0);
}
// Loaded after the arguments are checked: a usage error answers at once.
const { default: ts } = await import("typescript");
const both = !values.typecheck && !values.lint;
const wantTypecheck = both || values.typecheck;
const wantLint = both || values.lint;

const pretty = process.stdout.isTTY === true;
const formatHost = {
    getCanonicalFileName: (f) => (ts.sys.useCaseSensitiveFileNames ? f : f.toLowerCase()),
    getCurrentDirectory: () => root,
    getNewLine: () => ts.sys.newLine,
};

/** Prints diagnostics as tsc does: `file(line,col): error TSnnnn: text`, with context on a TTY. */
function printDiagnostics(diagnostics) {
    if (diagnostics.length === 0) {
        return;
    }
    if (pretty) {
        process.stdout.write(
            ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost) + ts.sys.newLine,
        );
        const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
        const files = new Set(errors.map((d) => d.file?.fileName).filter(Boolean));
        const noun = errors.length === 1 ? "error" : "errors";
        process.stdout.write(
            `Found ${errors.length} ${noun}${files.size > 0 ? ` in ${files.size} file${files.size === 1 ? "" : "s"}` : ""}.${ts.sys.newLine}`,
        );
    } else {
        process.stdout.write(ts.formatDiagnostics(diagnostics, formatHost));
    }
}

/** tsconfig.json as tsc reads it; exits 2 (after its diagnostics) when it cannot be read. */
function readTsconfig() {
    const configDiagnostics = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(
        join(root, "tsconfig.json"),
        {},
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => configDiagnostics.push(d) },
    );
    const errors = [
        ...configDiagnostics,
        ...(parsed === undefined ? [] : ts.getConfigFileParsingDiagnostics(parsed)),
    ];
    if (parsed === undefined || errors.length > 0) {
        printDiagnostics(errors);
        console.error("checks: tsconfig.json cannot be read (see above)");
        process.exit(2);
    }
    return parsed;
}

/**
 * Starts TypeScript 7's tsc on tsconfig.json (incremental as tsconfig asks: its build info in
 * node_modules/.cache). Resolves to its exit code and its output, printed when the caller says.
 */
function startTypecheck() {
    const tsc = join(root, "node_modules", "typescript-native", "bin", "tsc");
    const args = [tsc, "--noEmit", "-p", join(root, "tsconfig.json"), "--pretty", String(pretty)];
    return new Promise((resolve) => {
        const chunks = [];
        const child = spawn(process.execPath, args, {
            cwd: root,
            stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.on("data", (d) => chunks.push(d));
        child.stderr.on("data", (d) => chunks.push(d));
        child.on("error", (e) =>
            resolve({ code: 2, output: `checks: cannot start tsc: ${e.message}\n` }),
        );
        child.on("close", (code, signal) =>
            resolve({
                code: code ?? 2,
                output:
                    Buffer.concat(chunks).toString("utf8") +
                    (signal ? `checks: tsc ended by ${signal}\n` : ""),
            }),
        );
    });
}

/** The TypeScript 6 program of the typed files (`typedFiles` of eslint.config.mjs) of tsconfig. */
function typedProgram(parsed, typedFiles) {
    const rel = (f) => relative(root, f).split(sep).join("/");
    const rootNames = parsed.fileNames.filter((f) =>
        typedFiles.some((g) => matchesGlob(rel(f), g)),
    );
    const options = { ...parsed.options, incremental: false, tsBuildInfoFile: undefined };
    const host = ts.createCompilerHost(options);
    // As tsc's own host (executeCommandLine: defaultJSDocParsingMode): JSDoc parsed only where it
    // can change a type error. The lint rules in use read no JSDoc nodes.
    host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
    return ts.createProgram({
        rootNames,
        options,
        host,
        projectReferences: parsed.projectReferences,
    });
}

/** ESLint on every file; resolves to its exit code and its report (printed by the caller). */
async function lint(parsed) {
    const { ESLint } = await import("eslint");
    const config = await import(pathToFileURL(join(root, "eslint.config.mjs")).href);
    if (!Array.isArray(config.typedFiles) || config.typedFiles.length === 0) {
        return {
            code: 2,
            text: "checks: eslint.config.mjs must export typedFiles (the type-aware globs)\n",
        };
    }
    // The typed files get their program. Their findings depend on other files' types, so they
    // are never cached.
    const typed = new ESLint({
        cwd: root,
        errorOnUnmatchedPattern: false,
        overrideConfig: [
            {
                files: config.typedFiles,
                languageOptions: {
                    parserOptions: {
                        projectService: false,
                        programs: [typedProgram(parsed, config.typedFiles)],
                    },
                },
            },
        ],
    });
    // Every other file is linted from its own text alone: ESLint's cache (keyed on the file's
    // content and the config, https://eslint.org/docs/latest/use/command-line-interface#caching)
    // skips the unchanged ones on the next run.
    const untyped = new ESLint({
        cwd: root,
        cache: true,
        cacheLocation: join(root, "node_modules", ".cache", "eslint", "untyped"),
        cacheStrategy: "content",
        overrideConfig: [{ ignores: config.typedFiles }],
    });
    const [typedResults, untypedResults] = await Promise.all([
        typed.lintFiles(config.typedFiles),
        untyped.lintFiles(["."]),
    ]);
    // One report in path order, as `eslint .` lists the files.
    const results = [...typedResults, ...untypedResults].sort((a, b) =>
        a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0,
    );
    const formatter = await typed.loadFormatter("stylish");
    const text = await formatter.format(results);
    return {
        code: results.some((r) => r.errorCount > 0 || r.fatalErrorCount > 0) ? 1 : 0,
        text: text === "" ? "" : `${text}\n`, // as the eslint CLI prints it (a blank line after)
    };
}

const parsed = readTsconfig();
// The compiler runs in its own process while the lint runs here; the reports print in this
// order, the type check's first.
const typecheck = wantTypecheck ? startTypecheck() : undefined;
const linted = wantLint
    ? lint(parsed).catch((e) => ({
          // A config or plugin problem, as the eslint CLI reports it (exit 2).
          code: 2,
          text: `checks: eslint: ${e.message}\n`,
      }))
    : undefined;
let code = 0;
if (typecheck) {
    const result = await typecheck;
    process.stdout.write(result.output);
    code = result.code;
}
if (linted) {
    const result = await linted;
    (result.code === 2 ? process.stderr : process.stdout).write(result.text);
    code = code !== 0 ? code : result.code;
}
process.exitCode = code;
