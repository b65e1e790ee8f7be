/** How the tracker tells extensions, trunks and inbound contexts apart. */
export interface TrackerProfile {
  /** Endpoint names that are trunks (`trunk-pstn`, `sipgate`). @defaultValue [] */
  trunks?: string[];
  /** Endpoint names that are extensions, or a pattern. @defaultValue /^\d{2,7}$/ */
  extensions?: string[] | RegExp;
  /** Context prefixes where calls from trunks arrive. */
  inboundContexts?: string[];
  /** Treat endpoints that are neither listed nor matching `extensions` as trunks. @defaultValue true */
  unknownEndpointsAreTrunks?: boolean;
  /** Channel technologies that are always trunks. @defaultValue ['DAHDI'] */
  trunkTechs?: string[];
  /** Variables holding the inbound DID (VarSet or ChanVariable). @defaultValue ['FROM_DID', '__FROM_DID'] */
  didVariables?: string[];
  /** Variables holding the recording file name. */
  recordingVariables?: string[];
  /** Dialplan applications that mean "went to voicemail". @defaultValue ['VoiceMail'] */
  voicemailApps?: string[];
}

/** FreePBX 16/17 (Asterisk 16–22): from-pstn/from-trunk/ext-did inbound, numeric extensions, PJSIP trunk names. */
export const FREEPBX_PROFILE: Readonly<Required<TrackerProfile>> = Object.freeze({
  trunks: [],
  extensions: /^\d{2,7}$/,
  inboundContexts: ['from-pstn', 'from-trunk', 'from-did-direct', 'ext-did', 'from-sip-external'],
  unknownEndpointsAreTrunks: true,
  trunkTechs: ['DAHDI'],
  didVariables: ['FROM_DID', '__FROM_DID'],
  recordingVariables: ['CDR(recordingfile)', 'MIXMONITOR_FILENAME', 'CALLFILENAME'],
  voicemailApps: ['VoiceMail'],
});

/** A plain Asterisk dialplan: same defaults but only configured/numeric endpoints classified. */
export const GENERIC_PROFILE: Readonly<Required<TrackerProfile>> = Object.freeze({
  ...FREEPBX_PROFILE,
  inboundContexts: ['from-pstn', 'from-trunk', 'from-external', 'inbound'],
  unknownEndpointsAreTrunks: false,
});

/** Built-in profile names. */
export type TrackerProfileName = 'freepbx' | 'generic';

/** Resolve a profile name or config (merged over the FreePBX defaults). */
export function resolveProfile(
  profile: TrackerProfileName | TrackerProfile | undefined,
): Required<TrackerProfile> {
  if (profile === undefined || profile === 'freepbx') return FREEPBX_PROFILE;
  if (profile === 'generic') return GENERIC_PROFILE;
  return { ...FREEPBX_PROFILE, ...profile };
}

/** What a channel name says about its endpoint. */
export interface ChannelIdentity {
  /** `PJSIP`, `SIP`, `Local`, `DAHDI`… */
  tech: string;
  /** Endpoint (`101`, `trunk-pstn`) or, for Local channels, the exten. */
  resource: string;
  /** Local channels: `Local/101@from-queue-0000001a` (both halves share it). */
  localPair?: string;
  /** Local channels: 1 or 2. */
  localHalf?: number;
  /** Local channels: the context. */
  localContext?: string;
}

/** Parse `PJSIP/101-0000023a`, `Local/102@from-queue-00000007;1`, `DAHDI/1-1`. */
export function parseChannelName(name: string): ChannelIdentity {
  const slash = name.indexOf('/');
  const tech = slash === -1 ? '' : name.slice(0, slash);
  const rest = slash === -1 ? name : name.slice(slash + 1);
  if (tech === 'Local') {
    const semi = rest.lastIndexOf(';');
    const body = semi === -1 ? rest : rest.slice(0, semi);
    const at = body.indexOf('@');
    const exten = at === -1 ? body : body.slice(0, at);
    const ctx = at === -1 ? '' : body.slice(at + 1).replace(/-[0-9a-f]+$/, '');
    return {
      tech,
      resource: exten,
      localPair: `Local/${body}`,
      localHalf: semi === -1 ? 1 : Number(rest.slice(semi + 1)),
      localContext: ctx,
    };
  }
  return { tech, resource: rest.replace(/-[0-9a-f]+$/, '') };
}

/** Kind of endpoint behind a channel. */
export type EndpointKind = 'extension' | 'trunk' | 'local' | 'other';

/** Classify a channel from its name and first context. */
export function classifyChannel(
  id: ChannelIdentity,
  firstContext: string,
  p: Required<TrackerProfile>,
): EndpointKind {
  if (id.tech === 'Local') return 'local';
  if (p.trunks.includes(id.resource)) return 'trunk';
  if (p.trunkTechs.includes(id.tech)) return 'trunk';
  const isExt = Array.isArray(p.extensions)
    ? p.extensions.includes(id.resource)
    : p.extensions.test(id.resource);
  if (isExt) return 'extension';
  if (p.inboundContexts.some((c) => firstContext.startsWith(c))) return 'trunk';
  return p.unknownEndpointsAreTrunks && id.resource !== '' ? 'trunk' : 'other';
}
