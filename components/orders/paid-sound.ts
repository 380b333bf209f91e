/** A short two-tone chime made with Web Audio: no file to load, works offline. */
export function playPaidSound(): void {
  try {
    const audio = new AudioContext();
    [880, 1320].forEach((frequency, i) => {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.25, audio.currentTime + i * 0.15);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + i * 0.15 + 0.4);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(audio.currentTime + i * 0.15);
      oscillator.stop(audio.currentTime + i * 0.15 + 0.4);
    });
  } catch {
    // No audio device: the large PAID banner is the signal.
  }
}
