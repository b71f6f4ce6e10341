import { planSteps, renderedResources } from "../offline/plan";
import { readStackConfig, synthesize, toExport } from "../offline/synth";
describe("adhoc", () => {
    it("az reorder + vpc cidr", async () => {
        const base = toExport(await synthesize("prod")).deployment.resources;
        const { config, secretKeys } = readStackConfig("prod");
        const net = JSON.parse(config["tng:network"]);
        net.availabilityZones = [...net.availabilityZones].reverse();
        const r = await synthesize("prod", { config: { config: { ...config, "tng:network": JSON.stringify(net) }, secretKeys } });
        const steps = planSteps(base, renderedResources(r), { providerRegion: "ap-northeast-1" });
        for (const s of steps.filter((s) => s.op !== "same")) console.log(s.op, s.type, s.urn.split("::").pop(), s.keys.join(","));
        const net2 = JSON.parse(config["tng:network"]); net2.cidrBlock = "10.31.0.0/16";
        const r2 = await synthesize("prod", { config: { config: { ...config, "tng:network": JSON.stringify(net2) }, secretKeys } });
        const s2 = planSteps(base, renderedResources(r2), { providerRegion: "ap-northeast-1" });
        const c: Record<string, number> = {};
        for (const s of s2) c[s.op] = (c[s.op] ?? 0) + 1;
        console.log(c);
        for (const s of s2.filter((s) => s.op === "replace")) console.log("R", s.type, s.urn.split("::").pop(), s.replaceKeys?.join(","), s.cascadeFrom?.split("::").pop());
    });
});
