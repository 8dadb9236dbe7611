import { controlOk, randomHex } from "../test-kit";
import type { ProviderTestKit } from "../test-kit";
import { createGithubFake, initialState } from "./fake";
import error401 from "./fixtures/error-401.json";
import { PER_PAGE } from "./listers";

/** The fake is one GitHub user; every token it accepts is that user's. */
/** Every fine-grained permission the adapter reads with (environments need Actions, releases Contents). */
const READ_PERMISSIONS = ["metadata=read", "deployments=read", "actions=read", "contents=read"];

export const testKit: ProviderTestKit = {
  createFake: () => createGithubFake(initialState()),
  apiPath: "",
  simToken: "ghp_edgedock_simulated_token_000000000000",
  newToken: () => `ghp_${randomHex(36)}`,
  credentials: (token) => ({ token }),
  register: (control, token) => controlOk(control, "POST", "/_fake/tokens", { token }),
  registerWithout: (control, token, withheld) => controlOk(control, "POST", "/_fake/tokens", { token, scopes: READ_PERMISSIONS.filter((p) => !withheld.includes(p)) }),
  seed: {
    repository: (control, _token, count) => controlOk(control, "POST", "/_fake/repos/generate", { count }),
    // Nested kinds go under the example repository octocat/Hello-World, all within their windows.
    deployment: (control, _token, count) => controlOk(control, "POST", "/_fake/deployments/generate", { count }),
    workflow_run: (control, _token, count) => controlOk(control, "POST", "/_fake/runs/generate", { count }),
  },
  maxPageSize: { repository: PER_PAGE, deployment: PER_PAGE, workflow_run: PER_PAGE },
  listPath: { repository: "/user/repos", deployment: "/repos/octocat/Hello-World/deployments", workflow_run: "/repos/octocat/Hello-World/actions/runs" },
  rejectedMessage: error401.message,
};
