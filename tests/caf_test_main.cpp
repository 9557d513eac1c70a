// The one main() of the CAF test binary (suites live in their own files).
#define CAF_TEST_NO_MAIN
#include "caf/test/unit_test_impl.hpp"

int main(int argc, char** argv) {
  return caf::test::main(argc, argv);
}
