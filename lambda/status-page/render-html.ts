import { DayBar, DayStatus, DEGRADED_FROM, HISTORY_DAYS, OPERATIONAL_FROM } from './daily-history';
import { FEED_PATH } from './feed';
import { escapeHtml as e } from './html-escape';
import { Incident, OverallStatus, SERVICES, ServiceReport, ServiceStatus, StatusSnapshot } from './model';

const OVERALL_TEXT: Readonly<Record<OverallStatus, string>> = {
  operational: 'All systems operational',
  degraded: 'Some systems degraded',
  major_outage: 'Major outage',
};

const SERVICE_TEXT: Readonly<Record<ServiceStatus, string>> = {
  operational: 'Operational',
  degraded: 'Degraded',
  outage: 'Outage',
  unknown: 'No recent data',
};

const DAY_TEXT: Readonly<Record<DayStatus, string>> = {
  operational: 'operational',
  degraded: 'degraded',
  outage: 'outage',
  no_data: 'no data',
};

/** Days shown on a narrow screen, where 90 bars would be slivers. */
const NARROW_DAYS = 30;

/** Status classes map to colours; every colour pair keeps a 4.5:1 contrast. */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
main{max-width:42rem;margin:0 auto;padding:1rem}
h1{font-size:1.25rem;margin:.5rem 0 1rem}
h2{font-size:1.05rem;margin:1.5rem 0 .5rem}
.banner{border-radius:.5rem;padding:1rem;color:#fff;font-weight:600;font-size:1.15rem}
.banner.operational{background:#1a7f37}.banner.degraded{background:#9a6700}.banner.major_outage{background:#cf222e}
.stale{margin:.75rem 0 0;padding:.5rem .75rem;border-radius:.5rem;background:#fff8c5;border:1px solid #d4a72c}
ul{list-style:none;margin:0;padding:0}
.card{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 .5rem}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.25rem .75rem}
.name{font-weight:600}
.pill{display:inline-block;border-radius:1rem;padding:0 .6rem;font-size:.875rem;font-weight:600;white-space:nowrap}
.operational .pill,.pill.operational{background:#dafbe1;color:#116329}
.degraded .pill,.pill.degraded{background:#fff8c5;color:#7d4e00}
.outage .pill,.pill.outage{background:#ffebe9;color:#a40e26}
.unknown .pill,.pill.unknown{background:#eaeef2;color:#424a53}
.meta{color:#57606a;font-size:.875rem;margin:.25rem 0 0;overflow-wrap:anywhere}
.summary{margin:.25rem 0 0;overflow-wrap:anywhere}
footer{color:#57606a;font-size:.875rem;margin:1.5rem 0 1rem}
a{color:#0969da}
.banner.unknown{background:#57606a}
.ongoing{border-left:.35rem solid #cf222e}
.bars{display:flex;gap:1px;height:2rem;margin:.5rem 0 .25rem}
.bar{flex:1 1 0;min-width:0;border-radius:1px}
.bar.operational{background:#2da44e}.bar.degraded{background:#d4a72c}.bar.outage{background:#cf222e}.bar.no_data{background:#d0d7de}
.axis{display:flex;justify-content:space-between;color:#57606a;font-size:.8125rem}
.axis .narrow{display:none}
@media (max-width:${NARROW_DAYS * 20}px){.bar:nth-child(-n+${HISTORY_DAYS - NARROW_DAYS}){display:none}.axis .wide{display:none}.axis .narrow{display:inline}}
`;

/** The status page: one self-contained document, no scripts, no external assets. */
export function renderHtml(s: StatusSnapshot): string {
  const ongoing = s.incidents.filter((i) => i.ongoing);
  const resolved = s.incidents.filter((i) => !i.ongoing);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>${e(s.site)} status</title>
<link rel="alternate" type="application/atom+xml" title="${e(s.site)} incidents" href="${FEED_PATH}">
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${e(s.site)} status</h1>
${renderBanner(s)}
${s.stale ? `<p class="stale">Status data could not be refreshed; showing the last known state from ${e(formatTime(s.last_updated))}.</p>` : ''}
${ongoing.length === 0 ? '' : `<h2>Ongoing incidents</h2>\n<ul>\n${ongoing.map(renderIncident).join('\n')}\n</ul>`}
<h2>Services</h2>
<ul>
${SERVICES.map(({ id }) => renderService(id, s.services[id])).join('\n')}
</ul>
<h2>Resolved incidents in the last 7 days</h2>
${resolved.length === 0 ? '<p class="card">No resolved incidents in the last 7 days.</p>' : `<ul>\n${resolved.map(renderIncident).join('\n')}\n</ul>`}
<footer>Last updated ${e(formatTime(s.last_updated))} · Uptime is the share of passed health checks (one per minute); a day is green from ${OPERATIONAL_FROM}%, yellow from ${DEGRADED_FROM}%, red below, grey without checks. · <a href="/status.json">JSON</a> · <a href="${FEED_PATH}">Atom feed</a></footer>
</main>
</body>
</html>
`;
}

/**
 * The overall state; before the health check has ever reported (every service unknown, no day
 * with checks), it says so instead of "degraded".
 */
function renderBanner(s: StatusSnapshot): string {
  const services = Object.values(s.services);
  const noData = services.every((svc) => svc.status === 'unknown' && svc.history.every((d) => d.uptime === null));
  const [css, text] = noData ? ['unknown', 'No health data yet'] : [s.status, OVERALL_TEXT[s.status]];
  return `<div class="banner ${e(css)}" role="status" data-testid="overall">${e(text)}</div>`;
}

function renderService(id: string, svc: ServiceReport): string {
  const days = svc.history.length;
  return `<li class="card ${e(svc.status)}" data-service="${e(id)}">
<div class="row"><span class="name">${e(svc.name)}</span><span class="pill">${e(SERVICE_TEXT[svc.status])}</span></div>
<div class="bars" role="img" aria-label="${e(`${svc.name}, uptime per day over the last ${days} days`)}">${svc.history.map(renderDay).join('')}</div>
<div class="axis"><span><span class="wide">${days} days ago</span><span class="narrow">${NARROW_DAYS} days ago</span></span><span>Today</span></div>
<p class="meta">Uptime: 24 hours ${e(formatUptime(svc.uptime['24h']))} · 30 days ${e(formatUptime(svc.uptime['30d']))} · 90 days ${e(formatUptime(svc.uptime['90d']))}</p>
</li>`;
}

function renderDay(d: DayBar): string {
  const text = d.uptime === null ? DAY_TEXT[d.status] : `${formatUptime(d.uptime)}, ${DAY_TEXT[d.status]}`;
  return `<span class="bar ${e(d.status)}" title="${e(`${d.date}: ${text}`)}"></span>`;
}

function renderIncident(i: Incident): string {
  const when = i.ongoing
    ? `Since ${formatTime(i.start)}`
    : i.started_before_window
      ? `Began before ${formatTime(i.start)}, resolved ${formatTime(i.end ?? i.start)}`
      : `${formatTime(i.start)} to ${formatTime(i.end ?? i.start)} (${formatDuration(i.start, i.end ?? i.start)})`;
  return `<li class="card${i.ongoing ? ' ongoing' : ''}" id="incident-${e(i.id)}">
<div class="row"><span class="name">${e(i.title)}</span><span class="pill ${i.ongoing ? 'outage' : 'operational'}">${i.ongoing ? 'Ongoing' : 'Resolved'}</span></div>
<p class="summary">${e(i.summary)}</p>
<p class="meta">${e(when)}</p>
</li>`;
}

/** Two decimals, rounded down so that anything short of 100% never reads as 100.00%. */
export function formatUptime(percent: number | null): string {
  return percent === null ? 'no data' : `${(Math.floor(percent * 100 + 1e-6) / 100).toFixed(2)}%`;
}

/** "2030-01-02 03:04 UTC": unambiguous for readers in any time zone. */
function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function formatDuration(startIso: string, endIso: string): string {
  const minutes = Math.max(1, Math.round((Date.parse(endIso) - Date.parse(startIso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}
