#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>

namespace http {

/// Storage for the one handler a connection posts back to Asio per request,
/// so handing a reply back allocates nothing (as in Asio's allocation
/// example). At most one allocation is live at a time; the post itself
/// orders the allocating and the freeing thread.
class handler_memory {
public:
  handler_memory() = default;
  handler_memory(const handler_memory&) = delete;
  handler_memory& operator=(const handler_memory&) = delete;

  void* allocate(std::size_t size) {
    if (!in_use_ && size <= sizeof(storage_)) {
      in_use_ = true;
      return &storage_;
    }
    return ::operator new(size);
  }

  void deallocate(void* pointer) {
    if (pointer == &storage_)
      in_use_ = false;
    else
      ::operator delete(pointer);
  }

private:
  std::aligned_storage_t<256, alignof(std::max_align_t)> storage_;
  bool in_use_ = false;
};

/// A standard allocator over one handler_memory.
template <class T>
class handler_allocator {
public:
  using value_type = T;

  explicit handler_allocator(handler_memory& mem) : memory_(&mem) {}

  template <class U>
  handler_allocator(const handler_allocator<U>& other) noexcept
    : memory_(other.memory_) {}

  T* allocate(std::size_t n) const {
    return static_cast<T*>(memory_->allocate(sizeof(T) * n));
  }

  void deallocate(T* p, std::size_t) const { memory_->deallocate(p); }

  template <class U>
  bool operator==(const handler_allocator<U>& other) const noexcept {
    return memory_ == other.memory_;
  }

  template <class U>
  bool operator!=(const handler_allocator<U>& other) const noexcept {
    return memory_ != other.memory_;
  }

private:
  template <class>
  friend class handler_allocator;

  handler_memory* memory_;
};

} // namespace http
