/**
 * The AI Reference Architecture suite's permission policy: admins, and the
 * owners of an entity for its waivers and its removal.
 *
 * @packageDocumentation
 */
export { permissionModuleAiRefarchPolicy as default } from './module';
export { AiRefarchPermissionPolicy, readAdmins } from './policy';
