/**
 * The policy pack's numbers in README.md and README.ja.md (between the pack-summary markers),
 * rendered from the pack and the decision table's coverage of the SDK inventory, so they never
 * drift: `npm run docs` rewrites them, `npm run docs -- --check` fails while they are stale.
 */
import { coverageReport } from "../policies/coverage";
import { policies } from "../policies/rules";

export const BEGIN = "<!-- pack-summary:begin (npm run docs) -->";
export const END = "<!-- pack-summary:end -->";

/** The counts both languages render. */
export function packNumbers(): {
    policies: number;
    mandatory: number;
    advisory: number;
    inventoried: number;
    decided: number;
    byRows: number;
    byHouseRules: number;
} {
    const level = (l: string) => policies.filter((p) => (p.enforcementLevel ?? "advisory") === l);
    const coverage = coverageReport();
    const byRows = coverage.byDecision["property checks"] ?? 0;
    return {
        policies: policies.length,
        mandatory: level("mandatory").length,
        advisory: level("advisory").length,
        inventoried: coverage.total,
        decided: coverage.decided,
        byRows,
        byHouseRules: coverage.decided - byRows,
    };
}

/** The block's text in the README's language (README.ja.md: Japanese). */
export function renderPackSummary(japanese: boolean): string {
    const n = packNumbers();
    return japanese
        ? [
              `- ポリシー: ${n.policies}（デフォルトで必須 ${n.mandatory}、勧告 ${n.advisory}。スタックごとのレベルは [\`policies/RULES.md\`](policies/RULES.md)）`,
              `- SDK から生成したインベントリのタイプ: ${n.inventoried}。判定あり: ${n.decided}（プロパティ行 ${n.byRows}、ハウスルール ${n.byHouseRules}）。判定なし: ${n.inventoried - n.decided}`,
          ].join("\n")
        : [
              `- Policies: ${n.policies} (${n.mandatory} mandatory, ${n.advisory} advisory by default; each stack's levels in [\`policies/RULES.md\`](policies/RULES.md))`,
              `- Inventoried AWS types (generated from the SDK): ${n.inventoried}; decided: ${n.decided} (${n.byRows} by property rows, ${n.byHouseRules} by house rules); undecided: ${n.inventoried - n.decided}`,
          ].join("\n");
}

/** Replaces the text between the markers; throws if the markers are missing. */
export function withPackSummary(markdown: string, japanese: boolean): string {
    const begin = markdown.indexOf(BEGIN);
    const end = markdown.indexOf(END);
    if (begin < 0 || end < begin) {
        throw new Error(`the README needs the markers ${BEGIN} and ${END}`);
    }
    return `${markdown.slice(0, begin + BEGIN.length)}\n${renderPackSummary(japanese)}\n${markdown.slice(end)}`;
}
