/**
 * Request metrics of the scoring API in the Prometheus text exposition format (version 0.0.4):
 * a counter of requests by route, method and status, and a latency histogram by route with
 * cumulative buckets, `_sum` and `_count`.
 */

/** Upper bounds of the latency histogram's buckets, in seconds (+Inf is implicit). */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

interface Latency {
  readonly buckets: Float64Array;
  sum: number;
  count: number;
}

/** Counts requests and their latencies; {@link RequestMetrics.text} renders them for `/metrics`. */
export class RequestMetrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Latency>();

  /** Records one request: its route template (e.g. `/v1/customers/:id/score`, or `unmatched`), method, status code and duration in seconds. */
  observe(route: string, method: string, status: number, seconds: number): void {
    const key = JSON.stringify([route, method, String(status)]);
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    let l = this.latency.get(route);
    if (!l) this.latency.set(route, (l = { buckets: new Float64Array(LATENCY_BUCKETS_SECONDS.length), sum: 0, count: 0 }));
    for (let b = 0; b < LATENCY_BUCKETS_SECONDS.length; b++) if (seconds <= LATENCY_BUCKETS_SECONDS[b]!) l.buckets[b]!++;
    l.sum += seconds;
    l.count++;
  }

  /** The metrics in the Prometheus text format, series sorted so the output is stable. */
  text(): string {
    const lines = ["# HELP churn_api_requests_total Requests answered, by route, method and status code.", "# TYPE churn_api_requests_total counter"];
    for (const [key, n] of [...this.requests].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const [route, method, status] = JSON.parse(key) as [string, string, string];
      lines.push(`churn_api_requests_total{route=${label(route)},method=${label(method)},status=${label(status)}} ${n}`);
    }
    lines.push("# HELP churn_api_request_duration_seconds Time from request to response, by route.", "# TYPE churn_api_request_duration_seconds histogram");
    for (const [route, l] of [...this.latency].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      LATENCY_BUCKETS_SECONDS.forEach((le, b) => lines.push(`churn_api_request_duration_seconds_bucket{route=${label(route)},le="${le}"} ${l.buckets[b]}`));
      lines.push(`churn_api_request_duration_seconds_bucket{route=${label(route)},le="+Inf"} ${l.count}`);
      lines.push(`churn_api_request_duration_seconds_sum{route=${label(route)}} ${l.sum}`, `churn_api_request_duration_seconds_count{route=${label(route)}} ${l.count}`);
    }
    return `${lines.join("\n")}\n`;
  }
}

/** A label value quoted and escaped as the exposition format requires (backslash, quote, newline). */
function label(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
