import { readFileSync } from "node:fs";
import path from "node:path";
import { Deployment } from "kubernetes-models/apps/v1";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Namespace, Secret, Service } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseEnv } from "../../src/env";

const folder = "deploy/kubernetes";
const kustomization = parse(readFileSync(path.join(folder, "kustomization.yaml"), "utf8")) as { resources: string[] };
const manifests = kustomization.resources.map((file) => parse(readFileSync(path.join(folder, file), "utf8")) as { apiVersion: string; kind: string } & Record<string, unknown>);
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/Namespace": Namespace,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "networking.k8s.io/v1/Ingress": Ingress,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
};
const manifest = <T>(kind: string) => manifests.find((entry) => entry.kind === kind) as unknown as T;

describe("deploy/kubernetes", () => {
  it("is valid against Kubernetes' own schemas, every resource the kustomization lists", () => {
    // The schemas do refuse: a Deployment without its selector and template is not one.
    expect(() => new Deployment({ metadata: { name: "x" }, spec: {} } as never).validate()).toThrow();
    expect(manifests.map((entry) => entry.kind).sort()).toEqual(["ConfigMap", "Deployment", "Ingress", "Namespace", "PodDisruptionBudget", "Secret", "Service"]);
    for (const entry of manifests) {
      const Model = MODELS[`${entry.apiVersion}/${entry.kind}`];
      expect(Model, `${entry.apiVersion} ${entry.kind}`).toBeDefined();
      expect(() => new Model!(entry as never).validate(), `${entry.kind} is invalid`).not.toThrow();
    }
  });

  it("runs the app as replicas with probes, a grace period longer than the drain, and requests", () => {
    const deployment = new Deployment(manifest("Deployment"));
    const config = manifest<ConfigMap>("ConfigMap").data!;
    const pod = deployment.spec!.template.spec!;
    const [app] = pod.containers;
    expect(deployment.spec!.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec!.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
    expect(app!.livenessProbe?.httpGet?.path).toBe("/api/health/live");
    expect(app!.readinessProbe?.httpGet?.path).toBe("/api/health/ready");
    expect(app!.startupProbe?.httpGet?.path).toBe("/api/health/live");
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(Number(config.SHUTDOWN_DRAIN_SECONDS) + 10);
    expect(app!.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(app!.ports?.find((port) => port.name === "metrics")?.containerPort).toBe(Number(config.METRICS_PORT));
    expect(app!.envFrom?.map((source) => source.configMapRef?.name ?? source.secretRef?.name)).toEqual(["confab", "confab"]);
  });

  it("holds settings Confab reads, valid as Confab reads them", () => {
    const settings = { ...manifest<ConfigMap>("ConfigMap").data, ...manifest<Secret>("Secret").stringData };
    const parsed = parseEnv(settings) as unknown as Record<string, unknown>;
    // PUBLIC_URL is read as publicUrl; every other setting keeps its name.
    expect(Object.keys(settings).filter((key) => !(key in parsed) && key !== "PUBLIC_URL")).toEqual([]);
    expect(parsed.publicUrl).toBe(settings.PUBLIC_URL);
    // Several pods share no disk: files must go to S3-compatible storage, events and presence through Redis.
    expect(parsed).toMatchObject({ S3_BUCKET: expect.any(String), REDIS_URL: expect.stringMatching(/^redis:/), TRUST_PROXY: true, NODE_ENV: "production" });
  });

  it("serves HTTPS through the ingress with WebSockets held open", () => {
    const ingress = new Ingress(manifest("Ingress"));
    expect(ingress.spec!.tls?.[0]?.hosts).toEqual([ingress.spec!.rules![0]!.host]);
    const annotations = ingress.metadata!.annotations!;
    expect(Number(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"])).toBeGreaterThanOrEqual(3600);
    expect(Number(annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"])).toBeGreaterThanOrEqual(3600);
    expect(ingress.spec!.rules![0]!.http!.paths[0]!.backend.service?.name).toBe(manifest<Service>("Service").metadata!.name);
  });
});
