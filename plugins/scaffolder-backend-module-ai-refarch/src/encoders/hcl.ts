/**
 * Terraform (HCL native syntax) quoted string literals.
 *
 * Inside a quoted string Terraform evaluates `${…}` interpolations and
 * `%{…}` directives, and reads `\n`, `\r`, `\t`, `\"`, `\\`, `\uNNNN` and
 * `\UNNNNNNNN` escapes; `$${` and `%%{` are the literal `${` and `%{`
 * (https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences).
 * `hclString` writes a literal that evaluates to exactly its input, so a
 * value can neither end the string nor start an expression.
 */

/** Characters written as `\u` escapes: controls, line and paragraph separators, bidirectional controls, BOM. */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- these are the characters it finds
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

const SIMPLE: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function hex(codePoint: number, digits: number) {
  return codePoint.toString(16).toUpperCase().padStart(digits, '0');
}

/** A quoted HCL string literal whose value is exactly `value`. */
export function hclString(value: string): string {
  let body = '';
  for (const ch of value) {
    const codePoint = ch.codePointAt(0)!;
    if (SIMPLE[ch]) body += SIMPLE[ch];
    else if (INVISIBLE.test(ch)) body += `\\u${hex(codePoint, 4)}`;
    // A lone surrogate cannot be written in UTF-8; HCL reads U+FFFD the same way.
    else if (codePoint >= 0xd800 && codePoint <= 0xdfff) body += '\\uFFFD';
    else body += ch;
  }
  // A function replacement: in a replacement string `$$` would mean `$`.
  const literal = body
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
  return `"${literal}"`;
}

/**
 * The value of a string as Terraform's JSON syntax writes it (what
 * `@cdktf/hcl2json` returns), or `undefined` when it holds an interpolation
 * or a directive: for tests that check a rendered file kept its values
 * literal.
 */
export function literalOfHclJson(template: string): string | undefined {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const pair = template.slice(i, i + 2);
    if (pair === '${' || pair === '%{') return undefined;
    const triple = template.slice(i, i + 3);
    if (triple === '$${' || triple === '%%{') {
      out += triple.slice(1);
      i += 2;
    } else {
      out += template[i];
    }
  }
  return out;
}
