/**
 * The key an address's issuance is limited under: an IPv4 address whole, an IPv6 address
 * by its /64 prefix (one subscriber usually holds a whole /64), `unknown` without one.
 *
 * @example
 * addressKey('2001:db8:85a3:8d3:1319:8a2e:370:7348'); // '2001:db8:85a3:8d3::/64'
 * addressKey('203.0.113.7'); // '203.0.113.7'
 */
export function addressKey(address: string | undefined | null): string {
  if (address === undefined || address === null || address === '') return 'unknown';
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const front = head === '' ? [] : head.split(':');
  const back = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back]
    : front;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
