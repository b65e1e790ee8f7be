import type {
  ActionOptions,
  AmiListResult,
  ClickToCallParams,
  CommandResult,
  GetvarResult,
  OriginateParams,
  OriginateResult,
} from './actions/types.js';
import { originateReasonText } from './actions/types.js';
import type { AmiEventOf } from './events.js';
import type { AmiMessage } from './protocol/message.js';
import type { AmiAction } from './protocol/serialize.js';
import { AmiConnection } from './transport/connection.js';

/**
 * A reconnecting Asterisk Manager Interface client: MD5 login, typed actions, typed events,
 * keepalive with a pong deadline, exponential backoff with full jitter, a bounded event queue.
 *
 * @example
 * ```ts
 * const ami = new AmiClient({ host: '10.0.0.5', username: 'crm', secret: process.env.AMI_SECRET! });
 * ami.on('error', (err) => console.error(err));
 * ami.on('Hangup', (e) => console.log(e.fields.Channel, e.fields['Cause-txt']));
 * await ami.connect();
 * const result = await ami.clickToCall({ extension: '101', number: '+306974015758' });
 * ```
 */
export class AmiClient extends AmiConnection {
  /** `Ping`: resolves with the response (`Ping: Pong`, `Timestamp`). */
  ping(opts?: ActionOptions): Promise<AmiMessage> {
    return this.action({ Action: 'Ping' }, opts);
  }

  /**
   * Async `Originate`, correlated with its `OriginateResponse` by ActionID. Resolves with the
   * outcome (success or not); rejects on `Response: Error`, timeout, abort or connection loss.
   */
  async originate(params: OriginateParams): Promise<OriginateResult> {
    const ring = params.ringTimeoutMs ?? 30_000;
    const action: AmiAction = {
      Action: 'Originate',
      Channel: params.channel,
      Context: params.context,
      Exten: params.exten,
      Priority: params.priority ?? (params.exten !== undefined ? 1 : undefined),
      Application: params.application,
      Data: params.data,
      Timeout: ring,
      CallerID: params.callerId,
      Account: params.account,
      ChannelId: params.channelId,
      OtherChannelId: params.otherChannelId,
      EarlyMedia: params.earlyMedia,
      Codecs: params.codecs,
      Async: 'true',
      ...(params.variables ? { Variable: params.variables } : {}),
    };
    const event = await this.send<AmiEventOf<'OriginateResponse'>>(action, 'originate', {
      timeoutMs: params.timeoutMs ?? ring + this.options.actionTimeoutMs,
      ...(params.signal ? { signal: params.signal } : {}),
    });
    const reason = event.get('Reason') ?? '';
    return {
      success: event.get('Response') === 'Success',
      reason,
      reasonText: originateReasonText(reason),
      uniqueid: event.get('Uniqueid') ?? '',
      channel: event.get('Channel') ?? params.channel,
      actionId: event.actionId ?? '',
      event,
    };
  }

  /** Click-to-call: ring `extension`, and once it answers dial `number` from `context`. */
  clickToCall(params: ClickToCallParams): Promise<OriginateResult> {
    return this.originate({
      channel: `${params.tech ?? 'PJSIP'}/${params.extension}`,
      context: params.context ?? 'from-internal',
      exten: params.number,
      priority: 1,
      callerId: params.callerId ?? params.number,
      ...(params.ringTimeoutMs !== undefined ? { ringTimeoutMs: params.ringTimeoutMs } : {}),
      variables: { ...params.variables },
      ...(params.timeoutMs !== undefined ? { timeoutMs: params.timeoutMs } : {}),
      ...(params.signal ? { signal: params.signal } : {}),
    });
  }

  /** `Hangup` a channel (optional Q.850 cause). */
  hangup(channel: string, cause?: number, opts?: ActionOptions): Promise<AmiMessage> {
    return this.action({ Action: 'Hangup', Channel: channel, Cause: cause }, opts);
  }

  /** `Redirect` a channel (and optionally its peer) to context/exten/priority. */
  redirect(
    p: { channel: string; context: string; exten: string; priority?: number; extraChannel?: string },
    opts?: ActionOptions,
  ): Promise<AmiMessage> {
    return this.action(
      {
        Action: 'Redirect',
        Channel: p.channel,
        ExtraChannel: p.extraChannel,
        Context: p.context,
        Exten: p.exten,
        Priority: p.priority ?? 1,
      },
      opts,
    );
  }

  /** `BlindTransfer` the peer of `channel` to `exten@context`. */
  blindTransfer(
    p: { channel: string; exten: string; context?: string },
    opts?: ActionOptions,
  ): Promise<AmiMessage> {
    return this.action(
      { Action: 'BlindTransfer', Channel: p.channel, Exten: p.exten, Context: p.context },
      opts,
    );
  }

  /** `Atxfer`: start an attended transfer from `channel` to `exten@context`. */
  atxfer(p: { channel: string; exten: string; context?: string }, opts?: ActionOptions): Promise<AmiMessage> {
    return this.action({ Action: 'Atxfer', Channel: p.channel, Exten: p.exten, Context: p.context }, opts);
  }

  /** `Command`: run a CLI command; both output formats become `lines`. */
  async command(command: string, opts?: ActionOptions): Promise<CommandResult> {
    const response = await this.action({ Action: 'Command', Command: command }, opts);
    return { lines: [...response.outputLines], response };
  }

  /** `CoreShowChannels`: every active channel (used to resync after a reconnect). */
  async coreShowChannels(opts?: ActionOptions): Promise<AmiEventOf<'CoreShowChannel'>[]> {
    const r = await this.list({ Action: 'CoreShowChannels' }, opts);
    return r.items as AmiEventOf<'CoreShowChannel'>[];
  }

  /** `QueueStatus`: QueueParams, QueueMember and QueueEntry items. */
  queueStatus(p: { queue?: string; member?: string } = {}, opts?: ActionOptions): Promise<AmiListResult> {
    return this.list({ Action: 'QueueStatus', Queue: p.queue, Member: p.member }, opts);
  }

  /** `Status`: one item per channel (or only `channel`). */
  async status(channel?: string, opts?: ActionOptions): Promise<AmiEventOf<'Status'>[]> {
    const r = await this.list({ Action: 'Status', Channel: channel }, opts);
    return r.items as AmiEventOf<'Status'>[];
  }

  /** `Getvar`: a channel variable (with `channel`) or a global. */
  async getvar(variable: string, channel?: string, opts?: ActionOptions): Promise<GetvarResult> {
    const r = await this.action({ Action: 'Getvar', Variable: variable, Channel: channel }, opts);
    return { variable: r.get('Variable') ?? variable, value: r.get('Value') ?? '' };
  }

  /** `Setvar`: set a channel variable (with `channel`) or a global. */
  setvar(variable: string, value: string, channel?: string, opts?: ActionOptions): Promise<AmiMessage> {
    return this.action({ Action: 'Setvar', Variable: variable, Value: value, Channel: channel }, opts);
  }

  /** `PJSIPShowEndpoints`: one `EndpointList` item per endpoint. */
  async pjsipShowEndpoints(opts?: ActionOptions): Promise<AmiEventOf<'EndpointList'>[]> {
    const r = await this.list({ Action: 'PJSIPShowEndpoints' }, opts);
    return r.items as AmiEventOf<'EndpointList'>[];
  }

  /** `ExtensionState`: hint state of `exten@context` (`Status`, `StatusText`). */
  extensionState(exten: string, context = 'from-internal', opts?: ActionOptions): Promise<AmiMessage> {
    return this.action({ Action: 'ExtensionState', Exten: exten, Context: context }, opts);
  }
}
