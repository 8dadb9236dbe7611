/**
 * Compiled (never run) by `npm run check:openapi-client`, against the client types openapi-typescript
 * generates from the served document into the git-ignored `.generated/api.d.ts`. It proves the document is
 * consumable by an ordinary client generator, and that what it promises is what the API's own schemas say:
 * each assertion fails to compile if the generated type and the shared zod type drift apart.
 */
import type { ErrorEnvelope, Me } from "../shared/api";
import type { operations, paths } from "../.generated/api";

/** True only when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type JsonOf<R> = R extends { content: { "application/json": infer Body } } ? Body : never;

type MeFromDocument = JsonOf<paths["/api/me"]["get"]["responses"][200]>;
type NotSignedIn = JsonOf<operations["getMe"]["responses"][401]>;
type DockListQuery = NonNullable<operations["listDocks"]["parameters"]["query"]>;

export const meMatches: Same<MeFromDocument, Me> = true;
export const errorEnvelopeMatches: Same<NotSignedIn, ErrorEnvelope> = true;
// A path parameter and the page query every list takes, as a client would send them.
export const dockListCall: { path: operations["listDocks"]["parameters"]["path"]; query: DockListQuery } = {
  path: { orgId: "org_1" },
  query: { limit: 50, cursor: "abc" },
};
