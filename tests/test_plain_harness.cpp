// test_plain_harness.cpp — proves the plain harness (tests/support/plain_test.h) reports a
// failed check with a non-zero exit code: CTest runs it with WILL_FAIL, so this suite "passes"
// only when it fails. If the harness ever swallowed failures, this test would turn red.
#include <thread>

#include "tests/support/plain_test.h"

PLAIN_TEST(passes) { CHECK_EQ(2 + 2, 4); }

PLAIN_TEST(fails_on_purpose) {
  int seen = 0;
  std::thread worker([&] { seen = 41; });
  worker.join();
  CHECK_EQ(seen, 42);  // deliberately wrong
}

PLAIN_TEST_MAIN()
