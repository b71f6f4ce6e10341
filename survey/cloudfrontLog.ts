/**
 * Streams CloudFront standard log files: plain or gzip, files or directories.
 *
 * - W3C (legacy, and standard logging v2's W3C output): columns found by the `#Fields:` header,
 *   never by position; records separated by tab, space or `|` (v2 lets the delivery choose the
 *   field delimiter), `-` for an empty value.
 * - Standard logging v2 JSON: one object per line, keyed by the same field names.
 * - Refused, naming the format (exit 2): Parquet, real-time log records (no header, epoch
 *   timestamp first), plain output without a header, anything else that is not a log, and a
 *   header without the columns the report needs.
 *
 * Field list: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html
 * v2 output formats: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html
 * Real-time records: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/real-time-logs.html
 */
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import * as zlib from "zlib";
import { distinctFiles, InputFileError, notRegularKind } from "../lib/files";

/** A log file that cannot be read to its end: exit 2, naming it. */
export class LogFileError extends InputFileError {}

/** Columns the report needs; a file without them is refused, naming what it has. */
export const REQUIRED_LOG_COLUMNS = ["cs-method", "cs-uri-stem", "x-edge-result-type"] as const;

/** The longest line read (a CloudFront record is a few KB); longer lines count as malformed. */
export const MAX_LINE_CHARS = 256 * 1024;

/**
 * The files under the given paths (directories walked, sorted), each a readable regular file,
 * each once: a file reached twice (a symlink, a hard link, a repeated path) is read once
 * (lib/files.ts distinctFiles). FIFOs, devices and sockets are refused (notRegularKind), so a
 * stray /dev/zero cannot hang the run.
 */
export function logFiles(paths: readonly string[]): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const walk = (p: string, depth: number) => {
        let st: fs.Stats;
        let real: string;
        try {
            st = fs.statSync(p);
            real = fs.realpathSync(p);
        } catch (e) {
            throw new LogFileError(
                `${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
            );
        }
        if (seen.has(real)) {
            return;
        }
        seen.add(real);
        if (st.isDirectory()) {
            if (depth > 32) {
                throw new LogFileError(`${p}: folders nested too deep`);
            }
            for (const e of fs.readdirSync(p).sort()) {
                walk(path.join(p, e), depth + 1);
            }
            return;
        }
        const kind = notRegularKind(st);
        if (kind !== undefined) {
            throw new LogFileError(`${p} is ${kind}; give log files or folders`);
        }
        try {
            fs.accessSync(p, fs.constants.R_OK);
        } catch (e) {
            throw new LogFileError(`${p}: cannot read (${(e as NodeJS.ErrnoException).code})`);
        }
        out.push(p);
    };
    for (const p of paths) {
        walk(p, 0);
    }
    return distinctFiles(out);
}

export interface ReadStats {
    lines: number;
    records: number;
    /** Lines that do not match the header (wrong field count, or records before any header). */
    malformed: number;
    bytes: number;
}

/**
 * Opens a log file for reading: non-blocking (a FIFO swapped in after {@link logFiles} checked
 * the path returns at once) and checked on the open descriptor to be a regular file.
 */
function openLog(file: string): number {
    let fd: number;
    try {
        fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    } catch (e) {
        throw new LogFileError(
            `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        );
    }
    const kind = notRegularKind(fs.fstatSync(fd));
    if (kind !== undefined) {
        fs.closeSync(fd);
        throw new LogFileError(`${file} is ${kind}; give log files or folders`);
    }
    return fd;
}

/** The first bytes of an open file. */
function head(fd: number, n: number): Buffer {
    const b = Buffer.alloc(n);
    const got = fs.readSync(fd, b, 0, n, 0);
    return b.subarray(0, got);
}

/** Whether a file starts with the gzip magic bytes (1f 8b), whatever its name. */
function isGzip(fd: number): boolean {
    const b = head(fd, 2);
    return b.length === 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** A Parquet file starts (and ends) with the magic bytes PAR1. */
function isParquet(fd: number): boolean {
    return head(fd, 4).toString("latin1") === "PAR1";
}

/** A real-time log record starts with its epoch timestamp in seconds with milliseconds. */
const REALTIME_FIRST_FIELD = /^\d{10}\.\d{3}$/;

/**
 * Reads one file, calling `onRecord` with the split fields and the header's column index.
 * Throws {@link LogFileError} when the file is unreadable, its gzip stream is truncated, or it is
 * not a log the report reads (naming its format).
 */
export async function readLogFile(
    file: string,
    onRecord: (fields: string[], columns: ReadonlyMap<string, number>) => void,
    stats: ReadStats,
): Promise<void> {
    const fd = openLog(file);
    let gzip: boolean;
    try {
        if (isParquet(fd)) {
            throw new LogFileError(
                `${file}: Parquet (standard logging v2) is not read; deliver the logs as W3C or JSON, or convert them`,
            );
        }
        gzip = isGzip(fd);
    } catch (e) {
        fs.closeSync(fd);
        throw e;
    }
    // The stream reads the checked descriptor from the start and closes it.
    const raw = fs.createReadStream("", { fd, start: 0, autoClose: true });
    raw.on("data", (chunk) => {
        stats.bytes += chunk.length;
    });
    const input = gzip ? raw.pipe(zlib.createGunzip()) : raw;
    let failure: Error | undefined;
    const fail = (e: Error) => {
        failure ??= e;
        input.destroy();
    };
    raw.on("error", fail);
    input.on("error", fail);
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    let columns: Map<string, number> | undefined;
    let delimiter: string | undefined;
    let json = false;
    let refused: LogFileError | undefined;
    const refuse = (message: string) => {
        refused = new LogFileError(`${file}: ${message}`);
        input.destroy();
    };
    try {
        for await (const line of lines) {
            stats.lines++;
            if (line.length > MAX_LINE_CHARS) {
                stats.malformed++;
                continue;
            }
            if (!json && line.startsWith("#")) {
                if (line.startsWith("#Fields:")) {
                    const names = line.slice("#Fields:".length).trim().split(/\s+/);
                    columns = new Map(names.map((n, i) => [n, i]));
                    delimiter = undefined;
                    const lacking = REQUIRED_LOG_COLUMNS.filter((c) => !columns!.has(c));
                    if (lacking.length) {
                        refuse(
                            `its #Fields header has no ${lacking.join(", ")} column (the report needs ${REQUIRED_LOG_COLUMNS.join(", ")}); add them to the log's fields`,
                        );
                        break;
                    }
                }
                continue;
            }
            if (line === "") {
                continue;
            }
            if (!columns && !json) {
                if (line.startsWith("{")) {
                    json = true;
                } else {
                    const first = line.split(/[\t |]/)[0];
                    refuse(
                        REALTIME_FIRST_FIELD.test(first)
                            ? "real-time log records (no header, epoch timestamp first) are not read; use standard logs"
                            : stats.records === 0 && /[^\t\n\r\x20-\x7e\u00a0-\uffff]/.test(line)
                              ? "not a CloudFront log (binary content, and no #Fields header)"
                              : "not a CloudFront log the report reads: no #Fields header (plain output without a header, or another file)",
                    );
                    break;
                }
            }
            if (json) {
                let rec: unknown;
                try {
                    rec = JSON.parse(line);
                } catch {
                    stats.malformed++;
                    continue;
                }
                if (rec === null || typeof rec !== "object" || Array.isArray(rec)) {
                    stats.malformed++;
                    continue;
                }
                const keys = Object.keys(rec);
                const lacking = REQUIRED_LOG_COLUMNS.filter((c) => !keys.includes(c));
                if (lacking.length) {
                    if (stats.records === 0) {
                        refuse(
                            `JSON records without ${lacking.join(", ")} (the report needs ${REQUIRED_LOG_COLUMNS.join(", ")})`,
                        );
                        break;
                    }
                    stats.malformed++;
                    continue;
                }
                const values = keys.map((k) => {
                    const v = (rec as Record<string, unknown>)[k];
                    return v === null || v === undefined ? "-" : String(v);
                });
                stats.records++;
                onRecord(values, new Map(keys.map((k, i) => [k, i])));
                continue;
            }
            // W3C: the delimiter is the one that splits the first record into the header's count.
            delimiter ??= ["\t", "|", " "].find((d) => line.split(d).length === columns!.size);
            const fields = delimiter === undefined ? [] : line.split(delimiter);
            if (fields.length !== columns!.size) {
                stats.malformed++;
                continue;
            }
            stats.records++;
            onRecord(fields, columns!);
        }
    } catch (e) {
        failure ??= e as Error;
    }
    if (refused) {
        throw refused;
    }
    if (failure) {
        const code = (failure as NodeJS.ErrnoException).code;
        throw new LogFileError(
            code === "Z_BUF_ERROR" || /unexpected end/i.test(failure.message)
                ? `${file}: truncated gzip file (${failure.message})`
                : code === "Z_DATA_ERROR"
                  ? `${file}: not a gzip file the report can read (${failure.message})`
                  : `${file}: cannot read (${code ?? failure.message})`,
        );
    }
}
