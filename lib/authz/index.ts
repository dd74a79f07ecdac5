export { defineAbilityFor, type AppAbility } from "./ability";
export { accessibleWhere } from "./sql";
export { authorize, authorizeById, loadSubjectFields } from "./guard";
export { asSubject } from "./subjects";
export * from "./vocabulary";
export type { Principal, ScopedAssignment } from "./principal";
