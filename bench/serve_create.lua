-- wrk: POSTs Pass2U creates, each with a serial no other request of the run has.
-- wrk -s bench/serve_create.lua URL, with PKPASS_BENCH_KEY (the API key) and PKPASS_BENCH_RUN
-- (a tag that keeps serials of several runs on one store apart) in the environment.
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  n = 0
  run = os.getenv("PKPASS_BENCH_RUN") or "r"
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["x-api-key"] = os.getenv("PKPASS_BENCH_KEY")
end

function request()
  n = n + 1
  local body = string.format('{"serialNumber":"%s-%d-%d","fields":[{"key":"name","value":"Member %d"}]}',
                             run, id, n, n)
  return wrk.format(nil, nil, nil, body)
end

-- With PKPASS_BENCH_DELAY_MS set, each connection waits that long before each request: a paced
-- load below saturation.
local pause = tonumber(os.getenv("PKPASS_BENCH_DELAY_MS") or "0")
if pause > 0 then
  function delay()
    return pause
  end
end

dofile("bench/serve_report.lua")  -- done(): the RESULT line
