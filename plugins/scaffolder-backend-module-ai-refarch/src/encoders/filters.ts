import { createTemplateFilter } from '@backstage/plugin-scaffolder-node/alpha';
import type { JsonValue } from '@backstage/types';
import { hclString } from './hcl';
import { markdownCode, markdownLink, markdownText } from './markdown';
import { shellArg } from './shell';

/** A filter's input as text; an absent value is a template bug, not an empty string. */
function text(filter: string, value: JsonValue | undefined): string {
  if (value === undefined || value === null) {
    throw new Error(`${filter}: the value is ${value}`);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The encoders of the golden paths' skeletons, one per target language
 * (YAML uses the built-in `dump`). Every value a user typed reaches a
 * generated file through one of them.
 */
export const encoderFilters = [
  createTemplateFilter({
    id: 'hclString',
    description:
      'A Terraform quoted string literal holding exactly the value: quotes, backslashes and line breaks escaped, `${` and `%{` kept literal',
    examples: [{ example: 'name = ${{ values.name | hclString }}' }],
    filter: (value: JsonValue) => hclString(text('hclString', value)),
  }),
  createTemplateFilter({
    id: 'markdownText',
    description:
      'Inline Markdown text showing exactly the value: no link, HTML, heading or table cell can come from it',
    examples: [{ example: '${{ values.description | markdownText }}' }],
    filter: (value: JsonValue) => markdownText(text('markdownText', value)),
  }),
  createTemplateFilter({
    id: 'markdownCode',
    description: 'A Markdown code span holding the value (not in tables)',
    examples: [{ example: 'Owner ${{ values.owner | markdownCode }}' }],
    filter: (value: JsonValue) => markdownCode(text('markdownCode', value)),
  }),
  createTemplateFilter({
    id: 'markdownLink',
    description:
      'A Markdown link to the value when it is an http(s) URL, labelled with the argument; otherwise the label and the value as code',
    examples: [
      { example: "${{ values.model.weightsUri | markdownLink('weights') }}" },
    ],
    filter: (value: JsonValue, label: JsonValue) =>
      markdownLink(text('markdownLink', value), text('markdownLink', label)),
  }),
  createTemplateFilter({
    id: 'shellArg',
    description:
      'One POSIX shell word reading back as exactly the value, for commands a person copies from a README',
    examples: [
      {
        example: 'kubectl create namespace ${{ values.namespace | shellArg }}',
      },
    ],
    filter: (value: JsonValue) => shellArg(text('shellArg', value)),
  }),
];
