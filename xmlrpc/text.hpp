#pragma once

// The codec's text rules, one header per role: XML characters and escaping
// (xml_text.hpp), base64 (base64.hpp), ISO 8601 (iso8601.hpp). Kept for the
// files that include all three; new code includes the one it needs.

#include "xmlrpc/base64.hpp"
#include "xmlrpc/iso8601.hpp"
#include "xmlrpc/xml_text.hpp"
