/** Phone numbers are personal data: keep the country code and the last two digits for logs. */
export function redactNumber(number: string): string {
  if (number.length <= 4) return '*'.repeat(number.length);
  const head = number.startsWith('+') ? number.slice(0, 3) : '';
  return `${head}${'*'.repeat(number.length - head.length - 2)}${number.slice(-2)}`;
}
