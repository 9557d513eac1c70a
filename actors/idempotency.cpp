#include "actors/idempotency.hpp"

#include <cstring>

namespace actors {

namespace {

// The blob's layout: a format byte, then little-endian fixed-size fields
// and length-prefixed names. Its own format, so the stored answer does not
// change with a CAF version.
constexpr char blob_format = 1;

void put(std::string& out, std::uint32_t x) {
  for (int i = 0; i < 4; ++i)
    out += static_cast<char>((x >> (8 * i)) & 0xFF);
}

void put(std::string& out, std::int32_t x) {
  put(out, static_cast<std::uint32_t>(x));
}

class blob_reader {
public:
  explicit blob_reader(const std::string& blob) : blob_(blob) {}

  bool get(std::uint32_t& x) {
    if (blob_.size() - pos_ < 4)
      return false;
    x = 0;
    for (int i = 0; i < 4; ++i)
      x |= static_cast<std::uint32_t>(
             static_cast<unsigned char>(blob_[pos_ + i]))
           << (8 * i);
    pos_ += 4;
    return true;
  }

  bool get(std::int32_t& x) {
    std::uint32_t u = 0;
    if (!get(u))
      return false;
    x = static_cast<std::int32_t>(u);
    return true;
  }

  bool get(std::uint8_t& x) {
    if (pos_ >= blob_.size())
      return false;
    x = static_cast<std::uint8_t>(blob_[pos_++]);
    return true;
  }

  bool get(std::string& x, std::uint32_t size) {
    if (blob_.size() - pos_ < size)
      return false;
    x.assign(blob_, pos_, size);
    pos_ += size;
    return true;
  }

  bool done() const { return pos_ == blob_.size(); }

private:
  const std::string& blob_;
  std::size_t pos_ = 0;
};

} // namespace

std::string to_string(change_kind x) {
  switch (x) {
  case change_kind::add:
    return "add";
  case change_kind::set_quantity:
    return "set_quantity";
  case change_kind::adjust:
    return "adjust";
  case change_kind::adjust_many:
    return "adjust_many";
  case change_kind::remove:
    return "remove";
  }
  return "unknown";
}

bool is_replayable(inventory_errc code) {
  switch (code) {
  case inventory_errc::not_found:
  case inventory_errc::version_conflict:
  case inventory_errc::insufficient_stock:
  case inventory_errc::quantity_overflow:
    return true;
  default:
    return false;
  }
}

std::string encode_outcome(const change_outcome& x) {
  std::string out;
  out += blob_format;
  out += static_cast<char>(x.failure_code);
  put(out, x.failure_id);
  put(out, static_cast<std::uint32_t>(x.items.size()));
  for (const auto& it : x.items) {
    put(out, it.id);
    put(out, it.quantity);
    put(out, it.version);
    put(out, static_cast<std::uint32_t>(it.name.size()));
    out += it.name;
  }
  return out;
}

std::optional<change_outcome> decode_outcome(const std::string& blob) {
  blob_reader in{blob};
  std::uint8_t format = 0;
  change_outcome x;
  std::uint32_t count = 0;
  if (!in.get(format) || format != blob_format || !in.get(x.failure_code)
      || !in.get(x.failure_id) || !in.get(count))
    return std::nullopt;
  // Each item takes at least 16 bytes, so a damaged count cannot make us
  // reserve more than the blob could hold.
  if (count > blob.size() / 16)
    return std::nullopt;
  x.items.resize(count);
  for (auto& it : x.items) {
    std::uint32_t size = 0;
    if (!in.get(it.id) || !in.get(it.quantity) || !in.get(it.version)
        || !in.get(size) || !in.get(it.name, size))
      return std::nullopt;
  }
  if (!in.done())
    return std::nullopt;
  return x;
}

} // namespace actors
