// The program as `pulumi preview`/`up` run it (Pulumi.yaml: `main: main.js`, `typescript: false`):
// index.ts bundled in memory by esbuild, without ts-node's per-run type check. See scripts/tsEntry.cjs.
"use strict";
module.exports = require("./scripts/tsEntry.cjs").runTypeScript(
    require.resolve("./index.ts"),
    module,
);
