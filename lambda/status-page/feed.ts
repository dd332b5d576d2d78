import { Incident, StatusSnapshot } from './model';
import { escapeXml as x } from './xml-escape';

export const FEED_PATH = '/feed.atom';

/**
 * The incidents as an Atom feed (RFC 4287, "The Atom Syndication Format"): the feed and each
 * entry carry exactly one id, title and updated; the feed names an author, so entries need none;
 * every entry has an alternate link to its place on the page. Ids are permanent: an entry keeps
 * its id from the first alarm to the resolution, and its `updated` moves when it is resolved.
 */
export function renderAtom(s: StatusSnapshot, pageUrl: string): string {
  // ISO times in UTC sort as text; without incidents, the time of the data.
  const updated = s.incidents.map(entryUpdated).sort().at(-1) ?? s.last_updated;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<id>${x(pageUrl + FEED_PATH)}</id>
<title>${x(s.site)} status: incidents</title>
<subtitle>Incidents of the last 7 days, newest first.</subtitle>
<updated>${x(updated)}</updated>
<author><name>${x(s.site)}</name></author>
<link rel="self" type="application/atom+xml" href="${x(pageUrl + FEED_PATH)}"/>
<link rel="alternate" type="text/html" href="${x(pageUrl)}/"/>
${s.incidents.map((i) => renderEntry(i, pageUrl)).join('')}</feed>
`;
}

function renderEntry(i: Incident, pageUrl: string): string {
  const href = `${pageUrl}/#incident-${i.id}`;
  const state = i.ongoing ? 'Ongoing' : 'Resolved';
  const when = i.ongoing ? `Since ${i.start}.` : i.started_before_window ? `Began before ${i.start}, resolved ${i.end}.` : `From ${i.start} to ${i.end}.`;
  return `<entry>
<id>${x(href)}</id>
<title>${x(`${state}: ${i.title}`)}</title>
<published>${x(i.start)}</published>
<updated>${x(entryUpdated(i))}</updated>
<link rel="alternate" type="text/html" href="${x(href)}"/>
<summary>${x(`${i.summary} ${when}`)}</summary>
</entry>
`;
}

/** The last significant change: the resolution, or the start while ongoing. */
function entryUpdated(i: Incident): string {
  return i.end ?? i.start;
}
