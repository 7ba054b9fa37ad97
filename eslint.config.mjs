// ESLint (flat config): ESLint's and typescript-eslint's recommended rules, fitted to this code base.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const NODE_GLOBALS = Object.fromEntries(
  ["process", "console", "require", "module", "exports", "__dirname", "Buffer", "setTimeout", "clearTimeout", "setImmediate"].map(
    (name) => [name, "readonly"],
  ),
);

/** A rule block forbidding imports whose specifier matches `regex` in `files`. */
function restrictImports(files, regex, message) {
  return { files, rules: { "no-restricted-imports": ["error", { patterns: [{ regex, message }] }] } };
}

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", ".tools/", ".cache/", ".pulumi-state/", "policy/node_modules/", "docs/api/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // A provider method or a callback keeps its documented signature even when it ignores an argument.
      "@typescript-eslint/no-unused-vars": ["error", { args: "none", caughtErrors: "none", varsIgnorePattern: "^_" }],
    },
  },
  // Arrows run one way: the library never reaches the sandbox, tests or tools; provider/ uses no
  // other folder; tests/ and bench/ share support/ and never import each other.
  restrictImports(
    ["provider/**/*.ts"],
    "^(\\.\\./)+(local|components|testing|policy|tests|bench|support|scripts|acceptance)(/|$)",
    "provider/ imports no other folder: put a shared helper in provider/",
  ),
  {
    // A resource's model (provider/<resource>/model.ts) is pure: types, check, diff, planners.
    // Its AWS calls live in operations.ts beside it. Repeats the provider/ rule: a later block replaces it.
    files: ["provider/*/model.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./\\.\\./(local|components|testing|policy|tests|bench|support|scripts|acceptance)(/|$)",
              message: "provider/ imports no other folder: put a shared helper in provider/",
            },
            {
              regex: "^@(aws-sdk|smithy)/",
              message: "a model never imports the AWS SDK (types included): calls go in operations.ts, shapes are declared in the model",
            },
            { regex: "(^|/)(operations|resource|stateContract)$", message: "a model imports no operations, class or state contract" },
          ],
        },
      ],
    },
  },
  restrictImports(
    ["components/**/*.ts", "local/**/*.ts", "testing/**/*.ts", "policy/**/*.ts"],
    "^\\.\\./(tests|bench|support|scripts|acceptance)(/|$)",
    "the library does not use tests, benchmarks, the acceptance suite or their support",
  ),
  restrictImports(
    ["acceptance/**/*.ts"],
    "^\\.\\./(tests|bench|support|scripts)(/|$)",
    "acceptance/ (the plan, setup and sweeper) runs without the test helpers, so the sweeper works on its own",
  ),
  restrictImports(["bench/**/*.ts"], "^\\.\\./tests(/|$)", "bench/ shares helpers with tests/ through support/, never tests/ itself"),
  restrictImports(["tests/**/*.ts"], "^(\\.\\./)+bench(/|$)", "tests/ shares helpers with bench/ through support/, never bench/ itself"),
  {
    // Plain CommonJS programs the engine runs without ts-node (benchmark fixtures).
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: NODE_GLOBALS },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
