import { FEED_PATH, renderAtom } from '../../../lambda/status-page/feed';
import { StatusSnapshot } from '../../../lambda/status-page/model';
import { escapeXml } from '../../../lambda/status-page/xml-escape';
import { incident } from './fixtures';

const base: StatusSnapshot = {
  site: 'Flashcard LMS',
  environment: 'production',
  status: 'operational',
  services: {} as StatusSnapshot['services'],
  incidents: [],
  last_updated: '2030-01-08T12:00:30.000Z',
  stale: false,
};

test('an Atom feed: one id, title, updated and author, self and page links, one entry per incident', () => {
  const feed = renderAtom(
    {
      ...base,
      incidents: [
        incident({ id: 'db-20300108T113030Z', title: 'Data unavailable', summary: 'Cards cannot be saved.', start: '2030-01-08T11:30:30.000Z', end: null, ongoing: true }),
        incident({}),
        incident({
          id: 'r-until-20300102T120030Z',
          title: 'Slow',
          summary: 'Pages load slowly.',
          start: '2030-01-01T12:00:30.000Z',
          end: '2030-01-02T12:00:30.000Z',
          started_before_window: true,
        }),
      ],
    },
    'https://status.example.com',
  );
  expect(FEED_PATH).toBe('/feed.atom');
  expect(feed).toBe(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<id>https://status.example.com/feed.atom</id>
<title>Flashcard LMS status: incidents</title>
<subtitle>Incidents of the last 7 days, newest first.</subtitle>
<updated>2030-01-08T11:30:30.000Z</updated>
<author><name>Flashcard LMS</name></author>
<link rel="self" type="application/atom+xml" href="https://status.example.com/feed.atom"/>
<link rel="alternate" type="text/html" href="https://status.example.com/"/>
<entry>
<id>https://status.example.com/#incident-db-20300108T113030Z</id>
<title>Ongoing: Data unavailable</title>
<published>2030-01-08T11:30:30.000Z</published>
<updated>2030-01-08T11:30:30.000Z</updated>
<link rel="alternate" type="text/html" href="https://status.example.com/#incident-db-20300108T113030Z"/>
<summary>Cards cannot be saved. Since 2030-01-08T11:30:30.000Z.</summary>
</entry>
<entry>
<id>https://status.example.com/#incident-abc-20300105T120030Z</id>
<title>Resolved: Elevated API errors</title>
<published>2030-01-05T12:00:30.000Z</published>
<updated>2030-01-05T12:42:30.000Z</updated>
<link rel="alternate" type="text/html" href="https://status.example.com/#incident-abc-20300105T120030Z"/>
<summary>Some requests fail. From 2030-01-05T12:00:30.000Z to 2030-01-05T12:42:30.000Z.</summary>
</entry>
<entry>
<id>https://status.example.com/#incident-r-until-20300102T120030Z</id>
<title>Resolved: Slow</title>
<published>2030-01-01T12:00:30.000Z</published>
<updated>2030-01-02T12:00:30.000Z</updated>
<link rel="alternate" type="text/html" href="https://status.example.com/#incident-r-until-20300102T120030Z"/>
<summary>Pages load slowly. Began before 2030-01-01T12:00:30.000Z, resolved 2030-01-02T12:00:30.000Z.</summary>
</entry>
</feed>
`);
});

test('the feed is as new as its newest change: a resolution later than the newest start wins', () => {
  const feed = renderAtom(
    {
      ...base,
      incidents: [
        incident({ end: '2030-01-07T09:00:00.000Z' }),
        incident({ start: '2030-01-07T00:00:00.000Z', end: null, ongoing: true }),
        incident({ end: '2030-01-06T05:00:00.000Z' }),
      ],
    },
    'https://s.example.com',
  );
  expect(feed).toContain('<author><name>Flashcard LMS</name></author>\n<link rel="self"');
  expect(feed.split('\n')[5]).toBe('<updated>2030-01-07T09:00:00.000Z</updated>');
});

test('without incidents: no entries, updated is the time of the data', () => {
  const feed = renderAtom(base, 'https://status.example.com');
  expect(feed).not.toContain('<entry>');
  expect(feed).toContain('<updated>2030-01-08T12:00:30.000Z</updated>');
  expect(feed.endsWith('href="https://status.example.com/"/>\n</feed>\n')).toBe(true);
});

test('text from configuration is escaped, in content and in attributes', () => {
  const feed = renderAtom(
    { ...base, site: 'Cards & <Co> "x" \'y\'', incidents: [incident({ title: '<script>', summary: 'a & b ]]> c' })] },
    'https://status.example.com/?a=1&b="2"',
  );
  expect(feed).toContain('<title>Cards &amp; &lt;Co&gt; &quot;x&quot; &apos;y&apos; status: incidents</title>');
  expect(feed).toContain('<title>Resolved: &lt;script&gt;</title>');
  expect(feed).toContain('<summary>a &amp; b ]]&gt; c From');
  expect(feed).toContain('href="https://status.example.com/?a=1&amp;b=&quot;2&quot;/feed.atom"');
  expect(feed).not.toContain('<script>');
});

describe('escapeXml', () => {
  test.each([
    ['plain', 'plain'],
    ['&<>"\'', '&amp;&lt;&gt;&quot;&apos;'],
    ['tab\tnewline\ncr\r', 'tab\tnewline\ncr\r'],
    ['nul\u0000bell\u0007esc\u001bdel-ok\u007f', 'nulbellescdel-ok\u007f'],
    ['\u{1F600} é 漢 \uE000 \uFFFD', '\u{1F600} é 漢 \uE000 \uFFFD'],
    ['lone \uD800 surrogate \uDFFF', 'lone  surrogate '],
    ['not characters \uFFFE\uFFFF', 'not characters '],
    ['\u0019\u0020\uD7FF', ' \uD7FF'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeXml(input)).toBe(expected);
  });
});
