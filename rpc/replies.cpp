#include "rpc/replies.hpp"

#include "rpc/fault_mapping.hpp"
#include "rpc/item_values.hpp"

namespace rpc {

reply item_reply(std::string_view method, std::int32_t,
                 inventory_answer& answer) {
  if (!answer)
    return to_fault(answer.error(), method);
  return item_struct(std::get<actors::item>(*answer));
}

reply items_reply(std::string_view method, std::int32_t,
                  inventory_answer& answer) {
  if (!answer)
    return to_fault(answer.error(), method);
  const auto& xs = std::get<std::vector<actors::item>>(*answer);
  xmlrpc::array result;
  result.reserve(xs.size());
  for (const auto& x : xs)
    result.push_back(item_struct(x));
  return xmlrpc::value{std::move(result)};
}

reply plain_reply(std::string_view method, std::int32_t,
                  inventory_answer& answer) {
  if (!answer)
    return to_fault(answer.error(), method);
  if (const auto* removed = std::get_if<bool>(&*answer))
    return xmlrpc::value{*removed};
  if (const auto* count = std::get_if<std::int32_t>(&*answer))
    return xmlrpc::value{*count};
  return std::get<actors::inventory_snapshot>(std::move(*answer));
}

} // namespace rpc
