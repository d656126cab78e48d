import { LinkButton } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import { Button, Tooltip } from '@material-ui/core';
import {
  AIModelEntityV1alpha1,
  aiModelRollbackPermission,
} from '@ai-refarch/plugin-ai-model-common';
import { aiModelTranslationRef } from '../../translation';

/** The golden path that opens the rollback change (templates/model-rollback). */
export const ROLLBACK_TEMPLATE = '/create/templates/default/model-rollback';

/**
 * "Roll back to <rollbackVersion>": opens the rollback golden path with the
 * service and model filled in. Shown only where the model keeps a version to
 * roll back to; disabled, with the reason, where the registry records no
 * weights for it or the user may not roll the service back (the
 * `ai-model.rollback` permission, on the service).
 */
export function RollbackButton(props: {
  /** The serving Component's entity ref. */
  service: string;
  model: AIModelEntityV1alpha1;
  /** What the button names, where there are several: a server, or a model. */
  subject?: string;
}) {
  const { service, model, subject } = props;
  const { t } = useTranslationRef(aiModelTranslationRef);
  const { allowed, loading } = usePermission({
    permission: aiModelRollbackPermission,
    resourceRef: service,
  });
  const version = model.spec.rollbackVersion;
  if (!version || loading) return null;
  const serviceName = service.replace(/^[^:]*:(default\/)?/, '');
  const label = subject
    ? t('rollback.buttonOf', { version, subject })
    : t('rollback.button', { version });
  let reason: string | undefined;
  if (!model.spec.rollbackArtifact) {
    reason = t('rollback.noArtifact', { version });
  } else if (!allowed) {
    reason = t('rollback.notAllowed', { service: serviceName });
  }
  if (reason) {
    return (
      <Tooltip title={reason}>
        {/* A disabled button fires no events: the span shows the reason. */}
        <span>
          <Button variant="outlined" color="secondary" disabled>
            {label}
          </Button>
        </span>
      </Tooltip>
    );
  }
  const formData = JSON.stringify({
    service,
    model: stringifyEntityRef(model),
  });
  return (
    <LinkButton
      variant="outlined"
      color="secondary"
      to={`${ROLLBACK_TEMPLATE}?formData=${encodeURIComponent(formData)}`}
    >
      {label}
    </LinkButton>
  );
}
