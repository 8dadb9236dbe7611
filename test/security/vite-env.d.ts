// What Vite gives test modules, declared here because the Worker's tsconfig has no Vite client types.

/** `?raw` imports a file's text; tests read static configuration (web/public/_headers) this way. */
declare module "*?raw" {
  const text: string;
  export default text;
}

/** Vite passes `VITE_*` variables of the shell into `import.meta.env`, the one way in to workerd tests. */
interface ImportMetaEnv {
  readonly VITE_FUZZ_RUNS?: string;
  readonly VITE_FUZZ_SECONDS?: string;
  readonly VITE_FUZZ_SEED?: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
  /** Vite's glob import, in the one form tests use: each matching file's text, by its path. */
  glob(patterns: string | string[], options: { query: "?raw"; import: "default"; eager: true }): Record<string, string>;
}
