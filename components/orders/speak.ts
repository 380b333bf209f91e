/**
 * Says a sentence with the browser's speech synthesis in the given language
 * ("收款成功，23.50元"). Silent where the browser has no voice for it: the
 * chime and the PAID banner are the signal then.
 */
export function speak(text: string, lang: string): void {
  try {
    if (typeof speechSynthesis === "undefined") return;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.rate = 1;
    speechSynthesis.cancel();
    speechSynthesis.speak(utterance);
  } catch {
    // No speech engine on this device.
  }
}
