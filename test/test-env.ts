import type { D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";

/** Bindings only the test configuration (vitest.config.ts) adds; kept out of the Worker's own Env type. */
export interface TestBindings {
  TEST_MIGRATIONS: D1Migration[];
  /** JSON map of provider id → base URL of its fake, started by test/global-setup.ts. */
  FAKE_URLS: string;
  TEST_OIDC_PRIVATE_JWK: string;
}

export const testEnv = env as Env & TestBindings;
