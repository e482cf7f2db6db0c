// The part of autocannon's API the load bench uses (the package ships no types).
declare module 'autocannon' {
  interface Histogram { average: number; p50: number; p99: number; total: number }
  interface Result { requests: Histogram; latency: Histogram; throughput: Histogram; non2xx: number; errors: number; timeouts: number }
  export default function autocannon(opts: { url: string; connections?: number; duration?: number; headers?: Record<string, string>; timeout?: number }): Promise<Result>;
}
