import { mapInOrder } from '../util/in-order';
import type { DomainHandlers } from './registry';
import { notFound } from '../../shared/errors';

export const forecastingHandlers: DomainHandlers<'forecasting.'> = {
  'forecasting.get': async (input, ctx) => await ctx.services.forecasting.get(input.sku, input.warehouseId, { historyDays: input.historyDays, horizonDays: input.horizonDays }),
  'forecasting.refresh': async (input, ctx) => {
    const { store } = ctx.services.core;
    let ids: number[] | undefined;
    if (input.skus) {
      ids = await mapInOrder(input.skus, async (sku, i) => {
        const row = await store.get(store.kysely.selectFrom('product').select('id').where('sku', '=', sku));
        if (!row) throw notFound(`Product with SKU "${sku}"`, { field: `skus.${i}` });
        return row.id;
      });
    }
    return await ctx.services.forecasting.refresh(ids, { warehouseId: input.warehouseId });
  },
};
