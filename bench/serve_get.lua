-- wrk: GETs one URL with the API key (PKPASS_BENCH_KEY), reporting as serve_create.lua does.
function init(args)
  wrk.headers["x-api-key"] = os.getenv("PKPASS_BENCH_KEY")
end

dofile("bench/serve_report.lua")  -- done(): the RESULT line
