import type { TestProject } from "vitest/node";
import { startAllFakes } from "./fake-servers";
import { startOidcIssuer } from "./oidc-issuer";

declare module "vitest" {
  export interface ProvidedContext {
    fakeUrls: Record<string, string>;
    oidcIssuer: string;
    oidcPrivateJwk: string;
  }
}

export default async function setup(project: TestProject) {
  const fakes = await startAllFakes();
  const oidc = await startOidcIssuer();
  project.provide("fakeUrls", Object.fromEntries(fakes.map((f) => [f.provider, f.url])));
  project.provide("oidcIssuer", oidc.issuer);
  project.provide("oidcPrivateJwk", oidc.privateJwk);
  return async () => {
    await Promise.all([...fakes.map((f) => f.close()), oidc.close()]);
  };
}
