import { z } from 'zod';
import { method } from './contract';

/**
 * Flash-sale mode for one product: each connected channel sells from its own quota of the
 * available units, so two storefronts cannot both sell the last one (README, "Flash-sale mode").
 */
export interface FlashSaleDto {
  /** owner: marked as a drop by the owner; auto: stock is low for the recent sales rate; null: the shared figure is pushed. */
  mode: 'owner' | 'auto' | null;
  since: string | null;
  /** Available-to-sell over all warehouses: the pool the quotas share. */
  available: number;
  channels: {
    channelId: number;
    channel: string;
    /** Units granted to the channel since the drop began, its sales included. */
    quota: number;
    /** Units the channel's orders took from its quota. */
    sold: number;
    /** What its storefront shows: quota − sold. */
    remaining: number;
    /** The storefront has acknowledged its figure (false while a change is on its way). */
    confirmed: boolean;
  }[];
  /** Available units in no channel's quota (on their way from one channel to another, or not yet handed out). */
  unassigned: number;
}

export const flashSaleApi = {
  'flashSale.detail': method<FlashSaleDto>()(z.object({ productId: z.number().int().positive() }).strict(), {
    description: "A product's flash-sale rule and each channel's quota",
  }),
  'flashSale.markDrop': method<FlashSaleDto>()(z.object({ sku: z.string().trim().min(1).max(100), drop: z.boolean() }).strict(), {
    description: 'Marks a SKU as a drop (sold from per-channel quotas) or back to the shared figure',
    roles: ['owner'],
    audit: 'stock',
  }),
};
