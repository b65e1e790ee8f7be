// biome-ignore-all lint: copy of the team's research probes (shared/research/ami-bench/conformance.js); only the pbxkit adapter and the peer guard are ours
'use strict';
// Copied from research/ami-bench/conformance.js with two additions marked "pbxkit": an adapter for
// this package's parser, and peers that are not installed are skipped instead of crashing.
//   node --import tsx bench/conformance.cjs [--md]
//
// Protocol-conformance probes: feeds small, tricky, real-world AMI frames to
// each peer's parser (in-process, same adapters idea as bench.js) and checks
// what comes out. Prints a JSON matrix; `--md` prints a Markdown table.
//
//   NODE_PATH=<dir with the peers' node_modules> node conformance.js [--md]

const { EventEmitter } = require('events');
const { StringDecoder } = require('string_decoder');

const CRLF = '\r\n';
const B = (s) => Buffer.from(s, 'utf8');
const LOGIN_OK = 'Response: Success\r\nActionID: L1\r\nMessage: Authentication accepted\r\n\r\n';

// ---------------------------------------------------------------- capture adapters
// Each returns { feed(buf), out: [] } where out collects every parsed message object.
const CAPTURE = {
  // pbxkit: our parser; repeated headers become arrays (a lossless plain view), Follows bodies `Output`.
  pbxkit: () => {
    const { AmiParser, AmiMessage } = require('../src/index.ts');
    const p = new AmiParser({ expectBanner: false });
    const out = [];
    const plain = (m) => {
      const o = {};
      for (const [k, v] of m.headers()) o[k] = k in o ? [].concat(o[k], v) : v;
      if (m.body) o.Output = m.body.slice();
      return o;
    };
    return {
      out,
      feed: (b) => {
        for (const m of p.push(b)) if (m instanceof AmiMessage) out.push(plain(m));
      },
    };
  },
  'asterisk-manager': () => {
    const net = require('net');
    const out = [];
    class FakeSocket extends EventEmitter {
      constructor() {
        super();
        this.readyState = 'open';
        this.dec = null;
      }
      setKeepAlive() {}
      setNoDelay() {}
      setEncoding(e) {
        this.dec = new StringDecoder(e);
      }
      write() {
        return true;
      }
      push(c) {
        this.emit('data', this.dec ? this.dec.write(c) : c);
      }
      end() {}
      destroy() {}
    }
    const sock = new FakeSocket();
    const orig = net.createConnection;
    net.createConnection = () => sock;
    delete require.cache[require.resolve('asterisk-manager')];
    const Manager = require('asterisk-manager');
    const ami = new Manager(5038, '127.0.0.1', 'u', 'p', true);
    net.createConnection = orig;
    ami.on('managerevent', (e) => out.push(e));
    ami.on('response', (e) => out.push(e));
    sock.emit('connect');
    sock.push(B('Asterisk Call Manager/9.0.0\r\n'));
    return { out, feed: (b) => sock.push(b), settle: true };
  },
  'asterisk-ami-client': () => {
    const S = require('asterisk-ami-events-stream');
    const s = new S();
    const out = [];
    s.on('data', () => {});
    s.on('amiEvent', (e) => out.push(e));
    s.on('amiResponse', (e) => out.push(e));
    return { out, feed: (b) => s.write(b) };
  },
  '@ipcom/asterisk-ami': () => {
    const { eAmi } = require('@ipcom/asterisk-ami');
    const ami = new eAmi({
      host: 'x',
      port: 5038,
      userName: 'u',
      password: 'p',
      additionalOptions: { reconnect: false, emitAllEvents: true },
    });
    const out = [];
    ami.events.on('events', (e) => out.push(e));
    ami.events.on('response', (e) => out.push(e));
    return { out, feed: (b) => ami.getData(b) };
  },
  'ami-io': () => {
    const amiio = require('ami-io');
    const c = amiio.createClient({ logger: new amiio.SilentLogger() });
    const dec = new StringDecoder(c.config.encoding); // default 'ascii', as the real client
    const out = [];
    c.on('rawEvent', (e) => out.push(e));
    c.on('needParseResponse', (r) => out.push(r));
    return { out, feed: (b) => c.splitMessages(dec.write(b)) };
  },
  yana: () => {
    const AMI = require('yana');
    const LineSocket = require('yana/line-socket');
    const ami = new AMI({});
    ami.socket = new LineSocket();
    const out = [];
    // every parsed message goes through pendingActions[ActionID] lookup
    ami.pendingActions = new Proxy({}, { get: () => ({ callback: (m) => out.push(m) }) });
    ami._setupMessageBuffering();
    return { out, feed: (b) => ami.socket.emit('data', b) };
  },
  'naive split': () => {
    const dec = new StringDecoder('utf8');
    let buf = '';
    const out = [];
    return {
      out,
      feed(b) {
        buf += dec.write(b);
        const parts = buf.split('\r\n\r\n');
        buf = parts.pop();
        for (const p of parts) {
          const o = {};
          for (const line of p.split('\r\n')) {
            const i = line.indexOf(': ');
            if (i > 0) o[line.slice(0, i)] = line.slice(i + 2);
          }
          out.push(o);
        }
      },
    };
  },
};

// ---------------------------------------------------------------- helpers
function get(o, key) {
  if (!o || typeof o !== 'object') return undefined;
  const want = key.toLowerCase().replace(/-/g, '_');
  for (const k of Object.keys(o)) if (k.toLowerCase().replace(/-/g, '_') === want) return o[k];
  return undefined;
}
// every "k=v" pair and plain string reachable in the object (any representation of duplicates)
function pairs(o, acc = new Set()) {
  if (o == null) return acc;
  if (typeof o !== 'object') {
    acc.add(String(o));
    return acc;
  }
  for (const [k, v] of Object.entries(o)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) if (typeof v2 !== 'object') acc.add(k2 + '=' + v2);
      pairs(v, acc);
    } else if (Array.isArray(v)) v.forEach((x) => pairs(x, acc));
    else acc.add(String(v));
    void k;
  }
  return acc;
}
const find = (out, ev) => out.find((m) => String(get(m, 'Event')).toLowerCase() === ev.toLowerCase());
const snapshot = (extra) =>
  'Channel: PJSIP/101-00000001\r\nChannelState: 6\r\nChannelStateDesc: Up\r\n' +
  extra +
  'Uniqueid: 1700000000.10\r\nLinkedid: 1700000000.10\r\n';

// ---------------------------------------------------------------- probes
const PROBES = [
  {
    id: 'dup-chanvariable',
    what: 'repeated `ChanVariable: k=v` lines (manager.conf channelvars) all kept, value with "=" intact',
    frames: [
      'Event: Newchannel\r\nPrivilege: call,all\r\n' +
        snapshot('CallerIDNum: 101\r\n') +
        'ChanVariable: A=1\r\nChanVariable: B=x=y\r\nChanVariable: C=\r\n\r\n',
    ],
    check: (out) => {
      const p = pairs(find(out, 'Newchannel'));
      return p.has('A=1') && p.has('B=x=y') && p.has('C=');
    },
  },
  {
    id: 'chanvariable(channel)',
    what: 'legacy `ChanVariable(PJSIP/101-..): k=v` form (multi-channel manager_event) kept',
    frames: [
      'Event: Newexten\r\nPrivilege: dialplan,all\r\n' +
        snapshot('') +
        'ChanVariable(PJSIP/101-00000001): FOO=bar\r\nChanVariable(PJSIP/101-00000001): BAZ=qux\r\n\r\n',
    ],
    check: (out) => {
      const p = pairs(find(out, 'Newexten'));
      return (
        [...p].some((s) => s.includes('FOO=bar') || s === 'bar') &&
        [...p].some((s) => s.includes('BAZ=qux') || s === 'qux')
      );
    },
  },
  {
    id: 'colon-in-value',
    what: 'value containing ": " and ":" (AppData / SIP URI) not truncated',
    frames: [
      'Event: Newexten\r\nPrivilege: dialplan,all\r\n' +
        snapshot('') +
        'Application: Dial\r\nAppData: PJSIP/101/sip:101@192.0.2.1:5060,30,Tt: note: x\r\n\r\n',
    ],
    check: (out) =>
      get(find(out, 'Newexten'), 'AppData') === 'PJSIP/101/sip:101@192.0.2.1:5060,30,Tt: note: x',
  },
  {
    id: 'numbers-stay-strings',
    what: 'CallerIDNum "0049301234", "+4930..." and Uniqueid "1700000000.10" returned verbatim as strings',
    frames: [
      'Event: Newchannel\r\nPrivilege: call,all\r\n' +
        snapshot('CallerIDNum: 0049301234\r\nConnectedLineNum: +4930123456\r\n') +
        '\r\n',
    ],
    check: (out) => {
      const e = find(out, 'Newchannel');
      return (
        get(e, 'CallerIDNum') === '0049301234' &&
        get(e, 'ConnectedLineNum') === '+4930123456' &&
        get(e, 'Uniqueid') === '1700000000.10'
      );
    },
  },
  {
    id: 'empty-and-s-values',
    what: '`AccountCode: ` stays "" and `Exten: s` stays "s" (FreePBX macro-*/sub-* contexts)',
    frames: [
      'Event: Newstate\r\nPrivilege: call,all\r\n' +
        snapshot('AccountCode: \r\nContext: macro-dial-one\r\nExten: s\r\nCallerIDName: Unknown Caller\r\n') +
        '\r\n',
    ],
    check: (out) => {
      const e = find(out, 'Newstate');
      return (
        get(e, 'AccountCode') === '' && get(e, 'Exten') === 's' && get(e, 'CallerIDName') === 'Unknown Caller'
      );
    },
  },
  {
    id: 'utf8-split-across-chunks',
    what: 'multi-byte CallerIDName intact when TCP splits a code point between two reads',
    frames: [
      'Event: Newchannel\r\nPrivilege: call,all\r\n' + snapshot('CallerIDName: Müller 李雷 😀\r\n') + '\r\n',
    ],
    split: (buf) => {
      const at = buf.indexOf(Buffer.from('李')) + 1;
      return [buf.subarray(0, at), buf.subarray(at)];
    },
    check: (out) => get(find(out, 'Newchannel'), 'CallerIDName') === 'Müller 李雷 😀',
  },
  {
    id: 'ast13-command-follows',
    what: 'Asterisk 13 `Response: Follows` ... `--END COMMAND--` body (with blank line) captured, next event still parsed',
    frames: [
      'Response: Follows\r\nPrivilege: Command\r\nActionID: 7\r\nline1\nline2\n\nline4\n--END COMMAND--\r\n\r\n',
      'Event: Hangup\r\nPrivilege: call,all\r\n' +
        snapshot('Cause: 16\r\nCause-txt: Normal Clearing\r\n') +
        '\r\n',
    ],
    check: (out) =>
      out.some((m) => {
        const t = JSON.stringify(m);
        return t.includes('line1') && t.includes('line4') && t.includes('"7"');
      }) && String(get(find(out, 'Hangup'), 'Cause')) === '16',
  },
  {
    id: 'ast13-follows-split',
    what: 'same Asterisk 13 Follows body, but TCP splits it in the middle (parser state must survive reads)',
    frames: [
      'Response: Follows\r\nPrivilege: Command\r\nActionID: 7\r\nline1\nline2\n\nline4\n--END COMMAND--\r\n\r\nEvent: Hangup\r\nPrivilege: call,all\r\n' +
        snapshot('Cause: 16\r\nCause-txt: Normal Clearing\r\n') +
        '\r\n',
    ],
    split: (buf) => {
      const at = buf.indexOf(Buffer.from('line2'));
      return [buf.subarray(0, at), buf.subarray(at)];
    },
    check: (out) =>
      out.some((m) => {
        const t = JSON.stringify(m);
        return t.includes('line1') && t.includes('line4') && t.includes('"7"');
      }) && String(get(find(out, 'Hangup'), 'Cause')) === '16',
  },
  {
    id: 'ast14-command-output',
    what: 'Asterisk 14+ `Output:` lines (repeated header) all kept in order',
    frames: [
      'Response: Success\r\nActionID: 8\r\nMessage: Command output follows\r\nOutput: Name/username             Host\r\nOutput: 101/101                   192.0.2.5\r\nOutput: 2 sip peers\r\n\r\n',
    ],
    check: (out) => {
      const p = pairs(out.find((m) => String(get(m, 'ActionID')) === '8'));
      return (
        p.has('Name/username             Host') &&
        p.has('101/101                   192.0.2.5') &&
        p.has('2 sip peers')
      );
    },
  },
  {
    id: 'eventlist-items',
    what: 'EventList (CoreShowChannels): ack + 2 items + Complete all delivered with ActionID',
    frames: [
      'Response: Success\r\nActionID: 9\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n',
      'Event: CoreShowChannel\r\nActionID: 9\r\n' +
        snapshot('') +
        'Application: Dial\r\nApplicationData: PJSIP/102\r\nDuration: 00:00:42\r\nBridgeId: \r\n\r\n',
      'Event: CoreShowChannel\r\nActionID: 9\r\n' +
        snapshot('') +
        'Application: AppDial\r\nApplicationData: (Outgoing Line)\r\nDuration: 00:00:40\r\nBridgeId: \r\n\r\n',
      'Event: CoreShowChannelsComplete\r\nActionID: 9\r\nEventList: Complete\r\nListItems: 2\r\n\r\n',
    ],
    check: (out) =>
      out.filter((m) => String(get(m, 'Event')) === 'CoreShowChannel' && String(get(m, 'ActionID')) === '9')
        .length === 2 && !!find(out, 'CoreShowChannelsComplete'),
  },
];

async function run(peer, probe) {
  const cap = CAPTURE[peer]();
  if (peer === 'asterisk-manager') {
    cap.feed(B(LOGIN_OK));
    await new Promise(setImmediate);
    cap.out.length = 0;
  }
  for (const f of probe.frames) {
    const buf = B(f);
    const parts = probe.split ? probe.split(buf) : [buf];
    for (const p of parts) {
      cap.feed(p);
      await new Promise(setImmediate);
    }
  }
  for (let i = 0; i < 5; i++) await new Promise(setImmediate);
  let ok = false;
  try {
    ok = !!probe.check(cap.out);
  } catch (e) {
    ok = false;
  }
  return ok;
}

async function main() {
  // pbxkit: only the peers installed here (asterisk-manager is a devDependency).
  const peers = Object.keys(CAPTURE).filter((peer) => {
    try {
      CAPTURE[peer]();
      return true;
    } catch {
      return false;
    }
  });
  const matrix = {};
  for (const probe of PROBES) {
    matrix[probe.id] = {};
    for (const peer of peers) matrix[probe.id][peer] = await run(peer, probe);
  }
  if (process.argv.includes('--md')) {
    console.log('| probe | ' + peers.join(' | ') + ' |');
    console.log('|---|' + peers.map(() => '---').join('|') + '|');
    for (const probe of PROBES)
      console.log(
        '| ' +
          probe.id +
          ' | ' +
          peers.map((p) => (matrix[probe.id][p] ? 'pass' : '**FAIL**')).join(' | ') +
          ' |',
      );
    console.log();
    for (const probe of PROBES) console.log('- `' + probe.id + '`: ' + probe.what);
  } else {
    console.log(JSON.stringify(matrix, null, 1));
  }
  process.exit(0);
}

main();
