import { mkdirSync } from "node:fs";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// wrangler.toml serves the built dashboard from here; the Worker tests do not need it built.
mkdirSync("dist/client", { recursive: true });

// A fixed test key, so nothing depends on a developer's .dev.vars.
const TEST_CREDENTIALS_KEYS = `test1:${Buffer.alloc(32, 7).toString("base64")}`;

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            CREDENTIALS_KEYS: TEST_CREDENTIALS_KEYS,
            ENVIRONMENT: "test",
            ALLOW_CUSTOM_BASE_URLS: "true",
            OIDC_ISSUER: inject<string>("oidcIssuer"),
            OIDC_AUDIENCE: "edgedock-test",
            FAKE_URLS: JSON.stringify(inject<Record<string, string>>("fakeUrls")),
            TEST_OIDC_PRIVATE_JWK: inject<string>("oidcPrivateJwk"),
          },
        },
      })),
    ],
    test: {
      globalSetup: ["./test/global-setup.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      include: ["{worker,adapters,durable-objects,shared,test}/**/*.test.ts"],
      testTimeout: 30_000,
    },
  };
});
