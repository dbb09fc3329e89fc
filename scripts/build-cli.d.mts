// Types for scripts/build-cli.mjs (plain JavaScript so it runs before anything is compiled).
export declare const root: string;
export declare const cliOutDir: string;
export declare const cliBundle: string;
export declare const workerEntries: Record<string, string>;
export declare const cliOutputs: string[];
export declare function buildCli(): Promise<void>;
