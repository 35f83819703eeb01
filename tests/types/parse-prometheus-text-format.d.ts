declare module "parse-prometheus-text-format" {
  /** Prometheus's text exposition format, as metric families with their samples. */
  export default function parsePrometheusTextFormat(text: string): unknown[];
}
