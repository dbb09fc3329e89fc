import type { ShopFormatDto } from '../../../shared/api/system';
import { invalid } from '../../../shared/errors';
import { DEFAULT_LOCALE, formatCount, formatMoney, normaliseLocale, setDisplayLocale } from '../../../shared/money';
import type { Core } from '../../core';
import type { Store } from '../../store/store';

/**
 * The shop's locale: how money, counts and numbers are written in the console, on packing slips
 * and purchase orders (machine files keep plain decimals). One `setting` row; unset means en-US (what every document
 * printed before the setting existed), not the computer's locale, so a document does not change
 * with the machine that renders it.
 */
export const SHOP_LOCALE_SETTING = 'shop.locale';

/** The shop's locale; a damaged or unsupported stored value reads as the default rather than failing a document. */
export async function readShopLocale(store: Store): Promise<string> {
  const value = (await store.get(store.kysely.selectFrom('setting').select('value').where('key', '=', SHOP_LOCALE_SETTING)))?.value;
  if (!value) return DEFAULT_LOCALE;
  try {
    return normaliseLocale(value);
  } catch {
    return DEFAULT_LOCALE;
  }
}

/**
 * Makes the shop's locale main's display locale (shared/money), so text main writes without a
 * document to pass it to — product labels, rate-shopping reasons, replenishment notes, the weight
 * check, CLI output — uses the shop's separators. Called when the app opens and when the owner
 * changes the setting. One process serves one shop; where tests open several databases in one
 * process, the last opened (or changed) wins, so documents still pass the locale explicitly.
 */
export async function applyShopLocale(store: Store): Promise<string> {
  const locale = await readShopLocale(store);
  setDisplayLocale(locale);
  return locale;
}

function dto(locale: string): ShopFormatDto {
  return { locale, example: `${formatMoney(123456, 'USD', locale)} · ${formatCount(60243, locale)} units` };
}

export function shopFormat(core: Core) {
  return {
    async get(): Promise<ShopFormatDto> {
      return dto(await readShopLocale(core.store));
    },
    /** Stores a locale Intl can format in ("de-de" is kept as "de-DE"); anything else is refused naming it. */
    async update(locale: string): Promise<ShopFormatDto> {
      let canonical: string;
      try {
        canonical = normaliseLocale(locale);
      } catch (err) {
        throw invalid((err as Error).message, { field: 'locale' });
      }
      const { store } = core;
      await store.tx(async () => {
        await store.run(store.kysely.insertInto('setting').values({ key: SHOP_LOCALE_SETTING, value: canonical }).onConflict((oc) => oc.column('key').doUpdateSet({ value: canonical })));
      });
      setDisplayLocale(canonical);
      return dto(canonical);
    },
  };
}
