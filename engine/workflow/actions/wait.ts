// Pauses the run: for a while ({"duration": {"days": 2}}), or until a condition holds on the
// record ({"until": <filter>}), looked at again whenever the record changes and every few minutes.
import type { ActionModule } from '../types.ts';
import { durationMs, durationSchema, settingError } from './shared.ts';

const recheckMs = 5 * 60_000;

export const wait: ActionModule = {
  type: 'wait',
  transactional: true,
  settings: {
    type: 'object',
    properties: { duration: durationSchema, until: {}, timeout: durationSchema },
  },
  check: (action, _app, table, where) => {
    if (!action.duration && action.until === undefined)
      throw settingError(where, 'needs a duration or an until condition');
    if (action.until !== undefined && !table)
      throw settingError(`${where}.until`, 'a condition needs a trigger with a table');
  },
  run: async (context, action) => {
    if (action.until !== undefined && (await context.holds(action.until)))
      return { output: { waited: false } };
    const until = action.duration
      ? context.now + durationMs(action.duration as object)
      : context.now + recheckMs;
    const deadline = action.timeout ? context.now + durationMs(action.timeout as object) : null;
    if (context.dryRun)
      return { output: { wouldWaitUntil: new Date(until).toISOString(), condition: action.until ?? null } };
    return { wait: { until }, output: { since: context.now, until, deadline } };
  },
  resume: async (context, action, step) => {
    const state = step.output as { since: number; until: number; deadline: number | null };
    if (action.until !== undefined) {
      if (await context.holds(action.until)) return { output: { ...state, waited: true } };
      if (state.deadline !== null && context.now >= state.deadline)
        return { output: { ...state, timedOut: true } };
      return {
        wait: { until: Math.min(context.now + recheckMs, state.deadline ?? Number.MAX_SAFE_INTEGER) },
        output: state,
      };
    }
    if (context.now >= state.until) return { output: { ...state, waited: true } };
    return { wait: { until: state.until }, output: state };
  },
};
