// Internal: main.ts imports this before anything else. A browser may report a language that
// Intl refuses (headless Chromium under LANG=C.UTF-8 reports `en-US@posix`), and uPlot formats
// numbers in navigator.language as its module loads: it would throw, and the page would stay
// blank. Such a language is replaced by its part before the `@`, or by en-US.

const usable = (tag: string): boolean => {
  try {
    new Intl.NumberFormat(tag);
    return true;
  } catch {
    return false;
  }
};

if (!usable(navigator.language)) {
  const base = navigator.language.split('@')[0] ?? '';
  Object.defineProperty(navigator, 'language', {
    value: usable(base) ? base : 'en-US',
    configurable: true,
  });
}
