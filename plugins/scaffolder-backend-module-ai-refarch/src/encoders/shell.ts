/**
 * POSIX shell words for commands written into generated READMEs and
 * runbooks. Commands that run are argument lists (Kubernetes `command` and
 * `args`); this is only for commands a person copies.
 */

const PLAIN = /^[A-Za-z0-9_./:=@%+,-]+$/;
const NEEDS_ANSI_C =
  // eslint-disable-next-line no-control-regex -- these are the characters it finds
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * One shell word that the shell reads back as exactly `value`: as is when
 * it holds only safe characters, in single quotes otherwise, and in
 * bash's `$'…'` quoting when it holds control characters (so a generated
 * command never spans lines).
 */
export function shellArg(value: string): string {
  if (PLAIN.test(value)) return value;
  if (!NEEDS_ANSI_C.test(value)) return `'${value.replace(/'/g, `'\\''`)}'`;
  let body = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === "'") body += `\\${ch}`;
    else if (NEEDS_ANSI_C.test(ch)) {
      body +=
        code <= 0xff
          ? `\\x${code.toString(16).padStart(2, '0')}`
          : `\\u${code.toString(16).padStart(4, '0')}`;
    } else body += ch;
  }
  return `$'${body}'`;
}
