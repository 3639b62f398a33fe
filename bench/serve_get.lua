-- wrk: GETs one URL with the API key (PKPASS_BENCH_KEY), reporting as serve_create.lua does.
function init(args)
  wrk.headers["x-api-key"] = os.getenv("PKPASS_BENCH_KEY")
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.timeout
  io.write(string.format("RESULT requests=%d errors=%d rate=%.1f p50_us=%d p99_us=%d\n", summary.requests, errors,
                         summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99)))
end
