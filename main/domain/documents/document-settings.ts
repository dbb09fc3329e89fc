import { existsSync, readFileSync, statSync } from 'node:fs';
import type { DocumentSettingsDto, DocumentSettingsInput } from '../../../shared/api/documents';
import { invalid } from '../../../shared/errors';
import type { Core } from '../../core';

/**
 * What the shop's paper documents say about the shop: its name and logo (a file path, or a PNG
 * uploaded into the database so every station prints the same), return instructions, the office
 * paper size and whether slips show prices. Stored as `documents.*` settings.
 */
const KEYS = {
  shopName: 'documents.shopName',
  logoPath: 'documents.logoPath',
  logoPng: 'documents.logoPng',
  returnInstructions: 'documents.returnInstructions',
  paper: 'documents.paper',
  showPrices: 'documents.showPrices',
} as const;

export const DEFAULT_RETURN_INSTRUCTIONS =
  'Not quite right? Return unused items within 30 days. Keep this slip with the parcel: the barcode below tells us which order it is.';

const MAX_LOGO_BYTES = 512 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function read(core: Core): Promise<Map<string, string>> {
  const { store } = core;
  return new Map((await store.all(store.kysely.selectFrom('setting').select(['key', 'value']).where('key', 'like', 'documents.%'))).map((r) => [r.key, r.value]));
}

export async function documentSettings(core: Core): Promise<DocumentSettingsDto> {
  const s = await read(core);
  const png = s.get(KEYS.logoPng);
  return {
    shopName: s.get(KEYS.shopName) ?? '',
    logoPath: s.get(KEYS.logoPath) ?? null,
    logoUploaded: Boolean(png),
    returnInstructions: s.get(KEYS.returnInstructions) ?? DEFAULT_RETURN_INSTRUCTIONS,
    paper: s.get(KEYS.paper) === 'Letter' ? 'Letter' : 'A4',
    showPrices: s.get(KEYS.showPrices) === 'true',
  };
}

/** A logo must be something pdfkit can draw: PNG or JPEG, at most 512 KB. */
function checkLogoFile(path: string): void {
  if (!existsSync(path) || !statSync(path).isFile()) throw invalid(`Logo file ${path} does not exist`, { field: 'logoPath' });
  if (statSync(path).size > MAX_LOGO_BYTES) throw invalid('The logo file is larger than 512 KB', { field: 'logoPath' });
  const head = readFileSync(path).subarray(0, 8);
  const jpeg = head[0] === 0xff && head[1] === 0xd8;
  if (!head.equals(PNG_SIGNATURE) && !jpeg) throw invalid(`Logo file ${path} is not a PNG or JPEG image`, { field: 'logoPath' });
}

export async function updateDocumentSettings(core: Core, input: DocumentSettingsInput): Promise<DocumentSettingsDto> {
  const { store } = core;
  if (input.logoPath) checkLogoFile(input.logoPath);
  let png: Buffer | null | undefined;
  if (input.logoPngBase64 !== undefined && input.logoPngBase64 !== null) {
    png = Buffer.from(input.logoPngBase64, 'base64');
    if (png.length > MAX_LOGO_BYTES) throw invalid('The uploaded logo is larger than 512 KB', { field: 'logoPngBase64' });
    if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw invalid('The uploaded logo is not a PNG image', { field: 'logoPngBase64' });
  } else if (input.logoPngBase64 === null) png = null;
  const put = async (key: string, value: string | null) =>
    await store.run(
      value === null
        ? store.kysely.deleteFrom('setting').where('key', '=', key)
        : store.kysely.insertInto('setting').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value: (eb) => eb.ref('excluded.value') })),
    );
  await store.tx(async () => {
    if (input.shopName !== undefined) await put(KEYS.shopName, input.shopName);
    if (input.logoPath !== undefined) await put(KEYS.logoPath, input.logoPath || null);
    if (png !== undefined) await put(KEYS.logoPng, png ? png.toString('base64') : null);
    if (input.returnInstructions !== undefined) await put(KEYS.returnInstructions, input.returnInstructions);
    if (input.paper !== undefined) await put(KEYS.paper, input.paper);
    if (input.showPrices !== undefined) await put(KEYS.showPrices, String(input.showPrices));
  });
  return await documentSettings(core);
}

/** The logo's bytes: the uploaded PNG wins over the path; a path that has gone missing prints no logo rather than no slip. */
export async function logoBytes(core: Core): Promise<Buffer | null> {
  const s = await read(core);
  const png = s.get(KEYS.logoPng);
  if (png) return Buffer.from(png, 'base64');
  const path = s.get(KEYS.logoPath);
  if (path && existsSync(path)) return readFileSync(path);
  return null;
}
