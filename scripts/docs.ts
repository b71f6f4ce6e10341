/**
 * npm run docs: rewrites the config reference in README.md and README.ja.md from the settings
 * schema (see scripts/configReference.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { withConfigReference } from "./configReference";

for (const file of ["README.md", "README.ja.md"]) {
    const full = path.join(PROJECT_ROOT, file);
    if (!fs.existsSync(full)) {
        continue;
    }
    const before = fs.readFileSync(full, "utf8");
    const after = withConfigReference(before);
    if (after !== before) {
        fs.writeFileSync(full, after);
        console.log(`updated the config reference in ${file}`);
    }
}
