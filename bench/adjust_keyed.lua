-- wrk script: as adjust.lua, and every request carries an Idempotency-Key
-- of its own (a per-thread random prefix and a counter), so each one is a
-- new change that the server stores a key for.
wrk.method = "POST"
wrk.path = "/RPC2"
wrk.headers["Content-Type"] = "text/xml"
local template = "<?xml version='1.0'?>\n<methodCall>\n<methodName>inventory.adjust</methodName>\n<params>\n<param>\n<value><int>%d</int></value>\n</param>\n<param>\n<value><int>1</int></value>\n</param>\n</params>\n</methodCall>\n"
local prefix
local counter = 0
init = function(args)
  local f = io.open("/dev/urandom", "rb")
  local bytes = f:read(8)
  f:close()
  prefix = (bytes:gsub(".", function(c) return string.format("%02x", c:byte()) end))
  math.randomseed(7)
end
request = function()
  counter = counter + 1
  local headers = {["Idempotency-Key"] = prefix .. "-" .. counter}
  return wrk.format(nil, nil, headers, string.format(template, math.random(1, 1000)))
end
