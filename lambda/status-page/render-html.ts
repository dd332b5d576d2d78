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
`;

/** The status page: one self-contained document, no scripts, no external assets. */
export function renderHtml(s: StatusSnapshot): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>${e(s.site)} status</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${e(s.site)} status</h1>
<div class="banner ${e(s.status)}" role="status" data-testid="overall">${e(OVERALL_TEXT[s.status])}</div>
${s.stale ? `<p class="stale">Status data could not be refreshed; showing the last known state from ${e(formatTime(s.last_updated))}.</p>` : ''}
<h2>Services</h2>
<ul>
${SERVICES.map(({ id }) => renderService(id, s.services[id])).join('\n')}
</ul>
<h2>Incidents in the last 7 days</h2>
${s.incidents.length === 0 ? '<p class="card">No incidents in the last 7 days.</p>' : `<ul>\n${s.incidents.map(renderIncident).join('\n')}\n</ul>`}
<footer>Last updated ${e(formatTime(s.last_updated))} · Uptime is the share of passed health checks (one per minute). · <a href="/status.json">JSON</a></footer>
</main>
</body>
</html>
`;
}

function renderService(id: string, svc: ServiceReport): string {
  return `<li class="card ${e(svc.status)}" data-service="${e(id)}">
<div class="row"><span class="name">${e(svc.name)}</span><span class="pill">${e(SERVICE_TEXT[svc.status])}</span></div>
<p class="meta">Uptime: 24 hours ${e(formatUptime(svc.uptime['24h']))} · 30 days ${e(formatUptime(svc.uptime['30d']))}</p>
</li>`;
}

function renderIncident(i: Incident): string {
  const when = i.ongoing
    ? `Since ${formatTime(i.start)}`
    : i.started_before_window
      ? `Began before ${formatTime(i.start)}, resolved ${formatTime(i.end ?? i.start)}`
      : `${formatTime(i.start)} to ${formatTime(i.end ?? i.start)} (${formatDuration(i.start, i.end ?? i.start)})`;
  return `<li class="card">
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
