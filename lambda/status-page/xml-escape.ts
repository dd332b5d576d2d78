const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escapes text for XML content and quoted attributes, and drops the characters XML 1.0 does not
 * allow even escaped (controls other than tab, newline and carriage return, lone surrogates,
 * U+FFFE/U+FFFF: "Extensible Markup Language (XML) 1.0", section 2.2 Characters).
 */
export function escapeXml(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
