-- wrk script: POSTs pre-signed deliveries; each thread takes every n-th line so no delivery is sent twice.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  lines = {}
  local step = 2
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
