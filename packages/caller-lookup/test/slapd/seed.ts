/** The directory the LDAP tests run against; `ldif()` renders it for slapadd. */
export const BASE_DN = 'dc=pbxkit,dc=test';
export const ADMIN_DN = `cn=admin,${BASE_DN}`;
export const ADMIN_PASSWORD = 'admin-secret';
/** A service account whose CN has a comma, as Active Directory names people (`CN=Doe\, John`). */
export const SERVICE_RDN = 'PBX, Service';
export const SERVICE_PARENT = `ou=Services,${BASE_DN}`;
export const SERVICE_PASSWORD = 'pbx-pass';
/** ipPhone value made of every RFC 4515 special: `*`, `)`, `(`, `\` and NUL. */
export const HOSTILE_VALUE = 'a*)(\\\u0000b';

// Schema for Active Directory's phone attributes (OIDs from AD; syntaxes chosen so they can be searched).
export const AD_SCHEMA = `
attributetype ( 1.2.840.113556.1.4.721 NAME 'ipPhone' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
attributetype ( 1.2.840.113556.1.2.18 NAME 'otherTelephone' EQUALITY telephoneNumberMatch SUBSTR telephoneNumberSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.50 )
attributetype ( 1.2.840.113556.1.2.146 NAME 'company' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
objectclass ( 1.3.6.1.4.1.99999.1.1 NAME 'pbxkitAdUser' AUXILIARY MAY ( ipPhone $ otherTelephone $ company ) )
`;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function person(uid: string, attrs: Record<string, string | string[]>): string {
  const lines = [
    `dn: uid=${uid},ou=People,${BASE_DN}`,
    'objectClass: inetOrgPerson',
    'objectClass: pbxkitAdUser',
    `uid: ${uid}`,
  ];
  for (const [name, value] of Object.entries(attrs)) {
    for (const v of [value].flat()) {
      // Non-ASCII, control characters and leading specials must be base64 in LDIF (RFC 2849).
      lines.push(/^[\x20-\x7e]*$/.test(v) && !/^[ :<]/.test(v) ? `${name}: ${v}` : `${name}:: ${b64(v)}`);
    }
  }
  return lines.join('\n');
}

export function ldif(): string {
  return [
    `dn: ${BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\no: pbxkit\ndc: pbxkit`,
    `dn: ou=People,${BASE_DN}\nobjectClass: organizationalUnit\nou: People`,
    `dn: ${SERVICE_PARENT}\nobjectClass: organizationalUnit\nou: Services`,
    `dn: cn=PBX\\, Service,${SERVICE_PARENT}\nobjectClass: person\ncn: ${SERVICE_RDN}\nsn: Service\nuserPassword: ${SERVICE_PASSWORD}`,
    person('maria', {
      cn: 'Maria Papadopoulou',
      sn: 'Papadopoulou',
      displayName: 'Maria Papadopoulou',
      company: 'Acme Hellas',
      mail: 'maria@example.com',
      telephoneNumber: '+30 210 123 4567',
      mobile: '+30-697-401-5758',
      homePhone: '210 999 8888',
      ipPhone: '201',
    }),
    person('zoe', {
      cn: 'Zoë Ωμέγα-Núñez',
      sn: 'Ωμέγα',
      displayName: 'Zoë Ωμέγα-Núñez',
      mobile: '+44 7700 900123',
      otherTelephone: ['+49 30 1234567', '+49 30 7654321'],
    }),
    person('evil', {
      cn: 'Evil *)(uid=*))(|(uid=* \\ name',
      sn: 'x',
      description: `NUL\u0000inside`,
      ipPhone: HOSTILE_VALUE,
      telephoneNumber: '+1 212 555 0100',
    }),
    person('twin1', { cn: 'Front Desk A', sn: 'A', telephoneNumber: '+30 231 012 3456' }),
    person('twin2', { cn: 'Front Desk B', sn: 'B', telephoneNumber: '+302310123456' }),
  ]
    .join('\n\n')
    .concat('\n');
}
