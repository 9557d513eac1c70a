-- wrk script: POST an XML-RPC get_item call for a random id in 1..1000.
wrk.method = "POST"
wrk.path = "/RPC2"
wrk.headers["Content-Type"] = "text/xml"
local template = "<?xml version='1.0'?>\n<methodCall>\n<methodName>get_item</methodName>\n<params>\n<param>\n<value><int>%d</int></value>\n</param>\n</params>\n</methodCall>\n"
math.randomseed(42)
request = function()
  return wrk.format(nil, nil, nil, string.format(template, math.random(1, 1000)))
end
