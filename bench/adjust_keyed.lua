-- wrk script: as adjust.lua, and every request carries an Idempotency-Key
-- of its own, so each one is a new change that the server stores a key for.
-- The keys are random UUID v4 text, as inventory-client sends; with
-- `-- counter` (after wrk's own arguments) a per-thread random prefix and a
-- counter instead, keys that sort in the order they are sent.
wrk.method = "POST"
wrk.path = "/RPC2"
wrk.headers["Content-Type"] = "text/xml"
local template = "<?xml version='1.0'?>\n<methodCall>\n<methodName>inventory.adjust</methodName>\n<params>\n<param>\n<value><int>%d</int></value>\n</param>\n<param>\n<value><int>1</int></value>\n</param>\n</params>\n</methodCall>\n"
local prefix
local counter = 0
local sequential = false
init = function(args)
  sequential = args[1] == "counter"
  local f = io.open("/dev/urandom", "rb")
  local bytes = f:read(8)
  f:close()
  prefix = (bytes:gsub(".", function(c) return string.format("%02x", c:byte()) end))
  local seed = 0
  for i = 1, 6 do seed = seed * 256 + bytes:byte(i) end
  math.randomseed(seed)
end
local function uuid_v4()
  return string.format("%08x-%04x-4%03x-%04x-%04x%08x", math.random(0, 0xffffffff),
    math.random(0, 0xffff), math.random(0, 0xfff), math.random(0x8000, 0xbfff),
    math.random(0, 0xffff), math.random(0, 0xffffffff))
end
request = function()
  counter = counter + 1
  local key = sequential and (prefix .. "-" .. counter) or uuid_v4()
  local headers = {["Idempotency-Key"] = key}
  return wrk.format(nil, nil, headers, string.format(template, math.random(1, 1000)))
end
