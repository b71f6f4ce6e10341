/**
 * Reading a `pulumi stack export` file (version 3) for pricing: only a regular file (lib/files.ts:
 * a FIFO, device or folder is refused before a byte is read), JSON whose keys are data, with
 * `deployment.resources` of string urn and type. Problems are {@link ExportFileError}s naming the
 * file; the CLI prints them and exits 2.
 */
import { InputFileError, readJsonFile } from "../lib/files";
import type { CostResource } from "./estimate";

export class ExportFileError extends InputFileError {
    constructor(message: string) {
        super(message);
        this.name = "ExportFileError";
    }
}

export function readExportFile(file: string): CostResource[] {
    let doc: unknown;
    try {
        doc = readJsonFile(file, { label: `--export ${file}`, dataOnly: true });
    } catch (e) {
        if (e instanceof InputFileError) {
            throw new ExportFileError(e.message);
        }
        throw e;
    }
    return exportResources(doc, `--export ${file}`);
}

/** The resources of a parsed export document, checked. */
export function exportResources(doc: unknown, name: string): CostResource[] {
    const d = doc as { version?: unknown; deployment?: { resources?: unknown } } | null;
    if (d === null || typeof d !== "object" || d.version !== 3) {
        throw new ExportFileError(
            `${name}: not a version 3 stack export (pulumi stack export, or npm run synth -- --out)`,
        );
    }
    const resources = d.deployment?.resources ?? [];
    if (!Array.isArray(resources)) {
        throw new ExportFileError(`${name}: deployment.resources must be an array`);
    }
    resources.forEach((r: unknown, i) => {
        const res = r as { urn?: unknown; type?: unknown } | null;
        if (
            res === null ||
            typeof res !== "object" ||
            typeof res.urn !== "string" ||
            typeof res.type !== "string"
        ) {
            throw new ExportFileError(`${name}: resource ${i} must have string urn and type`);
        }
    });
    return resources as CostResource[];
}
