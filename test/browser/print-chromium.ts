// Global setup of the `browser` project: says which Chromium the run uses, once, before the
// first file starts it (and, for the one from npm, unpacks it before any file needs it).
import { chooseChromium, launchChromium } from '../../packages/sdk/bench/chromium.ts';

export default async function printChromium(): Promise<void> {
  const { label, executablePath } = await chooseChromium();
  const browser = await launchChromium();
  try {
    console.log(`Browser tests run in Chromium ${browser.version()} (${label}, ${executablePath})`);
  } finally {
    await browser.close();
  }
}
