export interface Requirement {
  what: string;
  binaries: string[][];
  packages: string[];
}
export const REQUIREMENTS: Requirement[];
export interface PreflightPlan {
  action: 'ok' | 'install' | 'stop';
  missing: string[];
  packages: string[];
  command: string | null;
  message: string;
}
export function planPreflight(facts: { has(binary: string): boolean; isRoot: boolean; hasAptGet: boolean }): PreflightPlan;
