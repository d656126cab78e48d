/**
 * Markdown (CommonMark with GitHub's extensions) for text a user typed.
 *
 * `markdownText` writes a value as inline text: every ASCII punctuation
 * character that Markdown gives a meaning to is backslash-escaped
 * (https://spec.commonmark.org/0.31.2/#backslash-escapes), line breaks
 * become spaces (a line break could start a heading, a list, a table row
 * or a link reference definition), and control characters become U+FFFD,
 * as CommonMark does with NUL. No value becomes a link, an image, HTML, a
 * heading or a table cell: `[x](javascript:alert(1))` stays those
 * characters. `markdownCode` writes a code span, `markdownLink` a link only
 * for an http(s) URL.
 */

const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;
const CONTROLS =
  // eslint-disable-next-line no-control-regex -- these are the characters it finds
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;
/** Bidirectional controls are kept, as visible character references. */
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** GitHub autolinks `www.`, `http://` and e-mail addresses, so `.`, `:` and `@` are escaped too. */
const PUNCTUATION = /[\\`*_{}[\]<>()#+\-.!|~:&@^"=$%]/g;

function normalise(value: string) {
  return value
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROLS, '\ufffd')
    .replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd',
    );
}

/** Inline Markdown text that renders as exactly the characters of `value` (line breaks as spaces). */
export function markdownText(value: string): string {
  return normalise(value)
    .replace(PUNCTUATION, '\\$&')
    .replace(BIDI, ch => `&#x${ch.codePointAt(0)!.toString(16)};`);
}

/**
 * A code span holding `value` (line breaks as spaces). Not for table cells:
 * GitHub splits a table row at `|` even inside a code span.
 */
export function markdownCode(value: string): string {
  const text = normalise(value).replace(BIDI, '\ufffd');
  // An empty code span cannot be written; one space is the closest.
  if (text === '') return '` `';
  const longestRun = Math.max(
    0,
    ...(text.match(/`+/g) ?? []).map(run => run.length),
  );
  const fence = '`'.repeat(longestRun + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** The URL when it is an absolute http or https URL, otherwise undefined. */
export function httpUrl(value: string): URL | undefined {
  if (!/^https?:\/\//i.test(value)) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? url
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A link to `url` labelled `text` when `url` is an absolute http(s) URL;
 * otherwise the text followed by the URL as code, so no other scheme
 * (`javascript:`, `data:`, `file:`) becomes a link.
 */
export function markdownLink(url: string, text: string): string {
  const parsed = httpUrl(url);
  if (!parsed) return `${markdownText(text)} (${markdownCode(url)})`;
  // WHATWG serialisation percent-encodes spaces, quotes and angle brackets;
  // parentheses are encoded so that the destination cannot end early.
  const href = parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${markdownText(text)}](${href})`;
}
