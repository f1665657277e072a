#!/usr/bin/env python3
"""Writes N signed Vobiz call.connect deliveries (distinct event ids), one per line: signature<TAB>body."""
import hashlib, hmac, sys, uuid

count, secret, out = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3]
with open(out, "w") as f:
    for i in range(count):
        body = ('{"event_id":"%s","event_type":"call.connect","account_id":"MA_XXXXXXXX",'
                '"occurred_at":"2026-11-24T10:00:00Z","payload":{"object":"whatsapp_business_account","entry":[{"id":"waba",'
                '"changes":[{"field":"calls","value":{"calls":[{"id":"wacid.bench%d","from":"918888888888",'
                '"to":"911140001234","timestamp":"1711360860","event":"connect","direction":"USER_INITIATED",'
                '"session":{"sdp_type":"offer","sdp":"v=0\\r\\no=- %d 0 IN IP4 127.0.0.1\\r\\n"}}]}}]}]}}') % (uuid.uuid4(), i, i)
        sig = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
        f.write(sig + "\t" + body + "\n")
