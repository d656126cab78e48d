import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * A mock context for `action` with raw input: template forms hand actions
 * unvalidated objects, so the tests do too.
 */
export function rawInputContext<A extends TemplateAction<any, any, any>>(
  _action: A,
  input: object,
  workspacePath?: string,
): Parameters<A['handler']>[0] {
  return createMockActionContext({
    input: input as never,
    ...(workspacePath ? { workspacePath } : {}),
  }) as unknown as Parameters<A['handler']>[0];
}
