import { longestIntervalHours } from './cron';
import { parse as parseHcl } from '@cdktf/hcl2json';
import MarkdownIt from 'markdown-it';
import { execFileSync } from 'node:child_process';
import { HOSTILE_VALUES } from '@internal/test-kit';
import { hclString, literalOfHclJson } from './hcl';
import { httpUrl, markdownCode, markdownLink, markdownText } from './markdown';
import { shellArg } from './shell';

const strings = HOSTILE_VALUES.filter(
  (h): h is { name: string; value: string } => typeof h.value === 'string',
).map(h => [h.name, h.value] as const);

/** GitHub-flavoured enough: tables, autolinks, raw HTML. */
const md = new MarkdownIt({ html: true, linkify: true });

function inlineTokens(markdown: string) {
  const blocks = md.parse(markdown, {});
  return {
    blocks: blocks.map(t => t.type),
    inline: blocks.flatMap(t => t.children ?? []),
  };
}

describe('hclString', () => {
  it.each(strings)(
    'keeps %s one literal string holding exactly the value',
    async (_name, value) => {
      const json = await parseHcl(
        'x.tf',
        `locals {\n  v = ${hclString(value)}\n  after = "after"\n}\n`,
      );
      expect(Object.keys(json)).toEqual(['locals']);
      expect(Object.keys(json.locals[0]).sort()).toEqual(['after', 'v']);
      // hcl2json writes strings in Terraform's JSON syntax: `${` would be an interpolation.
      // Lone surrogates and NUL aside, the value comes back exactly.
      expect(literalOfHclJson(json.locals[0].v)).toBe(value);
    },
  );

  it('writes invisible characters as escapes', () => {
    expect(hclString('a\u202Eb\u0000')).toBe('"a\\u202Eb\\u0000"');
    expect(hclString('${x} %{y}')).toBe('"$${x} %%{y}"');
  });

  it('tells interpolations from literals in Terraform JSON strings', () => {
    expect(literalOfHclJson('a $${b}')).toBe('a ${b}');
    expect(literalOfHclJson('a ${b}')).toBeUndefined();
    expect(literalOfHclJson('%{ if x }')).toBeUndefined();
  });
});

describe('markdownText', () => {
  it.each(strings)('renders %s as one paragraph of plain text', (_n, value) => {
    const { blocks, inline } = inlineTokens(
      `Before ${markdownText(value)} after`,
    );
    expect(blocks).toEqual(['paragraph_open', 'inline', 'paragraph_close']);
    expect(
      inline.map(t => t.type).filter(t => t !== 'text' && t !== 'softbreak'),
    ).toEqual([]);
  });

  it('shows the characters the user typed', () => {
    const html = md.renderInline(markdownText('[x](javascript:alert(1)) <b>'));
    expect(html).toBe('[x](javascript:alert(1)) &lt;b&gt;');
  });

  it('stays inside a table cell', () => {
    const table = `| a | b |\n|---|---|\n| ${markdownText(
      'x | y\n| z',
    )} | 2 |\n`;
    const tokens = md.parse(table, {});
    expect(tokens.filter(t => t.type === 'td_open')).toHaveLength(2);
  });
});

describe('markdownCode', () => {
  it.each(strings)('keeps %s inside one code span', (_n, value) => {
    const { blocks, inline } = inlineTokens(
      `Before ${markdownCode(value)} after`,
    );
    expect(blocks).toEqual(['paragraph_open', 'inline', 'paragraph_close']);
    expect(inline.map(t => t.type)).toEqual(['text', 'code_inline', 'text']);
  });

  it('fences values that hold backticks', () => {
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`a')).toBe('`` `a ``');
  });
});

describe('markdownLink', () => {
  it('links http(s) URLs only', () => {
    expect(markdownLink('https://hf.co/x (y)', 'weights')).toBe(
      '[weights](https://hf.co/x%20%28y%29)',
    );
    for (const url of [
      // eslint-disable-next-line no-script-url -- the hostile input under test
      'javascript:alert(1)',
      // eslint-disable-next-line no-script-url -- the hostile input under test
      'JAVASCRIPT:alert(1)',
      ' https://x',
      'data:text/html,x',
      'hf://meta/llama',
      'file:///etc/passwd',
    ]) {
      expect(httpUrl(url)).toBeUndefined();
      const { inline } = inlineTokens(markdownLink(url, 'x'));
      expect(inline.filter(t => t.type === 'link_open')).toEqual([]);
    }
  });

  it.each(strings)('makes no link from the label %s', (_n, value) => {
    const { inline } = inlineTokens(
      markdownLink('https://example.com/', value),
    );
    expect(inline.filter(t => t.type === 'link_open')).toHaveLength(1);
  });
});

describe('shellArg', () => {
  it.each(strings.filter(([, v]) => !v.includes('\u0000')))(
    'reads back %s as one word',
    (_n, value) => {
      // The script goes through stdin: a 100 KB argument is too long for -c.
      const out = execFileSync('bash', ['-s'], {
        input: `printf '%s' ${shellArg(
          value,
        )} | base64 -w0; echo; set -- ${shellArg(value)}; echo $#\n`,
      }).toString();
      const [b64, count] = out.split('\n');
      expect(Buffer.from(b64, 'base64').toString()).toBe(value);
      expect(count).toBe('1');
      expect(shellArg(value)).not.toMatch(/[\n\r]/);
    },
  );
});

describe('longestIntervalHours', () => {
  it.each([
    ['@hourly', 1],
    ['0 */6 * * *', 6],
    ['0 2 * * *', 24],
    ['30 1 * * 0', 168],
    // Friday evening to Monday morning.
    ['0 9 * * 1-5', 72],
    ['@monthly', 744],
    // Kubernetes knows @midnight as @daily; the cron library does not.
    ['@midnight', 24],
    ['@yearly', 8760],
  ])('%s runs at most %d hours apart', (expression, hours) => {
    expect(longestIntervalHours(expression)).toBe(hours);
  });
});
