// Type-checked ESLint with the layer boundaries of docs/architecture.md.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Modules the pure engine and compilers must never reach (no framework, no I/O). */
const IMPURE_MODULES = {
  patterns: [
    { group: ["node:*"], message: "lib/enum and lib/export are pure: no node:* imports." },
    {
      group: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*"],
      message: "lib/enum and lib/export are framework-free.",
    },
    {
      group: [
        "@prisma/*",
        "**/generated/*",
        "@/lib/db",
        "@/lib/db/*",
        "@/lib/dns",
        "@/lib/dns/*",
        "@/lib/http",
        "@/lib/http/*",
      ],
      message: "lib/enum and lib/export do not touch the database, sockets or HTTP.",
    },
    {
      group: ["zod"],
      message: "Validation in the engine returns Result values; zod schemas live in lib/schemas.",
    },
    {
      group: ["fs", "path", "os", "net", "dgram", "crypto", "child_process", "http", "https", "url"],
      message: "lib/enum and lib/export are pure: no Node built-ins.",
    },
  ],
};

/** The engine takes no hidden clock or randomness: callers pass them in. */
const NO_HIDDEN_CLOCK = [
  {
    object: "Date",
    property: "now",
    message: "Pass the clock in; lib/enum and lib/export are deterministic.",
  },
  {
    object: "Math",
    property: "random",
    message: "Pass randomness in; lib/enum and lib/export are deterministic.",
  },
  {
    object: "performance",
    property: "now",
    message: "Pass the clock in; lib/enum and lib/export are deterministic.",
  },
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next/",
      "data/",
      "test-results/",
      "playwright-report/",
      "coverage/",
      "lib/db/generated/",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ["*.js", "*.cjs", "bin/*.js"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["lib/enum/**/*.ts", "lib/export/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", IMPURE_MODULES],
      "no-restricted-properties": ["error", ...NO_HIDDEN_CLOCK],
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Pass the clock in." },
      ],
      "no-restricted-globals": ["error", "process", "Buffer", "require", "fetch"],
    },
  },
  {
    files: ["lib/enum/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...IMPURE_MODULES.patterns,
            {
              group: ["@/lib/export", "@/lib/export/*", "../export/*"],
              message: "lib/enum is below lib/export.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["components/**/*.{ts,tsx}", "app/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib/db",
                "@/lib/db/*",
                "@/lib/dns",
                "@/lib/dns/*",
                "@/lib/http",
                "@/lib/http/*",
                "@/lib/server",
                "@/lib/server/*",
                "@prisma/*",
              ],
              message: "Components reach data through route handlers and React Query.",
            },
          ],
        },
      ],
    },
  },
  {
    // Components also never reach lib/auth (passwords, sessions, tokens: server only). Pages
    // (app/**/*.tsx, server components) may: the root layout checks the session there. This
    // block repeats the patterns above because a later no-restricted-imports replaces them.
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib/db",
                "@/lib/db/*",
                "@/lib/dns",
                "@/lib/dns/*",
                "@/lib/http",
                "@/lib/http/*",
                "@/lib/server",
                "@/lib/server/*",
                "@prisma/*",
              ],
              message: "Components reach data through route handlers and React Query.",
            },
            {
              group: ["@/lib/auth", "@/lib/auth/*"],
              message: "lib/auth is server-only (passwords, sessions, tokens): use lib/api-client/session.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
