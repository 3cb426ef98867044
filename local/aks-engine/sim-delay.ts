// Optional pauses that make a local run feel like the real tool (which spends seconds on 4096-bit keys and
// minutes in ARM). AKS_ENGINE_SIM_DELAY_SCALE multiplies them; it is 0 by default, so nothing waits.
import type { SimulatorSettings } from './settings';

export function simulatedDelay(settings: Pick<SimulatorSettings, 'delayScale'>, baseMs: number): Promise<void> {
  const ms = baseMs * settings.delayScale;
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** The fastest a poll loop goes when delays are off, so that polling a local server does not spin. */
const MIN_POLL_MS = 100;

/**
 * A polling interval of aks-engine (1 s between pod checks, 5 s between node checks): scaled like the delays,
 * so that a demo polls at the real pace and tests within milliseconds.
 */
export function simulatedInterval(settings: Pick<SimulatorSettings, 'delayScale'>, baseMs: number): number {
  return Math.max(MIN_POLL_MS, baseMs * settings.delayScale);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
