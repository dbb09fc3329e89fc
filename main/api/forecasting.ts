import type { DomainHandlers } from './registry';
import { notFound } from '../../shared/errors';

export const forecastingHandlers: DomainHandlers<'forecasting.'> = {
  'forecasting.get': (input, ctx) => ctx.services.forecasting.get(input.sku, input.warehouseId, { historyDays: input.historyDays, horizonDays: input.horizonDays }),
  'forecasting.refresh': (input, ctx) => {
    const { store } = ctx.services.core;
    let ids: number[] | undefined;
    if (input.skus) {
      ids = input.skus.map((sku, i) => {
        const row = store.get(store.kysely.selectFrom('product').select('id').where('sku', '=', sku));
        if (!row) throw notFound(`Product with SKU "${sku}"`, { field: `skus.${i}` });
        return row.id;
      });
    }
    return ctx.services.forecasting.refresh(ids, { warehouseId: input.warehouseId });
  },
};
