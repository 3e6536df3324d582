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
  if (!on) return;
  context ??= new AudioContext();
  void context.resume().then(chime);
}

/**
 * After a reload, a browser lets sound start only after the user touches the page: the first
 * click or key anywhere wakes it, so escalations after that are heard.
 */
export function armSound(): void {
  if (typeof AudioContext === 'undefined') return;
  const wake = () => {
    context ??= new AudioContext();
    void context.resume();
  };
  document.addEventListener('pointerdown', wake, { once: true, capture: true });
  document.addEventListener('keydown', wake, { once: true, capture: true });
}

export function chime(): void {
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  const ctx = context;
  if (ctx.state !== 'running') {
    // not allowed to sound yet: nothing queued to burst out on the next click
    void ctx.resume();
    return;
  }
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
