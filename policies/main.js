// The policy pack as `pulumi preview --policy-pack policies` loads it (package.json `main`):
// index.ts bundled in memory by esbuild. The CLI's policy host registers ts-node with
// `typeCheck: true`, but never sees a .ts file. See scripts/tsEntry.cjs.
"use strict";
require("../scripts/tsEntry.cjs").runTypeScript(require.resolve("./index.ts"), module);
