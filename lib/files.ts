/**
 * How every tool reads and writes the files a user names: only regular files, of a bounded size,
 * JSON whose keys are data, and writes that never leave a half-written file.
 *
 * - A FIFO, a device (`/dev/zero`, `/dev/stdin` on a terminal), a socket or a folder is refused
 *   before a byte is read: opening a FIFO for reading blocks until a writer comes, and a device
 *   never ends. The file is opened non-blocking and checked with fstat on the open descriptor, so
 *   a path swapped between a check and the open cannot slip through.
 * - A size cap per read (default {@link DEFAULT_MAX_BYTES}); the tool's message names the file,
 *   its size and the cap.
 * - JSON: `JSON.parse` already makes `"__proto__"` an own data property (ECMA-262
 *   JSON.parse, InternalizeJSONProperty uses CreateDataProperty). {@link readJsonFile} can also
 *   give objects without a prototype (`dataOnly`), so a key such as `constructor` or `toString`
 *   that is absent reads as undefined instead of Object.prototype's function.
 * - Writes go to a temporary file beside the target, then rename over it.
 *
 * Lives below offline/, survey/ and scripts/ (it knows no Pulumi or AWS), so every tool uses it.
 */
import * as fs from "fs";
import * as path from "path";

/** Largest file a tool reads unless it says otherwise: 256 MiB. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** A named input file that cannot be used: the tools print the message and exit 2. */
export class InputFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InputFileError";
    }
}

export interface ReadOptions {
    /** Largest size accepted, in bytes. Defaults to {@link DEFAULT_MAX_BYTES}. */
    readonly maxBytes?: number;
    /** How the message names the file (e.g. "--base FILE"). Defaults to the path. */
    readonly label?: string;
}

/** What kind of file a stat describes, in words, when it is not a regular file. */
export function notRegularKind(stat: fs.Stats): string | undefined {
    if (stat.isFile()) {
        return undefined;
    }
    if (stat.isDirectory()) {
        return "a folder";
    }
    if (stat.isFIFO()) {
        return "a FIFO (named pipe)";
    }
    if (stat.isCharacterDevice() || stat.isBlockDevice()) {
        return "a device";
    }
    if (stat.isSocket()) {
        return "a socket";
    }
    return "not a regular file";
}

function mib(bytes: number): string {
    return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`;
}

/**
 * The bytes of a regular file, refusing anything else and anything above the size cap.
 * Throws an {@link InputFileError} whose message names the file and the reason.
 */
export function readRegularFile(file: string, options: ReadOptions = {}): Buffer {
    const label = options.label ?? file;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    let fd: number;
    try {
        // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting.
        fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why =
            code === "ENOENT"
                ? "no such file"
                : code === "EACCES" || code === "EPERM"
                  ? "not readable (permission denied)"
                  : code === "EISDIR"
                    ? "a folder, not a file"
                    : (code ?? (e as Error).message);
        throw new InputFileError(`${label}: ${why}`);
    }
    try {
        const stat = fs.fstatSync(fd);
        const kind = notRegularKind(stat);
        if (kind !== undefined) {
            throw new InputFileError(`${label} is ${kind}; give a regular file`);
        }
        if (stat.size > maxBytes) {
            throw new InputFileError(
                `${label} is ${mib(stat.size)}, above the ${mib(maxBytes)} this tool reads`,
            );
        }
        // Read to the end, but never past the cap (a file that grows while it is read).
        const chunks: Buffer[] = [];
        let total = 0;
        const chunk = Buffer.allocUnsafe(Math.min(Math.max(stat.size, 1), 1024 * 1024) + 1);
        for (;;) {
            const n = fs.readSync(fd, chunk, 0, chunk.length, null);
            if (n === 0) {
                break;
            }
            total += n;
            if (total > maxBytes) {
                throw new InputFileError(
                    `${label} grew above the ${mib(maxBytes)} this tool reads while it was read`,
                );
            }
            chunks.push(Buffer.from(chunk.subarray(0, n)));
        }
        return Buffer.concat(chunks, total);
    } finally {
        fs.closeSync(fd);
    }
}

/** A regular file as UTF-8 text (a leading byte-order mark removed). */
export function readTextFile(file: string, options: ReadOptions = {}): string {
    const text = readRegularFile(file, options).toString("utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parsed JSON with every object made prototype-less: keys are data, nothing is inherited. */
function dataOnlyReviver(_key: string, value: unknown): unknown {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const copy = Object.create(null) as Record<string, unknown>;
        for (const k of Object.keys(value)) {
            // A prototype-less object has no __proto__ accessor: this defines a data property.
            copy[k] = (value as Record<string, unknown>)[k];
        }
        return copy;
    }
    return value;
}

/** Parses JSON text read from `label`; an {@link InputFileError} names the file when it is not JSON. */
export function parseJson(
    text: string,
    label: string,
    options: { readonly dataOnly?: boolean } = {},
): unknown {
    try {
        return options.dataOnly ? JSON.parse(text, dataOnlyReviver) : JSON.parse(text);
    } catch (e) {
        throw new InputFileError(`${label} is not valid JSON: ${(e as Error).message}`);
    }
}

/**
 * A regular file's JSON. `dataOnly`: objects without a prototype (keys such as `constructor`
 * are looked up as data only). `null` stays `null`: the caller's shape check decides.
 */
export function readJsonFile(
    file: string,
    options: ReadOptions & { readonly dataOnly?: boolean } = {},
): unknown {
    return parseJson(readTextFile(file, options), options.label ?? file, options);
}

/**
 * Writes `data` to `file` through a temporary file in the same folder, renamed over it: a reader
 * (or a crash) never sees a half-written file. The temporary file is removed on failure.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
    const dir = path.dirname(path.resolve(file));
    const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
    try {
        fs.writeFileSync(temp, data, { flag: "wx" });
        fs.renameSync(temp, file);
    } catch (e) {
        fs.rmSync(temp, { force: true });
        throw e;
    }
}

/**
 * The paths that name distinct files, in order: a file reached twice (a repeated path, a symlink,
 * a hard link) is kept once, by device and inode. Paths that cannot be stat'ed are kept (the
 * reader reports them).
 */
export function distinctFiles(paths: readonly string[]): string[] {
    const seen = new Set<string>();
    return paths.filter((p) => {
        let key: string;
        try {
            const s = fs.statSync(p, { bigint: true });
            key = `${s.dev}:${s.ino}`;
        } catch {
            key = `path:${path.resolve(p)}`;
        }
        if (seen.has(key)) {
            return false;
        }
        seen.add(key);
        return true;
    });
}

/**
 * `text` without terminal control sequences (ANSI CSI/OSC escapes and other C0/C1 controls but
 * tab and newline): log fields printed to a terminal cannot move the cursor or retitle it.
 */
export function withoutControlCodes(text: string): string {
    return text
        .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, "")
        .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, "")
        .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
}
