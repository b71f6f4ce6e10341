/**
 * Parity, reading: the survey folder's JSON files (AWS CLI `--output json`), checked as regular
 * files of bounded size, and the small JSON helpers every comparison uses. Parsed JSON is data:
 * `null` entries and keys such as `__proto__` or `constructor` never reach an object's prototype
 * (JSON.parse defines them as own properties, and the helpers below skip non-objects).
 */
import * as fs from "fs";
import * as path from "path";
import { InputFileError, parseJson, readTextFile } from "../../lib/files";

/** A survey file that exists but cannot be used, or a folder that holds none: exit 2, naming it. */
export class SurveyFileError extends InputFileError {}

export type Json = Record<string, unknown>;

/** The largest survey file read (AWS CLI JSON of one account's resources is far smaller). */
export const MAX_SURVEY_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The survey files read from a folder: file name → parsed JSON, absent when missing. `failed`
 * holds files that exist but hold no output (a 0-byte file: the command that writes it failed),
 * with the reason; their rows show "not surveyed" instead of stopping the table.
 */
export class SurveyFiles extends Map<string, unknown> {
    readonly failed = new Map<string, string>();
}

/**
 * Reads every expected file of `dir` (lib/files.ts: a FIFO or device is refused before a byte is
 * read; objects are parsed without a prototype, so every key is data). Missing files are left out
 * and 0-byte files marked failed; a folder holding none of them, a file that is not a regular file
 * (FIFO, device, folder), a file larger than {@link MAX_SURVEY_FILE_BYTES} or one that is not JSON
 * throws {@link SurveyFileError}.
 */
export function readSurvey(dir: string, files: readonly string[]): SurveyFiles {
    let st: fs.Stats;
    try {
        st = fs.statSync(dir);
    } catch {
        throw new SurveyFileError(`${dir} is not a directory of survey files`);
    }
    if (!st.isDirectory()) {
        throw new SurveyFileError(`${dir} is not a directory of survey files`);
    }
    const out = new SurveyFiles();
    let present = 0;
    for (const f of new Set(files)) {
        const p = path.join(dir, f);
        let fst: fs.Stats;
        try {
            fst = fs.statSync(p);
        } catch {
            continue;
        }
        present++;
        if (fst.isFile() && fst.size === 0) {
            out.failed.set(f, `${f} is empty: the command that writes it failed`);
            continue;
        }
        let text: string;
        try {
            text = readTextFile(p, { maxBytes: MAX_SURVEY_FILE_BYTES });
        } catch (e) {
            if (e instanceof InputFileError) {
                throw new SurveyFileError(e.message);
            }
            throw e;
        }
        if (text.trim() === "") {
            out.failed.set(f, `${f} is empty: the command that writes it failed`);
            continue;
        }
        try {
            out.set(f, parseJson(text, p, { dataOnly: true }));
        } catch (e) {
            throw new SurveyFileError(
                `${(e as Error).message} (truncated?); collect it again with --output json`,
            );
        }
    }
    if (present === 0) {
        throw new SurveyFileError(
            `${dir} holds none of the survey files (such as ${files.slice(0, 2).join(", ")}); collect them with npm run -s parity -- --commands`,
        );
    }
    return out;
}

/** Display form of a value: strings as is, the rest as JSON; `null` for absent. */
export function show(v: unknown): string | null {
    if (v === undefined || v === null || v === "") {
        return null;
    }
    return typeof v === "string" ? v : JSON.stringify(v);
}

/** The value as an object, or `{}` (null, arrays and scalars are not objects here). */
export function obj(v: unknown): Json {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {};
}

/** The value's object entries, or `[]`; `null` and scalar entries are skipped. */
export function arr(v: unknown): Json[] {
    return Array.isArray(v)
        ? (v.filter((x) => x !== null && typeof x === "object" && !Array.isArray(x)) as Json[])
        : [];
}

/** An own property, never an inherited one (`constructor`, `__proto__` read as data). */
export function own(o: Json, key: string): unknown {
    return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/** The value at a dotted path (own properties only); undefined when any step is missing. */
export function at(v: unknown, dotted: string): unknown {
    let cur: unknown = v;
    for (const k of dotted.split(".")) {
        if (cur === null || typeof cur !== "object" || Array.isArray(cur)) {
            return undefined;
        }
        cur = own(cur as Json, k);
    }
    return cur;
}

/** Lower-cases the first letter of every key: AWS API JSON → provider input spelling. */
export function camelKeys(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.map(camelKeys);
    }
    if (v !== null && typeof v === "object") {
        const out: Json = {};
        for (const [k, x] of Object.entries(v)) {
            Object.defineProperty(out, k === "" ? k : k[0].toLowerCase() + k.slice(1), {
                value: camelKeys(x),
                enumerable: true,
                writable: true,
                configurable: true,
            });
        }
        return out;
    }
    return v;
}
