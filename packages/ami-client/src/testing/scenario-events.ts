/** One event of a scenario: when (ms from the scenario start) and its header lines. */
export interface ScenarioEvent {
  /** Milliseconds from the scenario start. */
  at: number;
  /** Ordered header pairs, `Event` first. */
  headers: Array<[string, string]>;
}

/** A channel of a scenario, with the snapshot fields Asterisk prints. */
export interface SimChannel {
  name: string;
  state: number;
  cidNum: string;
  cidName: string;
  conNum: string;
  conName: string;
  context: string;
  exten: string;
  priority: number;
  uniqueid: string;
  linkedid: string;
}

const STATE_DESC: Record<number, string> = { 0: 'Down', 4: 'Ring', 5: 'Ringing', 6: 'Up' };
const CAUSE_TXT: Record<string, string> = {
  '0': 'Unknown',
  '16': 'Normal Clearing',
  '17': 'User busy',
  '19': 'No answer',
  '26': 'Answered elsewhere',
  '127': 'Interworking, unspecified',
};

/** Channel snapshot lines (ast_manager_build_channel_state_string_prefix), keys prefixed. */
export function snapshot(c: SimChannel, prefix = ''): Array<[string, string]> {
  return [
    [`${prefix}Channel`, c.name],
    [`${prefix}ChannelState`, String(c.state)],
    [`${prefix}ChannelStateDesc`, STATE_DESC[c.state] ?? 'Unknown'],
    [`${prefix}CallerIDNum`, c.cidNum],
    [`${prefix}CallerIDName`, c.cidName],
    [`${prefix}ConnectedLineNum`, c.conNum],
    [`${prefix}ConnectedLineName`, c.conName],
    [`${prefix}Language`, 'en'],
    [`${prefix}AccountCode`, ''],
    [`${prefix}Context`, c.context],
    [`${prefix}Exten`, c.exten],
    [`${prefix}Priority`, String(c.priority)],
    [`${prefix}Uniqueid`, c.uniqueid],
    [`${prefix}Linkedid`, c.linkedid],
  ];
}

/** Appends AMI events for simulated channels to a timeline. */
export class EventWriter {
  readonly events: ScenarioEvent[] = [];
  #bridgeSeq = 0;
  #noise: boolean;

  constructor(noise: boolean) {
    this.#noise = noise;
  }

  ev(at: number, name: string, privilege: string, lines: Array<[string, string]>): void {
    this.events.push({ at, headers: [['Event', name], ['Privilege', privilege], ...lines] });
  }

  newChannel(at: number, c: SimChannel): void {
    this.ev(at, 'Newchannel', 'call,all', snapshot(c));
  }

  state(at: number, c: SimChannel, state: number): void {
    c.state = state;
    this.ev(at, 'Newstate', 'call,all', snapshot(c));
  }

  /** Dialplan noise FreePBX produces in volume (VarSet/Newexten), ignored by trackers. */
  dialplan(at: number, c: SimChannel, app: string, data: string, vars: Array<[string, string]> = []): void {
    if (!this.#noise) return;
    c.priority++;
    this.ev(at, 'Newexten', 'dialplan,all', [
      ...snapshot(c),
      ['Extension', c.exten],
      ['Application', app],
      ['AppData', data],
    ]);
    for (const [k, v] of vars)
      this.ev(at, 'VarSet', 'dialplan,all', [...snapshot(c), ['Variable', k], ['Value', v]]);
  }

  varSet(at: number, c: SimChannel, variable: string, value: string): void {
    this.ev(at, 'VarSet', 'dialplan,all', [...snapshot(c), ['Variable', variable], ['Value', value]]);
  }

  connectedLine(at: number, c: SimChannel, num: string, name: string): void {
    c.conNum = num;
    c.conName = name;
    this.ev(at, 'NewConnectedLine', 'call,all', snapshot(c));
  }

  callerId(at: number, c: SimChannel, num: string): void {
    c.cidNum = num;
    this.ev(at, 'NewCallerid', 'call,all', [
      ...snapshot(c),
      ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'],
    ]);
  }

  dial(
    at: number,
    kind: 'DialBegin' | 'DialState' | 'DialEnd',
    caller: SimChannel | undefined,
    dest: SimChannel,
    extra: [string, string],
  ): void {
    this.ev(at, kind, 'call,all', [...(caller ? snapshot(caller) : []), ...snapshot(dest, 'Dest'), extra]);
  }

  bridge(at: number, a: SimChannel, b: SimChannel): string {
    const id = `5e1f${(++this.#bridgeSeq).toString(16).padStart(4, '0')}-1e2f-4c3b-9d7a-${String(Math.floor(at)).padStart(12, '0')}`;
    const base = (n: number): Array<[string, string]> => [
      ['BridgeUniqueid', id],
      ['BridgeType', 'basic'],
      ['BridgeTechnology', 'simple_bridge'],
      ['BridgeCreator', '<unknown>'],
      ['BridgeName', '<unknown>'],
      ['BridgeNumChannels', String(n)],
      ['BridgeVideoSourceMode', 'none'],
    ];
    this.ev(at, 'BridgeCreate', 'call,all', base(0));
    this.ev(at, 'BridgeEnter', 'call,all', [...base(1), ...snapshot(b)]);
    this.ev(at, 'BridgeEnter', 'call,all', [...base(2), ...snapshot(a)]);
    return id;
  }

  bridgeEnter(at: number, id: string, c: SimChannel, n: number): void {
    this.ev(at, 'BridgeEnter', 'call,all', [
      ['BridgeUniqueid', id],
      ['BridgeType', 'basic'],
      ['BridgeNumChannels', String(n)],
      ...snapshot(c),
    ]);
  }

  bridgeLeave(at: number, id: string, c: SimChannel, n: number): void {
    this.ev(at, 'BridgeLeave', 'call,all', [
      ['BridgeUniqueid', id],
      ['BridgeType', 'basic'],
      ['BridgeNumChannels', String(n)],
      ...snapshot(c),
    ]);
  }

  unbridge(at: number, id: string, a: SimChannel, b: SimChannel): void {
    this.bridgeLeave(at, id, a, 1);
    this.bridgeLeave(at, id, b, 0);
    this.ev(at, 'BridgeDestroy', 'call,all', [
      ['BridgeUniqueid', id],
      ['BridgeType', 'basic'],
      ['BridgeNumChannels', '0'],
    ]);
  }

  hangupRequest(at: number, c: SimChannel, cause: string): void {
    this.ev(at, 'HangupRequest', 'call,all', [...snapshot(c), ['Cause', cause]]);
  }

  hangup(at: number, c: SimChannel, cause: string): void {
    this.ev(at, 'Hangup', 'call,all', [
      ...snapshot(c),
      ['Cause', cause],
      ['Cause-txt', CAUSE_TXT[cause] ?? 'Unknown'],
    ]);
  }
}
