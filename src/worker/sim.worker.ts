/// <reference lib="webworker" />
/**
 * The simulation worker: a thin transport around the runner. It decodes messages, hands them to
 * the engine, and posts at most one tick (snapshot + events) per frame. No Kafka logic lives here.
 */
import { TRAFFIC_EVENTS_PER_TICK } from './protocol';
import type { FromWorker, ToWorker } from './protocol';
import { createRunner } from './runner';

const FRAME_MS = 16;
const runner = createRunner({ now: () => performance.now(), maxTrafficEventsPerTick: TRAFFIC_EVENTS_PER_TICK });
const ctx = self as unknown as DedicatedWorkerGlobalScope;

/** Posts a message; one that cannot be sent (it would not clone) is reported as a fault, not lost silently. */
function post(msg: FromWorker): void {
  try {
    ctx.postMessage(msg);
  } catch (e) {
    ctx.postMessage({ type: 'fault', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e), atMs: -1, during: 'worker' } satisfies FromWorker);
  }
}

ctx.onmessage = (e: MessageEvent<ToWorker>) => {
  for (const reply of runner.handle(e.data, performance.now())) post(reply);
};

function loop(): void {
  const tick = runner.frame(performance.now());
  if (tick) post(tick);
  // A fast-forward (or a loaded run's replay) runs its next slice at once (each slice ends in a tick,
  // so progress still shows and Stop is read between slices); playing waits for the next frame.
  setTimeout(loop, tick?.type === 'tick' && tick.fastForward ? 0 : FRAME_MS);
}
loop();
