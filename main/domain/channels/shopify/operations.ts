/**
 * Every GraphQL operation the Shopify connector sends, each named (the name shows in Shopify's
 * logs and lets the simulated store dispatch on it).
 *
 * Page sizes are set by Shopify's calculated query cost, not by taste: a connection costs
 * 2 + first × (cost of one node), every object 1, and a query is refused outright above 1,000
 * points (MAX_COST_EXCEEDED). Worse, a query runs only while the bucket still holds its whole
 * *requested* cost (the difference to the actual cost is refunded afterwards), so a page near
 * 1,000 points could never follow another one without a wait. An order with its customer,
 * addresses, two shipping lines and LINE_ITEMS_PAGE line items (9 points each: the item, its price
 * set, money, discount allocation and tax line objects) requests 63 points; ORDERS_PAGE orders
 * request 317, and a page of one-line orders is charged ~112, so about seven pages run back to
 * back from a full bucket before the restore rate sets the pace. Orders with more lines fetch the
 * rest with ORDER_LINE_ITEMS (MORE_LINE_ITEMS_PAGE × 9 + 3 = 228 points a page).
 */

export const ORDERS_PAGE = 5;
export const LINE_ITEMS_PAGE = 5;
export const MORE_LINE_ITEMS_PAGE = 25;
export const PRODUCTS_PAGE = 100;
export const LOCATIONS_PAGE = 100;
/** SKUs per inventoryItems search: keeps the search string short and the cost ~150 points. */
export const SKU_SEARCH_CHUNK = 50;

export const SHOP = /* GraphQL */ `
query ShipshapeShop {
  shop { name }
  currentAppInstallation { accessScopes { handle } }
}`;

export const LOCATIONS = /* GraphQL */ `
query ShipshapeLocations($first: Int!, $after: String) {
  locations(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id name isActive }
  }
}`;

const MONEY = 'shopMoney { amount }';

const LINE_FIELDS = `
  id sku name title variantTitle quantity currentQuantity requiresShipping
  originalUnitPriceSet { ${MONEY} }
  totalDiscountSet { ${MONEY} }
  discountAllocations { allocatedAmountSet { ${MONEY} } }
  taxLines { priceSet { ${MONEY} } }`;

const ADDRESS_FIELDS = 'name firstName lastName company address1 address2 city provinceCode zip countryCodeV2 phone';

export const ORDERS = /* GraphQL */ `
query ShipshapeOrders($first: Int!, $after: String, $query: String!, $lineFirst: Int!) {
  orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id legacyResourceId name number email phone note tags
      createdAt updatedAt processedAt cancelledAt currencyCode displayFinancialStatus
      customer { legacyResourceId firstName lastName }
      shippingAddress { ${ADDRESS_FIELDS} }
      billingAddress { ${ADDRESS_FIELDS} }
      shippingLines(first: 2) { nodes { title code originalPriceSet { ${MONEY} } discountedPriceSet { ${MONEY} } } }
      lineItems(first: $lineFirst) { pageInfo { hasNextPage endCursor } nodes { ${LINE_FIELDS} } }
      refunds(first: 10) { id legacyResourceId note totalRefundedSet { ${MONEY} } refundLineItems(first: 25) { nodes { quantity lineItem { id } } } }
    }
  }
}`;

export const ORDER_LINE_ITEMS = /* GraphQL */ `
query ShipshapeOrderLineItems($id: ID!, $first: Int!, $after: String) {
  order(id: $id) {
    lineItems(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${LINE_FIELDS} } }
  }
}`;

export const PRODUCTS = /* GraphQL */ `
query ShipshapeProducts($first: Int!, $after: String) {
  productVariants(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id sku title displayName }
  }
}`;

export const INVENTORY_ITEMS = /* GraphQL */ `
query ShipshapeInventoryItems($first: Int!, $query: String!) {
  inventoryItems(first: $first, query: $query) { nodes { id sku } }
}`;

export const STOCK_LEVELS = /* GraphQL */ `
query ShipshapeStockLevels($first: Int!, $query: String!, $locationId: ID!) {
  inventoryItems(first: $first, query: $query) {
    nodes { id sku inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } } }
  }
}`;

export const SET_STOCK = /* GraphQL */ `
mutation ShipshapeSetStock($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}`;

/**
 * An order's fulfillment orders with what each has left, and its fulfilments' tracking numbers
 * (~310 points requested: 10 fulfilments × 3, 5 fulfillment orders × (5 + 25 line items × 2)).
 */
export const FULFILLMENT_ORDERS = /* GraphQL */ `
query ShipshapeFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id
    fulfillments(first: 10) { id status trackingInfo(first: 2) { number company url } }
    fulfillmentOrders(first: 5) {
      nodes {
        id status
        assignedLocation { location { id } }
        lineItems(first: 25) { nodes { id remainingQuantity totalQuantity lineItem { id sku } } }
      }
    }
  }
}`;

export const FULFILLMENT_CREATE = /* GraphQL */ `
mutation ShipshapeFulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message }
  }
}`;

export const FULFILLMENT_CANCEL = /* GraphQL */ `
mutation ShipshapeFulfillmentCancel($id: ID!) {
  fulfillmentCancel(id: $id) {
    fulfillment { id status }
    userErrors { field message }
  }
}`;

export const FULFILLMENT_STATUS = /* GraphQL */ `
query ShipshapeFulfillmentStatus($id: ID!) {
  fulfillment(id: $id) { id status }
}`;

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Money {
  shopMoney: { amount: string };
}

export interface GqlAddress {
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  provinceCode: string | null;
  zip: string | null;
  countryCodeV2: string | null;
  phone: string | null;
}

export interface GqlLineItem {
  id: string;
  sku: string | null;
  name: string | null;
  title: string | null;
  variantTitle: string | null;
  quantity: number;
  /** What is left after order edits and refunds (0 = removed). */
  currentQuantity?: number | null;
  requiresShipping: boolean;
  originalUnitPriceSet: Money;
  totalDiscountSet: Money | null;
  discountAllocations: { allocatedAmountSet: Money }[];
  taxLines: { priceSet: Money }[];
}

export interface GqlOrder {
  id: string;
  legacyResourceId: string;
  name: string;
  number: number;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  processedAt: string | null;
  cancelledAt: string | null;
  currencyCode: string;
  displayFinancialStatus: string | null;
  customer: { legacyResourceId: string; firstName: string | null; lastName: string | null } | null;
  shippingAddress: GqlAddress | null;
  billingAddress: GqlAddress | null;
  shippingLines: { nodes: { title: string | null; code: string | null; originalPriceSet: Money; discountedPriceSet: Money | null }[] };
  lineItems: { pageInfo: PageInfo; nodes: GqlLineItem[] };
  refunds?: { id: string; legacyResourceId: string; note: string | null; totalRefundedSet: Money; refundLineItems: { nodes: { quantity: number; lineItem: { id: string } }[] } }[];
}
