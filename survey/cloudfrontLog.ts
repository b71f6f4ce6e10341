/**
 * Streams CloudFront standard log files (legacy and v2 W3C format): plain or gzip, files or
 * directories. Columns are found by the `#Fields:` header, never by position; each record is
 * tab-separated with `-` for an empty value.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html
 */
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import * as zlib from "zlib";

/** A log file that cannot be read to its end: exit 2, naming it. */
export class LogFileError extends Error {}

/** The files under the given paths (directories walked, sorted), each checked readable. */
export function logFiles(paths: readonly string[]): string[] {
    const out: string[] = [];
    const walk = (p: string) => {
        let st: fs.Stats;
        try {
            st = fs.statSync(p);
        } catch (e) {
            throw new LogFileError(
                `${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
            );
        }
        if (st.isDirectory()) {
            for (const e of fs.readdirSync(p).sort()) {
                walk(path.join(p, e));
            }
        } else {
            try {
                fs.accessSync(p, fs.constants.R_OK);
            } catch (e) {
                throw new LogFileError(`${p}: cannot read (${(e as NodeJS.ErrnoException).code})`);
            }
            out.push(p);
        }
    };
    paths.forEach(walk);
    return out;
}

export interface ReadStats {
    lines: number;
    records: number;
    /** Lines that do not match the header (wrong field count, or records before any header). */
    malformed: number;
    bytes: number;
}

/** Whether a file starts with the gzip magic bytes (1f 8b), whatever its name. */
function isGzip(file: string): boolean {
    const fd = fs.openSync(file, "r");
    try {
        const b = Buffer.alloc(2);
        return fs.readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
    } finally {
        fs.closeSync(fd);
    }
}

/**
 * Reads one file, calling `onRecord` with the split fields and the header's column index.
 * Throws {@link LogFileError} when the file is unreadable or its gzip stream is truncated.
 */
export async function readLogFile(
    file: string,
    onRecord: (fields: string[], columns: ReadonlyMap<string, number>) => void,
    stats: ReadStats,
): Promise<void> {
    const raw = fs.createReadStream(file);
    raw.on("data", (chunk) => {
        stats.bytes += chunk.length;
    });
    const input = isGzip(file) ? raw.pipe(zlib.createGunzip()) : raw;
    let failure: Error | undefined;
    const fail = (e: Error) => {
        failure ??= e;
        input.destroy();
    };
    raw.on("error", fail);
    input.on("error", fail);
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    let columns: Map<string, number> | undefined;
    try {
        for await (const line of lines) {
            stats.lines++;
            if (line.startsWith("#")) {
                if (line.startsWith("#Fields:")) {
                    const names = line.slice("#Fields:".length).trim().split(/\s+/);
                    columns = new Map(names.map((n, i) => [n, i]));
                }
                continue;
            }
            if (line === "") {
                continue;
            }
            const fields = line.split("\t");
            if (!columns || fields.length !== columns.size) {
                stats.malformed++;
                continue;
            }
            stats.records++;
            onRecord(fields, columns);
        }
    } catch (e) {
        failure ??= e as Error;
    }
    if (failure) {
        const code = (failure as NodeJS.ErrnoException).code;
        throw new LogFileError(
            code === "Z_BUF_ERROR" || /unexpected end/i.test(failure.message)
                ? `${file}: truncated gzip file (${failure.message})`
                : `${file}: cannot read (${code ?? failure.message})`,
        );
    }
}
