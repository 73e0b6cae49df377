// Types of install-env.mjs (for the unit test written in TypeScript).
export declare const KEPT_NPM_CONFIG: Set<string>;
export declare function npmConfigName(envKey: string): string | null;
export declare function isNpmScriptPathEntry(dir: string): boolean;
export declare function systemGlobalConfig(env: Record<string, string | undefined>, execPath: string): string;
export declare function nestedInstallEnv(
  env: Record<string, string | undefined>,
  options?: { nodeBinDir?: string; globalconfig?: string; set?: Record<string, string | undefined> },
): Record<string, string>;
export interface MissingPart { what: string; pkg: string[] }
export type SystemPlan =
  | { action: 'none' }
  | { action: 'install'; pkgs: string[]; command: string }
  | { action: 'tell'; pkgs: string[]; line: string };
export declare function systemPlan(o: { missing: MissingPart[]; isRoot: boolean; hasApt: boolean; allowInstall?: boolean }): SystemPlan;
export declare function aptCommand(pkgs: string[], o?: { sudo?: boolean }): string;
export declare function npmCliPath(env?: Record<string, string | undefined>, execPath?: string): string | undefined;
