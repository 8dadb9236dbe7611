import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** JSON map of provider id → base URL of its fake, started by test/global-setup.ts. */
      FAKE_URLS: string;
      TEST_OIDC_PRIVATE_JWK: string;
    }
  }
}
export {};
