#include "tools/stress/setup.hpp"

#include <cstdio>

#include "client/item.hpp"

namespace stress {

namespace {

// Adds one item; its id, or why not.
base::expected<std::int32_t, std::string> add_item(client::rpc_client& rpc,
                                                   bool seed,
                                                   const std::string& name,
                                                   std::int32_t quantity) {
  auto method = seed ? "add_item" : "inventory.add";
  auto res = rpc.call(method, {name, quantity});
  if (!res)
    return std::string{method} + ": " + client::describe(res.error());
  std::optional<std::int32_t> id;
  if (const auto* text = res->get_if<std::string>(); seed && text)
    id = client::id_of_added_text(*text);
  if (auto x = client::item_of(*res); !seed && x)
    id = x->id;
  if (!id)
    return std::string{method} + " answered something unexpected";
  return *id;
}

} // namespace

std::string run_prefix(std::uint32_t random) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "stress-%08x-", random);
  return buf;
}

base::expected<void, std::string> create_run_items(const options& opts,
                                                   client::rpc_client& rpc,
                                                   run_setup& setup) {
  bool seed = opts.scenario == "seed";
  auto create
    = [&](const std::string& name,
          std::int32_t quantity) -> base::expected<void, std::string> {
    auto id = add_item(rpc, seed, setup.prefix + name, quantity);
    if (!id)
      return id.error();
    setup.ids.push_back(*id);
    return {};
  };
  if (opts.scenario == "lost-update") {
    for (const auto* name : {"read-modify-write", "adjust"})
      if (auto made = create(name, 0); !made)
        return made;
    setup.rmw_item = setup.ids[0];
    setup.adjust_item = setup.ids[1];
    return {};
  }
  auto count = opts.scenario == "checkout" ? std::size_t{20} : opts.items;
  auto stock = opts.scenario == "checkout" ? 50 : 1000;
  for (std::size_t i = 0; i < count; ++i)
    if (auto made
        = create(opts.scenario == "checkout" ? "checkout-" + std::to_string(i)
                                             : "item-" + std::to_string(i),
                 stock);
        !made)
      return made;
  return {};
}

base::expected<void, std::string>
remove_run_items(client::rpc_client& rpc, bool seed_only,
                 const std::vector<std::int32_t>& ids) {
  auto method = seed_only ? "delete_item" : "inventory.delete";
  for (auto id : ids) {
    auto res = rpc.call(method, {id});
    if (!res)
      return std::string{method} + " " + std::to_string(id) + ": "
             + client::describe(res.error());
  }
  return {};
}

} // namespace stress
