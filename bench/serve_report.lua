-- wrk: the RESULT line bench/serve.sh reads, shared by serve_create.lua and serve_get.lua.
function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.timeout
  io.write(string.format("RESULT requests=%d errors=%d rate=%.1f p50_us=%d p99_us=%d\n", summary.requests, errors,
                         summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99)))
end
