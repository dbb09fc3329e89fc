/**
 * A client of the simulated Shopify store that `serve --simulate-channels` starts in the server's
 * process: the test reads the store's address and its own API token from the server's stderr
 * (printed for simulated stores only) and asks the store what any Admin API client would —
 * never Shipshape's database. The simulator answers by operation name (the connector's names);
 * the query texts are the real Admin API's.
 */
export interface SimulatedShopify {
  url: string;
  token: string;
}

/** "Simulated store for <channel>: <url> (SIMULATED, …; its API: token <token>)" from `serve --simulate-channels`. */
export function findSimulatedShopify(stderr: string, channel: string): SimulatedShopify | null {
  const escaped = channel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`Simulated store for ${escaped}: (http://127\\.0\\.0\\.1:\\d+) \\(SIMULATED[^)]*token (\\S+)\\)`).exec(stderr);
  return m ? { url: m[1], token: m[2] } : null;
}

/** The store's cost bucket is empty (it is shared with Shipshape's own sync, as on a real shop): ask again later. */
export class ThrottledError extends Error {}

/** For expect.poll: the value, or 'throttled' to be asked again on the next poll. */
export async function unlessThrottled<T>(ask: () => Promise<T>): Promise<T | 'throttled'> {
  try {
    return await ask();
  } catch (e) {
    if (e instanceof ThrottledError) return 'throttled';
    throw e;
  }
}

export class ShopifyStoreClient {
  constructor(readonly store: SimulatedShopify) {}

  private async graphql<T>(operationName: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await fetch(`${this.store.url}/admin/api/2025-10/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': this.store.token },
      body: JSON.stringify({ operationName, query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
    if (Array.isArray(body.errors) && body.errors.some((e) => e.extensions?.code === 'THROTTLED')) throw new ThrottledError(`${operationName}: throttled`);
    if (!res.ok || body.errors) throw new Error(`${operationName}: ${res.status} ${JSON.stringify(body.errors)}`);
    return body.data as T;
  }

  /** A buyer checks out on the storefront (simulator-only endpoint; a real shop has its own checkout). */
  async checkout(lines: { sku: string; quantity: number }[]): Promise<{ id: string; legacyResourceId: string; name: string }> {
    const res = await fetch(`${this.store.url}/simulator/storefront/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lines }) });
    const body = (await res.json()) as { order?: { id: string; legacyResourceId: string; name: string }; errors?: string };
    if (res.status !== 201 || !body.order) throw new Error(`storefront checkout refused: ${res.status} ${body.errors}`);
    return body.order;
  }

  /** The order's fulfilment status and its fulfilments' tracking, as the merchant's admin shows them. */
  async order(id: string): Promise<{ displayFulfillmentStatus: string; fulfillments: { status: string; trackingInfo: { number: string | null; company: string | null; url: string | null }[] }[] }> {
    // Paged like any client within the query cost limit (an order with its lines costs ~27 points).
    let node: { id: string; displayFulfillmentStatus: string } | undefined;
    for (let after: string | null = null; !node; ) {
      const page: { orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string; displayFulfillmentStatus: string }[] } } = await this.graphql(
        'ShipshapeOrders',
        'query ShipshapeOrders($first: Int!, $lineFirst: Int!, $after: String, $query: String) { orders(first: $first, after: $after, query: $query) { pageInfo { hasNextPage endCursor } nodes { id displayFulfillmentStatus lineItems(first: $lineFirst) { nodes { sku quantity } } } } }',
        { first: 20, lineFirst: 1, after, query: "updated_at:>='2000-01-01T00:00:00Z'" },
      );
      node = page.orders.nodes.find((o) => o.id === id);
      if (!page.orders.pageInfo.hasNextPage) break;
      after = page.orders.pageInfo.endCursor;
    }
    if (!node) throw new Error(`the store has no order ${id}`);
    const detail = await this.graphql<{ order: { fulfillments: { status: string; trackingInfo: { number: string | null; company: string | null; url: string | null }[] }[] } }>(
      'ShipshapeFulfillmentOrders',
      'query ShipshapeFulfillmentOrders($id: ID!) { order(id: $id) { id fulfillments(first: 10) { id status trackingInfo { number company url } } } }',
      { id },
    );
    return { displayFulfillmentStatus: node.displayFulfillmentStatus, fulfillments: detail.order.fulfillments };
  }

  /** The storefront's available count of a SKU at the store's first location. */
  async available(sku: string): Promise<number | null> {
    const locations = await this.graphql<{ locations: { nodes: { id: string }[] } }>('ShipshapeLocations', 'query ShipshapeLocations($first: Int!) { locations(first: $first) { nodes { id name isActive } } }', {
      first: 10,
    });
    const levels = await this.graphql<{ inventoryItems: { nodes: { sku: string; inventoryLevel: { quantities: { name: string; quantity: number }[] } | null }[] } }>(
      'ShipshapeStockLevels',
      'query ShipshapeStockLevels($locationId: ID!, $first: Int!, $query: String!) { inventoryItems(first: $first, query: $query) { nodes { id sku inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } } } } }',
      { locationId: locations.locations.nodes[0].id, first: 1, query: `sku:"${sku}"` },
    );
    return levels.inventoryItems.nodes[0]?.inventoryLevel?.quantities.find((q) => q.name === 'available')?.quantity ?? null;
  }
}
