/** Code under test run as part of a request with a deadline, as the dispatcher runs a handler. */
import { RequestTiming, withRequestTiming } from '../../lambdas/observability/request-timing';

/** Runs `work` as a request that must answer within `ms` from now (negative: already late). */
export const within = <T>(ms: number, work: () => Promise<T>): Promise<T> =>
  withRequestTiming(new RequestTiming(performance.now() + ms), work);
