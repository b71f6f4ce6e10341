// The type check and the lint on ONE TypeScript program (`npm test` runs this; `npm run typecheck`
// and `npm run lint` stay `tsc` and `eslint`, with the same findings).
//
// Both need a program over the project's sources, and each used to build its own: `tsc --noEmit
// -p .` and ESLint's projectService for the typed files (the two @pulumi rules). The program is
// the expensive part (~4,000 files, most of them @pulumi/aws typings), so this script builds it
// once from tsconfig.json with the TypeScript API, reports its diagnostics as tsc does, then runs
// ESLint through its Node API with typescript-eslint's `parserOptions.programs: [program]`
// (https://typescript-eslint.io/packages/parser/#programs) for the typed files of
// eslint.config.mjs instead of the projectService. The other files, linted from their own text,
// go through ESLint's cache (node_modules/.cache/eslint); the typed ones are never cached.
//
//   node scripts/checks.mjs [--typecheck] [--lint]   (no flag: both)
//
// Exit: the type check's code when it failed (1, as tsc with noEmit), else ESLint's (1 on an
// error); 2 for a usage or configuration problem.
import { dirname, join } from "path";
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

/** The program of tsconfig.json (incremental as tsconfig asks: the build info in node_modules/.cache). */
function createProgram() {
    const configPath = join(root, "tsconfig.json");
    const configDiagnostics = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(
        configPath,
        {},
        {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => configDiagnostics.push(d),
        },
    );
    if (parsed === undefined) {
        printDiagnostics(configDiagnostics);
        console.error("checks: tsconfig.json cannot be read (see above)");
        process.exit(2);
    }
    const host = ts.createIncrementalCompilerHost(parsed.options, ts.sys);
    // As tsc's own host (executeCommandLine: defaultJSDocParsingMode): JSDoc parsed only where it
    // can change a type error. The lint rules in use read no JSDoc nodes.
    host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
    const builder = ts.createIncrementalProgram({
        rootNames: parsed.fileNames,
        options: parsed.options,
        configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
        projectReferences: parsed.projectReferences,
        host,
    });
    return builder;
}

/**
 * tsc's order (emitFilesAndReportErrors): config and option diagnostics, global, syntactic, and
 * the semantic ones only when there is no syntax error; then it writes the build info (noEmit).
 */
function typecheck(builder) {
    const diagnostics = [
        ...builder.getConfigFileParsingDiagnostics(),
        ...builder.getOptionsDiagnostics(),
        ...builder.getGlobalDiagnostics(),
    ];
    const syntactic = builder.getSyntacticDiagnostics();
    diagnostics.push(...syntactic);
    if (syntactic.length === 0) {
        diagnostics.push(...builder.getSemanticDiagnostics());
    }
    const emitted = builder.emit();
    diagnostics.push(...emitted.diagnostics);
    const sorted = ts.sortAndDeduplicateDiagnostics(diagnostics);
    printDiagnostics(sorted);
    return sorted.some((d) => d.category === ts.DiagnosticCategory.Error) ? 1 : 0;
}

async function lint(program) {
    const { ESLint } = await import("eslint");
    const config = await import(pathToFileURL(join(root, "eslint.config.mjs")).href);
    if (!Array.isArray(config.typedFiles) || config.typedFiles.length === 0) {
        console.error("checks: eslint.config.mjs must export typedFiles (the type-aware globs)");
        return 2;
    }
    // The typed files get the program built above. Their findings depend on other files' types,
    // so they are never cached.
    const typed = new ESLint({
        cwd: root,
        errorOnUnmatchedPattern: false,
        overrideConfig: [
            {
                files: config.typedFiles,
                languageOptions: { parserOptions: { projectService: false, programs: [program] } },
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
    if (text !== "") {
        console.log(text); // as the eslint CLI prints it (a blank line after)
    }
    return results.some((r) => r.errorCount > 0 || r.fatalErrorCount > 0) ? 1 : 0;
}

const builder = createProgram();
let code = 0;
if (wantTypecheck) {
    code = typecheck(builder);
}
if (wantLint) {
    let lintCode;
    try {
        lintCode = await lint(builder.getProgram());
    } catch (e) {
        // A config or plugin problem, as the eslint CLI reports it (exit 2).
        console.error(`checks: eslint: ${e.message}`);
        lintCode = 2;
    }
    code = code !== 0 ? code : lintCode;
}
process.exitCode = code;
