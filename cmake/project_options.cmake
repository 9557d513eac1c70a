# Warnings and sanitizers live on one INTERFACE target that every project
# target links, so a sanitizer build is one cache option away.
option(INVENTORY_WERROR "Treat warnings as errors" ON)
option(INVENTORY_ASAN "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(INVENTORY_TSAN "Build with ThreadSanitizer" OFF)
option(INVENTORY_FUZZ "Build libFuzzer targets (clang; implies ASan+UBSan)" OFF)
set(INVENTORY_FUZZ_SECONDS 60 CACHE STRING "Seconds each fuzz test runs")

if(INVENTORY_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "INVENTORY_FUZZ needs clang (CXX=clang++-14)")
  endif()
  set(INVENTORY_ASAN ON)
endif()

if(INVENTORY_ASAN AND INVENTORY_TSAN)
  message(FATAL_ERROR "INVENTORY_ASAN and INVENTORY_TSAN cannot be combined")
endif()

add_library(project_options INTERFACE)
target_compile_options(project_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
  -Wunused -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough
  $<$<BOOL:${INVENTORY_WERROR}>:-Werror>)

if(INVENTORY_ASAN OR INVENTORY_TSAN)
  # GCC 12 reports false maybe-uninitialized inside libstdc++ (std::regex,
  # std::function) once sanitizers change inlining.
  target_compile_options(project_options INTERFACE
    $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
endif()
if(INVENTORY_ASAN)
  # Without UBSan's vptr check: for a type not in its small cache it tests
  # the object's memory by writing it to a new pipe, so once descriptors
  # run out (which the out-of-descriptors test does on purpose) it reports
  # every such object as having an invalid vptr. Every other check stays.
  target_compile_options(project_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=all
    -fno-omit-frame-pointer)
  target_link_options(project_options INTERFACE -fsanitize=address,undefined)
endif()
if(INVENTORY_FUZZ)
  # Coverage instrumentation everywhere; the fuzzer main only in targets.
  target_compile_options(project_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(INVENTORY_TSAN)
  # -Wno-tsan: Asio's fenced blocks use atomic_thread_fence, which GCC
  # warns TSan cannot model; the mutexes around them are still seen.
  target_compile_options(project_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer
    $<$<CXX_COMPILER_ID:GNU>:-Wno-tsan>)
  target_link_options(project_options INTERFACE -fsanitize=thread)
endif()

# The project's version (project() in the top CMakeLists) as a string
# literal, for --version, the startup line and the Server header.
target_compile_definitions(project_options INTERFACE
  INVENTORY_VERSION="${PROJECT_VERSION}")
