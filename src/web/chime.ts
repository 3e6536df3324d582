/** The board's sound for an escalation: two short tones, made in the browser (no audio file). */
export const SOUND_KEY = 'huajie.sound';

let context: AudioContext | null = null;

export function soundOn(): boolean {
  return localStorage.getItem(SOUND_KEY) === 'on';
}

/**
 * Turn the sound on or off. Turning it on is a click, which is what lets a browser play sound
 * later without one; the confirming chime shows the user what they will hear.
 */
export function setSound(on: boolean): void {
  localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  if (on) chime();
}

export function chime(): void {
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  const ctx = context;
  void ctx.resume();
  [880, 660].forEach((hz, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = hz;
    const at = ctx.currentTime + i * 0.22;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.2);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.21);
  });
}
