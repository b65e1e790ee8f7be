// Issue 5, "Speed": verify + parse of a typical 2 KB webhook must run at ≥ 50 % of the rate of a bare
// node:crypto HMAC-SHA256 over the same bytes, measured side by side in one run.
// Run: ./kit exec pnpm --filter @pbxkit/whatsapp-cloud bench
import { createHmac, createSecretKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bench, do_not_optimize, run, summary } from 'mitata';
import { parseWebhook, prepareSignatureKeys, verifySignature } from '../src/index.js';
import { encodeMetaJson, signWebhook } from '../src/testing/index.js';

const secret = '0f3c1a9e5b7d2c4e6a8b0d1f3e5c7a9b'; // same length as a real Meta app secret (32 hex)
const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/webhooks/${name}.json`, import.meta.url), 'utf8'));

// A typical ~2 KB delivery: a Click-to-WhatsApp ad reply (long referral) with a status batched next to it.
const message = load('message_text_ctwa_referral');
const status = load('status_sent');
message.entry[0].changes[0].value.messages[0].text.body =
  'Hi! I saw your ad about the summer succulents. Do you deliver to Thessaloniki — and how much is the large pot? ' +
  'I would need three of them for a balcony facing south, plus soil and drainage stones if you sell those too. ' +
  'Could you also tell me whether delivery on Saturday morning is possible? Ευχαριστώ πολύ!';
message.entry[0].changes.push(status.entry[0].changes[0]);
const body = new TextEncoder().encode(encodeMetaJson(message));
const header = signWebhook(body, secret);
const keys = prepareSignatureKeys(secret);
const keyObject = createSecretKey(Buffer.from(secret));
if (parseWebhook(body).events.length !== 2) throw new Error('benchmark payload does not parse into 2 events');

summary(() => {
  bench('bare createHmac(string secret) over the bytes', () => {
    do_not_optimize(createHmac('sha256', secret).update(body).digest());
  });
  bench('bare createHmac(KeyObject) over the bytes', () => {
    do_not_optimize(createHmac('sha256', keyObject).update(body).digest());
  });
  bench('floor: bare createHmac + JSON.parse (no event building)', () => {
    do_not_optimize(createHmac('sha256', secret).update(body).digest());
    do_not_optimize(JSON.parse(Buffer.from(body).toString('latin1')));
  });
  bench('verifySignature only', () => {
    verifySignature(body, header, keys);
  });
  bench('verifySignature + parseWebhook', () => {
    verifySignature(body, header, keys);
    do_not_optimize(parseWebhook(body));
  });
});

const { benchmarks } = await run();
const avg = (i: number) => benchmarks[i]?.runs[0]?.stats?.avg ?? Number.NaN;
const [hmacString, hmacKey, floor, verifyOnly, ours] = [avg(0), avg(1), avg(2), avg(3), avg(4)];
const pct = (baseline: number) => ((100 * baseline) / ours).toFixed(0);
console.log(
  `\npayload: ${body.byteLength} bytes, 2 events; verify alone ${verifyOnly.toFixed(0)} ns, verify+parse ${ours.toFixed(0)} ns`,
);
console.log(
  `verify+parse rate vs bare createHmac(string):    ${pct(hmacString)} % (goal ≥ 50 %: ${Number(pct(hmacString)) >= 50 ? 'met' : 'NOT met'})`,
);
console.log(
  `floor (HMAC + JSON.parse) rate vs bare createHmac(string): ${((100 * hmacString) / floor).toFixed(0)} %`,
);
console.log(
  `verify+parse rate vs bare createHmac(KeyObject): ${pct(hmacKey)} % (goal ≥ 50 %: ${Number(pct(hmacKey)) >= 50 ? 'met' : 'NOT met'})`,
);
