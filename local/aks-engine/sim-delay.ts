// Optional pauses that make a local run feel like the real tool (which spends seconds on 4096-bit keys and
// minutes in ARM). AKS_ENGINE_SIM_DELAY_SCALE multiplies them; it is 0 by default, so nothing waits.
import type { SimulatorSettings } from './settings';

export function simulatedDelay(settings: Pick<SimulatorSettings, 'delayScale'>, baseMs: number): Promise<void> {
  const ms = baseMs * settings.delayScale;
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
