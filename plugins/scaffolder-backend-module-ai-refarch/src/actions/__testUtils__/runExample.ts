import yaml from 'yaml';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';

type Step = { action: string; input: any; each?: string };

/** The step of a documented example that calls `action`. */
function exampleStep(
  action: Pick<TemplateAction<any, any, any>, 'id' | 'examples'>,
  index: number,
): Step {
  const example = action.examples?.[index];
  if (!example) throw new Error(`${action.id} has no example ${index}`);
  const step = (yaml.parse(example.example).steps as Step[]).find(
    s => s.action === action.id,
  );
  if (!step) {
    throw new Error(`example ${index} of ${action.id} has no step calling it`);
  }
  return step;
}

/**
 * The input of a documented example's step, for a test that varies it: the
 * tests start from the examples rather than from copies of them.
 */
export function exampleInput(
  action: Pick<TemplateAction<any, any, any>, 'id' | 'examples'>,
  index = 0,
): any {
  return exampleStep(action, index).input;
}

/**
 * Runs the step of a documented example that calls `action`, with the
 * example's own input, as a template would; `parameters` stands in for the
 * form values the example refers to (`${{ parameters.x }}`). Returns what
 * the action output, by name.
 */
export async function runExample(
  action: TemplateAction<any, any, any>,
  index: number,
  options: {
    parameters?: Record<string, unknown>;
    workspacePath?: string;
  } = {},
): Promise<Record<string, any>> {
  const step = exampleStep(action, index);
  const parameter = (value: string) => {
    const reference = /^\$\{\{ parameters\.([A-Za-z]+) \}\}$/.exec(value);
    if (!reference) return undefined;
    if (!(reference[1] in (options.parameters ?? {}))) {
      throw new Error(`the example needs parameters.${reference[1]}`);
    }
    return { value: options.parameters![reference[1]] };
  };
  // A step with `each` runs once per item, its outputs collected in arrays
  // in order, as the scaffolder's workflow runner does.
  const items = step.each
    ? (parameter(step.each)?.value as unknown[])
    : [undefined];
  const outputs: Record<string, any> = {};
  for (const item of items) {
    const input = JSON.parse(JSON.stringify(step.input), (_key, value) => {
      if (typeof value !== 'string') return value;
      if (step.each && value === '${{ each.value }}') return item;
      const reference = parameter(value);
      return reference ? reference.value : value;
    });
    const ctx = createMockActionContext({
      input,
      ...(options.workspacePath
        ? { workspacePath: options.workspacePath }
        : {}),
    });
    await action.handler(ctx as never);
    for (const [name, value] of (ctx.output as jest.Mock).mock.calls) {
      if (step.each) (outputs[name] ??= []).push(value);
      else outputs[name] = value;
    }
  }
  return outputs;
}
