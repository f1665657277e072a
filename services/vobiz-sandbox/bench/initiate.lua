-- wrk script: POST /calls/whatsapp with the page's example body; a distinct SDP offer per request.
wrk.method = "POST"
wrk.headers["X-Auth-ID"] = "MA_XXXXXXXX"
wrk.headers["X-Auth-Token"] = "sandbox-token"
wrk.headers["Content-Type"] = "application/json"
local counter = 0
request = function()
  counter = counter + 1
  local body = '{"channel_id":"3f1c9b7e-2d4a-4f6b-9c8e-0a1b2c3d4e5f","to":"+919876543210",' ..
    '"sdp_offer":"v=0\\r\\no=- ' .. counter .. '-' .. math.random(1, 1000000000) .. ' 0 IN IP4 0.0.0.0\\r\\n"}'
  return wrk.format(nil, "/api/v1/messaging/calls/whatsapp", nil, body)
end
