import { useEffect, useState } from 'react';
import { api, qs } from '../api.ts';

interface Figures {
  offered: number;
  answered: number;
  missed: number;
  answerRate: number | null;
  avgRingSeconds: number | null;
  avgTalkSeconds: number | null;
  outbound: number;
  outboundAnswered: number;
}
interface Stats {
  timeZone: string;
  totals: Figures;
  byExtension: Array<Figures & { extension: string | null }>;
  byHour: Array<Figures & { hour: number }>;
  byDay: Array<Figures & { day: string }>;
}

const pct = (n: number | null) => (n === null ? '–' : `${Math.round(n * 100)}%`);
const sec = (n: number | null) => (n === null ? '–' : `${Math.round(n)} s`);

export function AnalyticsPage() {
  const [days, setDays] = useState('7');
  const [zone, setZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [stats, setStats] = useState<Stats>();
  const [error, setError] = useState('');
  useEffect(() => {
    const to = new Date();
    const from = new Date(to.getTime() - Number(days) * 86_400_000);
    api<Stats>(
      'GET',
      `/api/analytics${qs({ from: from.toISOString(), to: to.toISOString(), timeZone: zone })}`,
    )
      .then((s) => {
        setStats(s);
        setError('');
      })
      .catch((e) => setError(e instanceof Error ? e.message : String(e)));
  }, [days, zone]);
  const max = Math.max(1, ...(stats?.byHour.map((h) => h.offered + h.outbound) ?? [1]));
  return (
    <section>
      <h2>Analytics</h2>
      <div className="filters">
        <select value={days} onChange={(e) => setDays(e.target.value)} aria-label="range">
          <option value="1">last 24 hours</option>
          <option value="7">last 7 days</option>
          <option value="30">last 30 days</option>
        </select>
        <input value={zone} onChange={(e) => setZone(e.target.value)} aria-label="time zone" />
      </div>
      {error && <p className="error">{error}</p>}
      {stats && (
        <>
          <div className="kpis">
            <div className="card">
              <b>{stats.totals.offered}</b> inbound
            </div>
            <div className="card">
              <b>{pct(stats.totals.answerRate)}</b> answered
            </div>
            <div className="card">
              <b>{stats.totals.missed}</b> missed
            </div>
            <div className="card">
              <b>{sec(stats.totals.avgRingSeconds)}</b> avg. ring
            </div>
            <div className="card">
              <b>{sec(stats.totals.avgTalkSeconds)}</b> avg. talk
            </div>
            <div className="card">
              <b>{stats.totals.outbound}</b> outbound
            </div>
          </div>
          <h3>Calls per hour ({stats.timeZone})</h3>
          <div className="bars">
            {stats.byHour.map((h) => (
              <div key={h.hour} className="bar" title={`${h.hour}:00 · ${h.offered} in, ${h.outbound} out`}>
                <div style={{ height: `${((h.offered + h.outbound) / max) * 100}%` }} />
                <span>{h.hour}</span>
              </div>
            ))}
          </div>
          <h3>Per extension</h3>
          <table>
            <thead>
              <tr>
                <th>Extension</th>
                <th>Inbound</th>
                <th>Answered</th>
                <th>Missed</th>
                <th>Avg. talk</th>
                <th>Outbound</th>
              </tr>
            </thead>
            <tbody>
              {stats.byExtension.map((x) => (
                <tr key={x.extension ?? 'none'}>
                  <td>{x.extension ?? '—'}</td>
                  <td>{x.offered}</td>
                  <td>{x.answered}</td>
                  <td>{x.missed}</td>
                  <td>{sec(x.avgTalkSeconds)}</td>
                  <td>{x.outbound}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
