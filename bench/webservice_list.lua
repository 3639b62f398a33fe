-- wrk: Wallet's "what changed since my tag" (GET .../registrations/PASS_TYPE?passesUpdatedSince=TAG)
-- for a device and a tag drawn at random from those bench/webservice.sh stored
-- (PKPASS_BENCH_DEVICES devices "dev-N", tags up to PKPASS_BENCH_TAGS).
local devices, tags, pass_type
function init(args)
  devices = tonumber(os.getenv("PKPASS_BENCH_DEVICES"))
  tags = tonumber(os.getenv("PKPASS_BENCH_TAGS"))
  pass_type = os.getenv("PKPASS_BENCH_PASS_TYPE")
  math.randomseed(os.time() + (tonumber(os.getenv("PKPASS_BENCH_SEED")) or 0))
end
function request()
  local path = string.format("/v1/devices/dev-%d/registrations/%s?passesUpdatedSince=%d",
                             math.random(0, devices - 1), pass_type, math.random(0, tags))
  return wrk.format("GET", path)
end

dofile("bench/serve_report.lua")  -- done(): the RESULT line
