#include "xmlrpc/encode.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "xmlrpc/base64.hpp"
#include "xmlrpc/iso8601.hpp"
#include "xmlrpc/xml_text.hpp"

namespace xmlrpc {

namespace {

template <class Number>
void append_number(std::string& out, Number x) {
  std::array<char, 32> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  out.append(buf.data(), res.ptr);
}

fault unencodable(std::string why) {
  return fault{fault_code::invalid_params,
               "value cannot be carried by XML: " + std::move(why)};
}

} // namespace

void writer::begin_response() {
  out_ += "<?xml version=\"1.0\"?>\n<methodResponse><params><param>";
}

void writer::end_response() {
  out_ += "</param></params></methodResponse>\n";
}

void writer::write_int(std::int32_t x) {
  out_ += "<value><int>";
  append_number(out_, x);
  out_ += "</int></value>";
}

void writer::write_bool(bool x) {
  out_ += x ? "<value><boolean>1</boolean></value>"
            : "<value><boolean>0</boolean></value>";
}

void writer::write_checked_string(std::string_view text) {
  out_ += "<value><string>";
  append_escaped(out_, text);
  out_ += "</string></value>";
}

void writer::begin_struct() {
  out_ += "<value><struct>";
}

void writer::member_name(std::string_view checked_name) {
  out_ += "<member><name>";
  append_escaped(out_, checked_name);
  out_ += "</name>";
}

void writer::end_member() {
  out_ += "</member>";
}

void writer::end_struct() {
  out_ += "</struct></value>";
}

void writer::begin_array() {
  out_ += "<value><array><data>";
}

void writer::end_array() {
  out_ += "</data></array></value>";
}

result<void> writer::write(const value& x) {
  struct visitor {
    writer& w;
    std::string& out;
    result<void> operator()(nil) {
      out += "<value><nil/></value>";
      return {};
    }
    result<void> operator()(std::int32_t i) {
      w.write_int(i);
      return {};
    }
    result<void> operator()(std::int64_t i) {
      out += "<value><i8>";
      append_number(out, i);
      out += "</i8></value>";
      return {};
    }
    result<void> operator()(bool b) {
      w.write_bool(b);
      return {};
    }
    result<void> operator()(double d) {
      if (!std::isfinite(d))
        return unencodable("a double must be finite");
      out += "<value><double>";
      append_number(out, d);
      out += "</double></value>";
      return {};
    }
    result<void> operator()(const std::string& s) {
      if (auto checked = check_xml_text(s); !checked)
        return unencodable(checked.error());
      w.write_checked_string(s);
      return {};
    }
    result<void> operator()(const date_time& t) {
      if (!is_iso8601(t.text))
        return unencodable("'" + t.text + "' is not an ISO 8601 date-time");
      out += "<value><dateTime.iso8601>";
      out += t.text;
      out += "</dateTime.iso8601></value>";
      return {};
    }
    result<void> operator()(const binary& b) {
      out += "<value><base64>";
      out += encode_base64(b.bytes);
      out += "</base64></value>";
      return {};
    }
    result<void> operator()(const array& a) {
      w.begin_array();
      for (const auto& item : a)
        if (auto done = w.write(item); !done)
          return done;
      w.end_array();
      return {};
    }
    result<void> operator()(const structure& s) {
      w.begin_struct();
      for (const auto& [name, val] : s.members) {
        if (auto checked = check_xml_text(name); !checked)
          return unencodable(checked.error());
        w.member_name(name);
        if (auto done = w.write(val); !done)
          return done;
        w.end_member();
      }
      w.end_struct();
      return {};
    }
  };
  return std::visit(visitor{*this, out_}, x.data);
}

result<std::string> encode_response(const value& x) {
  std::string out;
  writer w{out};
  w.begin_response();
  if (auto done = w.write(x); !done)
    return done.error();
  w.end_response();
  return out;
}

void append_fault(std::string& out, const fault& f) {
  std::string message = f.message;
  if (!check_xml_text(message)) {
    for (auto& c : message) {
      auto u = static_cast<unsigned char>(c);
      if (u >= 0x80 || (u < 0x20 && c != '\t' && c != '\n'))
        c = '?';
    }
  }
  out += "<?xml version=\"1.0\"?>\n<methodResponse><fault>";
  writer w{out};
  w.begin_struct();
  w.member_name("faultCode");
  w.write_int(f.code);
  w.end_member();
  w.member_name("faultString");
  w.write_checked_string(message);
  w.end_member();
  w.end_struct();
  out += "</fault></methodResponse>\n";
}

result<std::string> encode_method_call(std::string_view method,
                                       const std::vector<value>& params) {
  if (auto checked = check_xml_text(method); !checked)
    return unencodable(checked.error());
  std::string out = "<?xml version=\"1.0\"?>\n<methodCall><methodName>";
  append_escaped(out, method);
  out += "</methodName><params>";
  writer w{out};
  for (const auto& p : params) {
    out += "<param>";
    if (auto done = w.write(p); !done)
      return done.error();
    out += "</param>";
  }
  out += "</params></methodCall>\n";
  return out;
}

} // namespace xmlrpc
