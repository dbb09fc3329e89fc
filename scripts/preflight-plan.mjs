// What `npm test` needs from the operating system, and what to do when some of it is missing.
// Pure (no file system, no processes): scripts/preflight.mjs supplies the facts and acts on the plan;
// tests/unit/foundation/preflight.test.ts checks the decisions.

/** Each tool the tests run, the binaries that show it is there, and the Debian/Ubuntu package(s) that bring it. */
export const REQUIREMENTS = [
  { what: 'Chromium (Playwright tests)', binaries: [['chromium', 'chromium-browser']], packages: ['chromium'] },
  { what: 'socat (simulated serial scales)', binaries: [['socat']], packages: ['socat'] },
  { what: 'PostgreSQL (initdb, pg_ctl)', binaries: [['initdb'], ['pg_ctl']], packages: ['postgresql'] },
  { what: 'CUPS (cupsd, lpadmin, lp)', binaries: [['cupsd'], ['lpadmin'], ['lp']], packages: ['cups', 'cups-bsd'] },
  { what: 'CUPS-PDF printer', binaries: [['cups-pdf']], packages: ['printer-driver-cups-pdf'] },
  { what: 'poppler (pdftotext, pdftoppm)', binaries: [['pdftotext'], ['pdftoppm']], packages: ['poppler-utils'] },
  { what: 'zbarimg (reads printed barcodes)', binaries: [['zbarimg']], packages: ['zbar-tools'] },
];

/**
 * @param {{ has(binary: string): boolean; isRoot: boolean; hasAptGet: boolean }} facts
 * @returns {{ action: 'ok' | 'install' | 'stop'; missing: string[]; packages: string[]; command: string | null; message: string }}
 */
export function planPreflight(facts) {
  const lacking = REQUIREMENTS.filter((r) => r.binaries.some((alternatives) => !alternatives.some((b) => facts.has(b))));
  const missing = lacking.map((r) => r.what);
  const packages = [...new Set(lacking.flatMap((r) => r.packages))];
  if (lacking.length === 0) return { action: 'ok', missing, packages, command: null, message: 'preflight: every OS tool the tests need is installed' };
  const install = `apt-get install -y ${packages.join(' ')}`;
  if (facts.hasAptGet && facts.isRoot) {
    return { action: 'install', missing, packages, command: `apt-get update && ${install}`, message: `preflight: installing ${packages.join(', ')} (missing: ${missing.join('; ')})` };
  }
  const command = facts.hasAptGet ? `sudo apt-get update && sudo ${install}` : null;
  const how = command
    ? `Run this, then npm test again:\n\n  ${command}\n`
    : `Install them with your system's package manager (on Debian/Ubuntu: ${packages.join(' ')}), then run npm test again.`;
  return {
    action: 'stop',
    missing,
    packages,
    command,
    message: `preflight: the tests need tools this machine does not have:\n${missing.map((m) => `  - ${m}`).join('\n')}\n\n${how}\n(SHIPSHAPE_SKIP_PREFLIGHT=1 skips this check.)`,
  };
}
