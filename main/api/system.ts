import { holidayCountries, shopCalendar } from '../domain/calendar/shop-calendar';
import { dashboard } from '../domain/reports/dashboard';
import { stationAccess } from '../domain/system/station-access';
import { shopFormat } from '../domain/system/shop-format';
import type { DomainHandlers } from './registry';

export const systemHandlers: DomainHandlers<'system.'> = {
  'system.info': async (_input, ctx) => ({
    ...await ctx.services.system.info(),
    transport: ctx.transport,
    webhookIntake: ctx.services.orders.intakeOnThread ? 'intake thread' : 'request thread',
  }),
};

export const authHandlers: DomainHandlers<'auth.'> = {
  'auth.createPairingCode': async (input, ctx) => await ctx.services.auth.createPairingCode(input.name, input.role),
  'auth.pair': async (input, ctx) => await ctx.services.auth.pair(input.code),
  'auth.listTokens': async (_input, ctx) => await ctx.services.auth.listTokens(),
  'auth.revokeToken': async (input, ctx) => await ctx.services.auth.revokeToken(input.id),
};

export const calendarHandlers: DomainHandlers<'calendar.'> = {
  'calendar.get': async (_input, ctx) => (await shopCalendar(ctx.services.core)).dto(),
  'calendar.update': async (input, ctx) => await (await shopCalendar(ctx.services.core)).update(input),
  'calendar.countries': () => holidayCountries(),
};

export const reportHandlers: DomainHandlers<'reports.'> = {
  'reports.dashboard': async (_input, ctx) => await dashboard(ctx.services.core, ctx.services.inventory),
};

export const stationAccessHandlers: DomainHandlers<'stationAccess.'> = {
  'stationAccess.get': async (_input, ctx) => await stationAccess(ctx.services.core).get(),
  'stationAccess.update': async (input, ctx) => await stationAccess(ctx.services.core).update(input.allowedHosts),
};

export const shopFormatHandlers: DomainHandlers<'shopFormat.'> = {
  'shopFormat.get': async (_input, ctx) => await shopFormat(ctx.services.core).get(),
  'shopFormat.update': async (input, ctx) => await shopFormat(ctx.services.core).update(input.locale),
};
