import { holidayCountries, shopCalendar } from '../domain/calendar/shop-calendar';
import { dashboard } from '../domain/reports/dashboard';
import { stationAccess } from '../domain/system/station-access';
import { shopFormat } from '../domain/system/shop-format';
import type { DomainHandlers } from './registry';

export const systemHandlers: DomainHandlers<'system.'> = {
  'system.info': (_input, ctx) => ({
    ...ctx.services.system.info(),
    transport: ctx.transport,
    webhookIntake: ctx.services.orders.intakeOnThread ? 'intake thread' : 'request thread',
  }),
};

export const authHandlers: DomainHandlers<'auth.'> = {
  'auth.createPairingCode': (input, ctx) => ctx.services.auth.createPairingCode(input.name, input.role),
  'auth.pair': (input, ctx) => ctx.services.auth.pair(input.code),
  'auth.listTokens': (_input, ctx) => ctx.services.auth.listTokens(),
  'auth.revokeToken': (input, ctx) => ctx.services.auth.revokeToken(input.id),
};

export const calendarHandlers: DomainHandlers<'calendar.'> = {
  'calendar.get': (_input, ctx) => shopCalendar(ctx.services.core).dto(),
  'calendar.update': (input, ctx) => shopCalendar(ctx.services.core).update(input),
  'calendar.countries': () => holidayCountries(),
};

export const reportHandlers: DomainHandlers<'reports.'> = {
  'reports.dashboard': (_input, ctx) => dashboard(ctx.services.core, ctx.services.inventory),
};

export const stationAccessHandlers: DomainHandlers<'stationAccess.'> = {
  'stationAccess.get': (_input, ctx) => stationAccess(ctx.services.core).get(),
  'stationAccess.update': (input, ctx) => stationAccess(ctx.services.core).update(input.allowedHosts),
};

export const shopFormatHandlers: DomainHandlers<'shopFormat.'> = {
  'shopFormat.get': (_input, ctx) => shopFormat(ctx.services.core).get(),
  'shopFormat.update': (input, ctx) => shopFormat(ctx.services.core).update(input.locale),
};
