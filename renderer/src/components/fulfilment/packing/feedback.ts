import { formatCount } from '../../../../../shared/money';

/** Weights at the packing station: always grams, with the shop's thousands separator. */
export const grams = (n: number) => `${formatCount(n)} g`;

/** A short, unmistakable tone for a refused scan (packers look at the parcel, not the screen). */
export function buzz(): void {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.type = 'square';
    osc.frequency.value = 220;
    osc.connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.35);
  } catch {
    // No audio device: the red banner is the message.
  }
}
