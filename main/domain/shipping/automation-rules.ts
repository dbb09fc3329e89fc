/**
 * Shipping automation rules, run before rate shopping.
 *
 * Semantics (ordered, first match wins per setting):
 * - Rules are evaluated top to bottom; disabled rules are skipped.
 * - A rule matches when ALL its conditions hold; within one condition, ANY listed value
 *   matches (countries ['US','CA'] = US or CA). A rule without conditions matches everything.
 * - Single-valued settings (force a service, set the box, insure for an amount, require a
 *   signature) are taken from the FIRST matching rule that sets them; later rules cannot
 *   override them. Put specific rules above general ones.
 * - "Never use service X" accumulates from every matching rule: a ban is a safety rule
 *   and must not be lost because an earlier rule matched.
 * - `stopAfterMatch` on a rule ends evaluation after it (classic first-match for that rule).
 * - A forced service that is also banned is not used; the conflict is reported.
 */
import type { ServiceKey, ShippingService } from './types';
import { serviceKeyOf } from './catalog';

export interface RangeCondition {
  min?: number;
  max?: number;
}

export interface RuleConditions {
  destinationCountries?: string[];
  destinationPostalPrefixes?: string[];
  destinationStates?: string[];
  /** Inclusive, grams. */
  weightG?: RangeCondition;
  channels?: string[];
  /** Matches when the order carries any of these tags. */
  tagsAny?: string[];
  /** Inclusive, cents. */
  orderValueCents?: RangeCondition;
  /** Matches when the order contains any of these SKUs. */
  skusAny?: string[];
}

export type RuleAction =
  | { type: 'forceService'; serviceKey: ServiceKey }
  | { type: 'setBox'; boxCode: string }
  /** Insure for `valueCents`, or for the order value when omitted. */
  | { type: 'addInsurance'; valueCents?: number }
  | { type: 'requireSignature' }
  | { type: 'neverUseService'; serviceKey: ServiceKey };

export interface ShippingRule {
  id: string;
  name: string;
  enabled: boolean;
  conditions: RuleConditions;
  actions: RuleAction[];
  stopAfterMatch?: boolean;
}

/** What the rules look at: order facts plus the packed parcel. */
export interface RuleSubject {
  destination: { country: string; postalCode: string; state?: string };
  weightG: number;
  channel: string;
  tags: string[];
  orderValueCents: number;
  skus: string[];
}

export interface RuleTrace {
  ruleId: string;
  ruleName: string;
  matched: boolean;
  /** Why it matched (each condition that held) or why not (the first condition that failed). */
  explanation: string[];
  /** Actions that took effect from this rule (an action shadowed by an earlier rule is listed in `shadowed`). */
  applied: RuleAction[];
  shadowed: RuleAction[];
}

export interface RuleOutcome {
  forcedServiceKey: ServiceKey | null;
  boxCode: string | null;
  insuredValueCents: number | null;
  signatureRequired: boolean;
  neverUseServiceKeys: ServiceKey[];
  /** The rules that fired, in order. */
  fired: string[];
  trace: RuleTrace[];
  conflicts: string[];
}

const upper = (values: string[]) => values.map((v) => v.trim().toUpperCase());
const inRange = (value: number, range: RangeCondition) => (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
const describeRange = (range: RangeCondition, unit: string) =>
  range.min !== undefined && range.max !== undefined ? `${range.min}–${range.max} ${unit}` : range.min !== undefined ? `≥ ${range.min} ${unit}` : `≤ ${range.max} ${unit}`;

/** Checks every condition; returns whether all held plus one line per condition checked. */
function evaluateConditions(c: RuleConditions, s: RuleSubject): { matched: boolean; explanation: string[] } {
  const held: string[] = [];
  const check = (ok: boolean, yes: string, no: string) => {
    if (ok) held.push(yes);
    return ok ? null : no;
  };
  const country = s.destination.country.toUpperCase();
  const postal = s.destination.postalCode.replace(/\s+/g, '').toUpperCase();
  const state = (s.destination.state ?? '').toUpperCase();
  const failures = [
    c.destinationCountries && check(upper(c.destinationCountries).includes(country), `country ${country} is in [${c.destinationCountries.join(', ')}]`, `country ${country} is not in [${c.destinationCountries.join(', ')}]`),
    c.destinationPostalPrefixes &&
      check(upper(c.destinationPostalPrefixes).some((p) => postal.startsWith(p)), `postal code ${postal} starts with one of [${c.destinationPostalPrefixes.join(', ')}]`, `postal code ${postal} starts with none of [${c.destinationPostalPrefixes.join(', ')}]`),
    c.destinationStates && check(upper(c.destinationStates).includes(state), `state ${state} is in [${c.destinationStates.join(', ')}]`, `state ${state || '(none)'} is not in [${c.destinationStates.join(', ')}]`),
    c.weightG && check(inRange(s.weightG, c.weightG), `weight ${s.weightG} g is ${describeRange(c.weightG, 'g')}`, `weight ${s.weightG} g is not ${describeRange(c.weightG, 'g')}`),
    c.channels && check(c.channels.includes(s.channel), `channel ${s.channel} is in [${c.channels.join(', ')}]`, `channel ${s.channel} is not in [${c.channels.join(', ')}]`),
    c.tagsAny && check(c.tagsAny.some((t) => s.tags.includes(t)), `order is tagged ${c.tagsAny.filter((t) => s.tags.includes(t)).join(', ')}`, `order has none of the tags [${c.tagsAny.join(', ')}]`),
    c.orderValueCents &&
      check(inRange(s.orderValueCents, c.orderValueCents), `order value ${s.orderValueCents}¢ is ${describeRange(c.orderValueCents, '¢')}`, `order value ${s.orderValueCents}¢ is not ${describeRange(c.orderValueCents, '¢')}`),
    c.skusAny && check(c.skusAny.some((k) => s.skus.includes(k)), `order contains ${c.skusAny.filter((k) => s.skus.includes(k)).join(', ')}`, `order contains none of [${c.skusAny.join(', ')}]`),
  ].filter((f): f is string => typeof f === 'string');
  if (failures.length > 0) return { matched: false, explanation: [failures[0]] };
  return { matched: true, explanation: held.length > 0 ? held : ['no conditions: matches every order'] };
}

/**
 * Evaluates the rules for one order and explains each: which fired, what each set, and
 * why the others did not match. `applyShippingRules` is this without the commentary.
 */
export function dryRunRules(rules: ShippingRule[], subject: RuleSubject): RuleOutcome {
  const outcome: RuleOutcome = {
    forcedServiceKey: null,
    boxCode: null,
    insuredValueCents: null,
    signatureRequired: false,
    neverUseServiceKeys: [],
    fired: [],
    trace: [],
    conflicts: [],
  };
  let signatureSet = false;
  for (const rule of rules) {
    if (!rule.enabled) {
      outcome.trace.push({ ruleId: rule.id, ruleName: rule.name, matched: false, explanation: ['rule is disabled'], applied: [], shadowed: [] });
      continue;
    }
    const { matched, explanation } = evaluateConditions(rule.conditions, subject);
    const trace: RuleTrace = { ruleId: rule.id, ruleName: rule.name, matched, explanation, applied: [], shadowed: [] };
    outcome.trace.push(trace);
    if (!matched) continue;
    outcome.fired.push(rule.id);
    for (const action of rule.actions) {
      let took = true;
      if (action.type === 'forceService') {
        if (outcome.forcedServiceKey === null) outcome.forcedServiceKey = action.serviceKey;
        else took = false;
      } else if (action.type === 'setBox') {
        if (outcome.boxCode === null) outcome.boxCode = action.boxCode;
        else took = false;
      } else if (action.type === 'addInsurance') {
        if (outcome.insuredValueCents === null) outcome.insuredValueCents = action.valueCents ?? subject.orderValueCents;
        else took = false;
      } else if (action.type === 'requireSignature') {
        took = !signatureSet;
        signatureSet = true;
        outcome.signatureRequired = true;
      } else if (!outcome.neverUseServiceKeys.includes(action.serviceKey)) outcome.neverUseServiceKeys.push(action.serviceKey);
      (took ? trace.applied : trace.shadowed).push(action);
    }
    if (rule.stopAfterMatch) break;
  }
  if (outcome.forcedServiceKey && outcome.neverUseServiceKeys.includes(outcome.forcedServiceKey)) {
    outcome.conflicts.push(`${outcome.forcedServiceKey} is forced by a rule but another rule says never to use it; it will not be used`);
  }
  return outcome;
}

export const applyShippingRules = dryRunRules;

/**
 * Candidate services after the rules: banned services removed; when a service is forced
 * (and not banned), only that one remains. Returns the candidates and the services that
 * rules removed, with a reason for each, so the UI can show "excluded by rule".
 */
export function servicesAfterRules(
  services: ShippingService[],
  outcome: RuleOutcome,
): { candidates: ShippingService[]; excluded: { serviceKey: ServiceKey; reason: string }[] } {
  const candidates: ShippingService[] = [];
  const excluded: { serviceKey: ServiceKey; reason: string }[] = [];
  const forced = outcome.forcedServiceKey && !outcome.neverUseServiceKeys.includes(outcome.forcedServiceKey) ? outcome.forcedServiceKey : null;
  for (const service of services) {
    const key = serviceKeyOf(service);
    if (outcome.neverUseServiceKeys.includes(key)) excluded.push({ serviceKey: key, reason: 'a rule says never to use this service' });
    else if (forced && key !== forced) excluded.push({ serviceKey: key, reason: `a rule forces ${forced}` });
    else candidates.push(service);
  }
  return { candidates, excluded };
}
