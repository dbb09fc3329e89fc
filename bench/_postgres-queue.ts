// The order queue at scale on PostgreSQL for bench/postgres.ts: seeds N orders in SQL (one
// `insert … select … from generate_series`, minutes faster than row-by-row inserts from Node) with
// the same mix as bench/orders.ts (statuses, channels, warehouses, tags, promised dates), and the
// queue screen's requests to time against it.
import pg from 'pg';

export interface QueueFacts {
  channels: number[];
  warehouses: string[];
}

const FIRST = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Barbara', 'Donald', 'Edsger', 'Frances', 'Ken', 'Radia', 'Niklaus', 'Hedy', 'John', 'Sophie', 'Tim'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Liskov', 'Knuth', 'Dijkstra', 'Allen', 'Thompson', 'Perlman', 'Wirth', 'Lamarr', 'Backus', 'Wilson', 'Berners-Lee'];
const list = (xs: string[]) => `(array[${xs.map((x) => `'${x}'`).join(',')}])`;

/** Seeds orders 1..n (one line each, tags in order_tag) into a migrated database with 3 channels, 4 warehouses and products. */
export async function seedPostgresQueue(url: string, n: number): Promise<QueueFacts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const channels = (await client.query<{ id: number }>('select id from channel order by id')).rows.map((r) => Number(r.id));
    const warehouses = (await client.query<{ id: number; code: string }>('select id, code from warehouse order by id')).rows.map((r) => ({ id: Number(r.id), code: r.code }));
    const whId = (code: string) => warehouses.find((w) => w.code === code)!.id;
    await client.query('begin');
    // i → status, tags, warehouse, promise exactly as bench/orders.ts computes them in JS.
    await client.query(`
      insert into sales_order (id, channel_id, external_id, number, status, customer_name, ship_to, ship_postal_code, ship_country, currency,
        subtotal_cents, total_cents, payment_status, placed_at, promised_date, warehouse_id, tags, raw_identifiers, created_at, updated_at)
      select i, (${`array[${channels.join(',')}]`})[i % 3 + 1], (5000000000000 + i)::text, '#' || (100000 + i), status, name,
        '{"name":"' || name || '","company":null,"line1":"1 Main St","line2":null,"city":"Springfield","regionCode":"IL","postalCode":"' || zip || '","countryCode":"US","phone":null,"residential":null}',
        zip, 'US', 'USD', 1000 + (i % 5) * 1000, 1500 + (i % 5) * 1000, 'paid', placed,
        case when i % 50 = 0 then null else to_char(date '2024-01-01' + ((i * 60 / 86400) + (i * 7919) % 7)::int, 'YYYY-MM-DD') end,
        case when status in ('new', 'backordered', 'on_hold', 'cancelled') then null
             when (i * 40503) % 200 = 0 then ${whId('NORTH')}
             when (i * 40503) % 200 < 110 then ${warehouses[0].id}
             when (i * 40503) % 200 < 170 then ${whId('EAST')} else ${whId('WEST')} end,
        array_to_string(array_remove(array[
          case when t < 200 then case when t % 2 = 1 then 'VIP' else 'vip' end end,
          case when t >= 150 and t < 950 then 'gift' end,
          case when t >= 1000 and t < 1500 then 'Wholesale' end,
          case when t >= 2000 and t < 2100 then 'fragile' end,
          case when t >= 3000 and t < 3020 then 'vipx' end,
          case when t in (5000, 5001) then 'b2b-eu' end], null), ','),
        '{}', placed, placed
      from (
        select i, (i * 2246822519) % 10000 as t, (10000 + i % 89999)::text as zip,
          ${list(FIRST)}[i % 16 + 1] || ' ' || ${list(LAST)}[(i >> 4) % 16 + 1] as name,
          to_char(timestamp '2024-01-01' + i * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as placed,
          case when (i * 2654435761) % 1000 < 880 then 'delivered' when (i * 2654435761) % 1000 < 920 then 'shipped'
               when (i * 2654435761) % 1000 < 940 then 'cancelled' when (i * 2654435761) % 1000 < 950 then 'returned'
               else (array['new','allocated','backordered','on_hold','picking','packed','partially_shipped'])[(i * 2654435761) % 1000 % 7 + 1] end as status
        from generate_series(1::bigint, $1::bigint) as i
      ) s`, [n]);
    await client.query(`insert into order_tag (tag, order_id) select lower(tag), id from sales_order, unnest(string_to_array(tags, ',')) as tag where tags <> ''`);
    await client.query(`
      insert into order_line (order_id, line_no, sku, product_id, name, quantity, unit_price_cents)
      select o.id, 1, p.sku, p.id, 'Bench ' || p.sku, 1 + o.id % 3, 1000
      from sales_order o join (select id, sku, row_number() over (order by id) - 1 as k, count(*) over () as c from product) p on p.k = o.id % p.c`);
    await client.query(`select setval(pg_get_serial_sequence('sales_order', 'id'), $1::bigint)`, [n]);
    await client.query('commit');
    // The state autovacuum leaves a live shop's tables in (statistics, and the visibility map that
    // lets index-only scans skip the table), not that of a million rows inserted a second ago while
    // autovacuum is still working through them under the first queries.
    await client.query('vacuum (analyze)');
    return { channels, warehouses: warehouses.map((w) => w.code) };
  } finally {
    await client.end();
  }
}

/** The queue screen's requests (a subset of bench/orders.ts's: each kind of filter, sort and depth). */
export function queueQueries(n: number, facts: QueueFacts): { kind: string; input: () => Record<string, unknown> }[] {
  const statuses = ['new', 'allocated', 'backordered', 'on_hold', 'picking', 'packed', 'partially_shipped', 'shipped', 'delivered', 'cancelled'];
  const open = statuses.slice(0, 7);
  const tags = ['vip', 'VIP', 'gift', 'wholesale', 'fragile', 'vipx', 'b2b-eu'];
  const lastDay = Math.floor((n * 60_000) / 86_400_000);
  const day = (d: number) => new Date(Date.parse('2024-01-01T00:00:00Z') + d * 86_400_000).toISOString().slice(0, 10);
  let seed = 12345;
  const rand = (k: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
  const pick = <T>(xs: T[]) => xs[rand(xs.length)];
  return [
    { kind: 'first_page', input: () => ({ limit: 50 }) },
    { kind: 'status_tab', input: () => ({ status: pick(statuses), limit: 50 }) },
    { kind: 'channel', input: () => ({ channel: pick(facts.channels), limit: 50 }) },
    { kind: 'channel_status', input: () => ({ channel: pick(facts.channels), status: pick(statuses), limit: 50 }) },
    { kind: 'deep_page', input: () => ({ before: 1 + rand(n), limit: 50 }) },
    { kind: 'status_deep_page', input: () => ({ status: pick(statuses), before: 1 + rand(n), limit: 50 }) },
    { kind: 'number_search', input: () => ({ query: `#${100000 + 1 + rand(n)}`, limit: 50 }) },
    { kind: 'customer_search', input: () => ({ query: pick(FIRST).slice(0, 3 + rand(3)), limit: 50 }) },
    { kind: 'customer_full_search', input: () => ({ query: `${pick(FIRST)} ${pick(LAST)}`, limit: 50 }) },
    { kind: 'warehouse', input: () => ({ warehouse: pick(facts.warehouses), limit: 50 }) },
    { kind: 'warehouse_status', input: () => ({ warehouse: pick(facts.warehouses), status: pick(statuses), limit: 50 }) },
    { kind: 'unallocated', input: () => ({ warehouse: null, status: pick(open), limit: 50 }) },
    { kind: 'promise_overdue', input: () => ({ promisedTo: day(lastDay - 1), status: pick(open), limit: 50 }) },
    { kind: 'promise_range', input: () => ((d) => ({ promisedFrom: day(d), promisedTo: day(d + 2), limit: 50 }))(rand(lastDay)) },
    { kind: 'tag', input: () => ({ tag: pick(tags), limit: 50 }) },
    { kind: 'tag_deep_page', input: () => ({ tag: pick(tags), before: 1 + rand(n), limit: 50 }) },
    { kind: 'promise_sort_tab', input: () => ({ sort: 'promise', status: pick(statuses), limit: 50 }) },
    { kind: 'promise_sort_deep', input: () => ({ sort: 'promise', status: pick(statuses), after: { promised: day(rand(lastDay + 1)), id: 1 + rand(n) }, limit: 50 }) },
    { kind: 'promise_sort_all', input: () => ({ sort: 'promise', limit: 50 }) },
    { kind: 'promise_sort_search', input: () => ({ sort: 'promise', status: pick(statuses), query: pick(FIRST).slice(0, 3 + rand(3)), limit: 50 }) },
    { kind: 'column_sort_total_tab', input: () => ({ sort: 'total', direction: rand(2) ? 'asc' : 'desc', status: pick(statuses), limit: 50 }) },
    { kind: 'column_sort_total_deep', input: () => ({ sort: 'total', direction: rand(2) ? 'asc' : 'desc', from: { value: 1500 + rand(5) * 1000, id: 1 + rand(n) }, limit: 50 }) },
    { kind: 'column_sort_placed_deep', input: () => ((i) => ({ sort: 'placed', direction: 'desc', status: pick(statuses), from: { value: new Date(Date.parse('2024-01-01T00:00:00Z') + i * 60_000).toISOString(), id: i }, limit: 50 }))(1 + rand(n)) },
    { kind: 'combined', input: () => ({ tag: pick(tags), warehouse: pick(facts.warehouses), channel: pick(facts.channels), promisedTo: day(rand(lastDay + 1)), limit: 50 }) },
  ];
}
