/**
 * `npm run sim`: every provider fake on a fixed loopback port, each with a ready-made token, so a dock
 * created in the dashboard (`npm start`) with that base URL syncs against it end to end.
 */
import { startFake } from "../test/fake-servers";
import { simFakes } from "../test/sim-fakes";

const basePort = Number(process.env.SIM_PORT ?? 8790);
const fakes = await simFakes();
const running = await Promise.all(fakes.map((fake, i) => startFake(fake.provider, fake.app, basePort + i).then((r) => ({ ...r, token: fake.token, baseUrl: r.url + fake.apiPath }))));

console.log("Provider fakes are running. Connect a dock with these values:\n");
for (const fake of running) {
  console.log(`  ${fake.provider.padEnd(14)} base URL ${fake.baseUrl}   token ${fake.token}`);
}
console.log("\nControl each fake under <base URL>/_fake/* (state, tokens, faults). Ctrl-C stops them.");

const stop = async () => {
  await Promise.all(running.map((r) => r.close()));
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
