// Introspection over the method table, and system.multicall.

#include <string>

#include "rpc/method_table.hpp"

namespace rpc {

namespace {

using xmlrpc::params_reader;

plan list_methods(const params_reader& params) {
  if (auto arity = params.arity(0, 0); !arity)
    return arity.error();
  xmlrpc::array names;
  for (const auto& m : method_table())
    names.emplace_back(std::string{m.name});
  return xmlrpc::value{std::move(names)};
}

// The method named by the only parameter, or a fault.
xmlrpc::result<const method_info*> named_method(const params_reader& params) {
  if (auto arity = params.arity(1, 1); !arity)
    return arity.error();
  auto name = params.string(0, "method_name");
  if (!name)
    return name.error();
  const auto* m = find_method(*name);
  if (!m)
    return params.invalid("no method called '" + *name + "'");
  return m;
}

plan method_help(const params_reader& params) {
  auto m = named_method(params);
  if (!m)
    return m.error();
  return xmlrpc::value{std::string{(*m)->help}};
}

plan method_signature(const params_reader& params) {
  auto m = named_method(params);
  if (!m)
    return m.error();
  xmlrpc::array signatures;
  for (const auto& sig : (*m)->signatures) {
    xmlrpc::array types;
    for (auto t : sig)
      types.emplace_back(std::string{t});
    signatures.emplace_back(std::move(types));
  }
  return xmlrpc::value{std::move(signatures)};
}

// One entry of the multicall array: {methodName, params}.
xmlrpc::result<xmlrpc::method_call> to_call(const xmlrpc::value& entry,
                                            std::size_t index) {
  auto bad = [&](std::string why) {
    return xmlrpc::fault{xmlrpc::fault_code::invalid_request,
                         "system.multicall: call " + std::to_string(index + 1)
                           + " " + why};
  };
  const auto* st = entry.get_if<xmlrpc::structure>();
  if (!st)
    return bad("must be a struct {methodName, params}");
  const auto* name = st->find("methodName");
  if (!name || !name->get_if<std::string>())
    return bad("has no string methodName");
  xmlrpc::method_call call;
  call.method = *name->get_if<std::string>();
  if (const auto* ps = st->find("params")) {
    const auto* list = ps->get_if<xmlrpc::array>();
    if (!list)
      return bad("has params that are not an array");
    call.params = *list;
  }
  return call;
}

plan run_multicall(const params_reader& params) {
  if (auto arity = params.arity(1, 1); !arity)
    return arity.error();
  auto list = params.array_at(0, "calls");
  if (!list)
    return list.error();
  multicall calls;
  calls.calls.reserve((*list)->size());
  for (std::size_t i = 0; i < (*list)->size(); ++i)
    calls.calls.push_back(to_call((**list)[i], i));
  return calls;
}

} // namespace

std::vector<method_info> system_methods() {
  return {
    {"system.listMethods",
     {{"array"}},
     "system.listMethods(): the names of all methods.",
     auth::role::reader,
     list_methods},
    {"system.methodHelp",
     {{"string", "string"}},
     "system.methodHelp(method_name): what the method does.",
     auth::role::reader,
     method_help},
    {"system.methodSignature",
     {{"array", "string"}},
     "system.methodSignature(method_name): the method's signatures, each an "
     "array of the return type then the parameter types.",
     auth::role::reader,
     method_signature},
    {"system.multicall",
     {{"array", "array"}},
     "system.multicall([{methodName, params}, ...]): runs the calls in order "
     "and returns one entry per call: [result] or {faultCode, faultString}.",
     auth::role::reader,
     run_multicall},
  };
}

} // namespace rpc
