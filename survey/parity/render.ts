/** Parity, rendering: the Markdown table (English and Japanese headings) and the JSON array. */
import { ParityRow, STATUSES } from "./compare";

/** Removes terminal control sequences and other control characters from survey text. */
export function printable(v: string): string {
    // CSI/OSC escape sequences, then any remaining C0/C1 control character.
    return v
        .replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, "")
        .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
}

function cell(v: string | null): string {
    return v === null ? "—" : `\`${printable(v).replace(/\|/g, "\\|").replace(/`/g, "'")}\``;
}

/** The Markdown table, headings in English and Japanese like the README pair. */
export function renderMarkdown(stack: string, rows: readonly ParityRow[]): string {
    const lines = [
        `## Parity: production vs stack \`${stack}\` / 本番環境との差分一覧`,
        "",
        "| Resource / リソース | Item / 項目 | Production / 本番環境 | Stack / スタック | Status / 状態 | Impact / 影響・備考 |",
        "|---|---|---|---|---|---|",
    ];
    let last = "";
    for (const r of rows) {
        const res = r.resource === last ? "" : `**${r.resource}**`;
        last = r.resource;
        lines.push(
            `| ${res} | ${printable(r.item).replace(/\|/g, "\\|")} / ${printable(r.itemJa).replace(/\|/g, "\\|")} | ${cell(r.production)} | ${cell(r.stack)} | ${r.status} | ${printable(r.impact ?? "").replace(/\|/g, "\\|")} |`,
        );
    }
    const counts = STATUSES.map((s) => `${s}: ${rows.filter((r) => r.status === s).length}`);
    lines.push("", `${rows.length} rows — ${counts.join(", ")}`);
    return lines.join("\n") + "\n";
}

/** The JSON array: resource, item, production, stack, status (and itemJa, impact). */
export function renderJson(rows: readonly ParityRow[]): string {
    return JSON.stringify(rows, null, 2) + "\n";
}
