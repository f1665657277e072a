-- wrk script: POSTs pre-signed deliveries (file $DELIVERIES, lines "signature<TAB>body", written by deliveries.py).
-- With $THREADS wrk threads, thread i takes lines i, i+THREADS, ... so no delivery is sent twice unless a thread runs
-- out of lines and wraps (run.sh sizes the file so that it does not, and reports the duplicate count to prove it).
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  lines = {}
  local step = tonumber(os.getenv("THREADS") or "2")
  local index = 0
  for line in io.lines(os.getenv("DELIVERIES") or "/tmp/ingress-deliveries.txt") do
    if index % step == id then
      local tab = line:find("\t")
      table.insert(lines, { line:sub(1, tab - 1), line:sub(tab + 1) })
    end
    index = index + 1
  end
  position = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Webhook-Event"] = "call.connect"
end

function request()
  position = position + 1
  local entry = lines[((position - 1) % #lines) + 1]
  wrk.headers["X-Webhook-Signature"] = entry[1]
  return wrk.format(nil, "/webhooks/vobiz", nil, entry[2])
end
