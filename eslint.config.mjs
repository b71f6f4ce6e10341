// Lint: typescript-eslint's recommended rules plus Pulumi's rules against Outputs in template
// literals (write pulumi.interpolate instead).
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

/**
 * The files linted with type information: the program (index.ts, components/, stacks/,
 * bootstrap/), where Outputs are built. scripts/checks.mjs gives them its TypeScript program.
 */
export const typedFiles = ["index.ts", "components/**/*.ts", "stacks/**/*.ts", "bootstrap/**/*.ts"];

export default tseslint.config(
    {
        ignores: [
            "node_modules/**",
            "**/node_modules/**",
            "bin/**",
            ".synth/**",
            "eslint.config.mjs",
        ],
    },
    ...tseslint.configs.recommended,
    {
        // The CommonJS entry points the Pulumi CLI loads (main.js, policies/main.js, tsEntry.cjs).
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: { sourceType: "commonjs" },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        files: ["**/*.ts"],
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            eqeqeq: ["error", "smart"],
            curly: "error",
            "prefer-const": "error",
            // sdk/aws.ts re-exports the provider's services in use: the package root loads all
            // of them and puts all of its typings into the type check.
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: ["@pulumi/aws", "@pulumi/aws/*"],
                            message:
                                'import * as aws from "<relative path>/sdk/aws" (add a service there when one is missing)',
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["sdk/aws.ts"],
        rules: { "no-restricted-imports": "off" },
    },
    {
        // Type information only where Outputs are built: the program (index.ts, components/, stacks/,
        // bootstrap/). The two Pulumi rules need it; everything else lints without a TypeScript
        // program, which more than halves the lint time.
        files: typedFiles,
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
        },
    },
);
