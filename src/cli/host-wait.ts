// Waiting on the host for whichever comes first: a delay, or one of some events. The timer is
// cleared when the wait ends, so a guest timer an hour away never keeps Node alive after the
// run, and delays are clamped to what setTimeout takes (longer ones overflow to 1 ms with a
// TimeoutOverflowWarning): the caller's loop waits again.

/** setTimeout's largest delay: 2^31 - 1 ms, about 24.8 days. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves after `ms` (null or Infinity: no delay, only the events) or on the first event. */
export async function waitForFirst(ms: number | null, events: Promise<unknown>[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const racers = [...events];
  if (ms !== null && Number.isFinite(ms)) {
    const delay = Math.min(Math.max(0, Math.ceil(ms)), MAX_TIMER_MS);
    racers.push(new Promise<void>((r) => (timer = setTimeout(r, delay))));
  }
  try {
    await Promise.race(racers);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
