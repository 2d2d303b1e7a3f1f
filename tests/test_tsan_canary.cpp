// test_tsan_canary.cpp — a deliberate data race, built only in ThreadSanitizer builds
// (-DDENDRITE_SANITIZE=thread). CTest passes it only when TSan's report appears in the output,
// so a TSan stage that silently stopped instrumenting (or stopped reporting) turns red instead
// of passing everything.
#include <cstdio>
#include <thread>

#include "tests/support/plain_test.h"

namespace {
int shared_counter = 0;  // written by two threads without synchronisation, on purpose
}

PLAIN_TEST(unsynchronised_writes_are_reported) {
  std::thread other([] {
    for (int i = 0; i < 1000; ++i) shared_counter = shared_counter + 1;
  });
  for (int i = 0; i < 1000; ++i) shared_counter = shared_counter + 1;
  other.join();
  CHECK(shared_counter > 0);
}

PLAIN_TEST_MAIN()
