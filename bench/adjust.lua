-- wrk script: POST inventory.adjust(+1) for a random id in 1..1000.
wrk.method = "POST"
wrk.path = "/RPC2"
wrk.headers["Content-Type"] = "text/xml"
local template = "<?xml version='1.0'?>\n<methodCall>\n<methodName>inventory.adjust</methodName>\n<params>\n<param>\n<value><int>%d</int></value>\n</param>\n<param>\n<value><int>1</int></value>\n</param>\n</params>\n</methodCall>\n"
math.randomseed(7)
request = function()
  return wrk.format(nil, nil, nil, string.format(template, math.random(1, 1000)))
end
