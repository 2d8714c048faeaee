// XML for the AWS surfaces that answer in it (S3, STS): documents are small, so a tiny element
// helper builds them, escaping all text.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML; control characters (legal in S3 keys) become character references. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"'\x00-\x08\x0b-\x1f\x7f]/g,
    (c) => ENTITIES[c] ?? `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`,
  );
}

export type Child = string | false | undefined | null;

/** An element: a primitive is escaped as its text; an array holds already-built child elements. */
export function el(name: string, content: string | number | boolean | Child[] | undefined | null): string {
  if (content === undefined || content === null) return '';
  const inner = Array.isArray(content) ? content.filter(Boolean).join('') : escapeXml(String(content));
  return `<${name}>${inner}</${name}>`;
}
