/**
 * Mobile-number quirks that make one subscriber appear under two E.164 forms. We never rewrite a
 * valid number into the other form; we offer the other form as an extra candidate (issue #6), because
 * CRMs, WhatsApp `wa_id`s and old address books hold either.
 * - Brazil (55): mobiles gained a 9th digit (`+55 11 9xxxx-xxxx`); old records and some `wa_id`s lack it.
 * - Mexico (52): the `1` after the country code was dropped in 2019; WhatsApp still sends `521…`.
 * - Argentina (54): international mobiles carry a `9` after the country code, landline-style forms don't.
 */
export function mobileVariants(countryCallingCode: string, nationalNumber: string): string[] {
  const nn = nationalNumber;
  switch (countryCallingCode) {
    case '55':
      // Area code (2 digits) + 9 + 8 digits, or the pre-2016 form with 8 digits starting 6-9.
      if (nn.length === 11 && nn[2] === '9') return [`+55${nn.slice(0, 2)}${nn.slice(3)}`];
      if (nn.length === 10 && nn[2] !== undefined && nn[2] >= '6')
        return [`+55${nn.slice(0, 2)}9${nn.slice(2)}`];
      return [];
    case '52':
      if (nn.length === 10) return [`+521${nn}`];
      if (nn.length === 11 && nn[0] === '1') return [`+52${nn.slice(1)}`];
      return [];
    case '54':
      if (nn.length === 11 && nn[0] === '9') return [`+54${nn.slice(1)}`];
      if (nn.length === 10) return [`+549${nn}`];
      return [];
    default:
      return [];
  }
}
