/**
 * The dataset's citation and source, as its README and licence ask: the part of the
 * attribution that is the same for every campaign of the Open Bandit Dataset.
 */
export const OBD_CITATION =
  'Saito, Aihara, Matsutani, Narita, "Open Bandit Dataset and Pipeline: Towards Realistic and ' +
  'Reproducible Off-Policy Evaluation", NeurIPS 2021 Datasets and Benchmarks (arXiv:2008.07146); ' +
  'from st-tech/zr-obp, obp/dataset/obd, Apache License 2.0.';

/**
 * A campaign folder's name as the dataset writes campaigns: `men` → `Men`.
 *
 * @example
 * campaignTitle('women'); // 'Women'
 */
export function campaignTitle(campaign: string): string {
  return campaign.charAt(0).toUpperCase() + campaign.slice(1);
}

/**
 * The attribution printed and written wherever the lab uses or reports a sample: the
 * campaign and its number of items, as read, then the dataset's citation.
 *
 * @example
 * obdAttribution('men', 34);
 * // 'Open Bandit Dataset, "Men" campaign sample, 34 items: Saito, Aihara, … Apache License 2.0.'
 */
export function obdAttribution(campaign: string, items: number): string {
  return `Open Bandit Dataset, "${campaignTitle(campaign)}" campaign sample, ${items} items: ${OBD_CITATION}`;
}

/**
 * An attribution wrapped into lines of at most `width` characters, for chart subtitles.
 *
 * @example
 * attributionLines(obdAttribution('men', 34), 90); // ['Open Bandit Dataset, "Men" campaign sample, …', …]
 */
export function attributionLines(attribution: string, width = 110): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of attribution.split(' ')) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.length === 0 ? word : `${line} ${word}`;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}
