// plain_test.h — a minimal test harness with a plain main(), for suites that run under
// ThreadSanitizer (label `threaded`; DESIGN.md §6).
//
// Why not Qt Test there: QTest::qRun() starts a "QtTest Watchdog" thread that waits on a
// QWaitCondition inside libQt6Core. Debian's Qt is not built with TSan, so TSan sees only the
// pthread calls of that thread, not the synchronisation around them, and reports data races in
// pthread_cond_destroy / operator delete at the end of every run (exit code 66) — noise that
// would hide a real report. Qt 6.4 has no switch to turn the watchdog off. Suites written
// against this header link no Qt at all, so every report under TSan is about our code.
//
// Usage (one .cpp per unit, like the Qt Test suites):
//
//   #include "tests/support/plain_test.h"
//   PLAIN_TEST(adds_up) {
//     CHECK(1 + 1 == 2);
//     CHECK_EQ(square(3), 9);
//     CHECK_MSG(x < 10, "x=" << x << " for threads=" << t);
//   }
//   PLAIN_TEST_MAIN()
//
// Output mimics Qt Test ("PASS   : name", "FAIL!  : name ...", "Totals: ..."); the exit code is
// the number of failed tests (capped at 100). Arguments select tests by exact name. A failed
// check ends its test (it returns from the test function); checks belong on the test's own
// thread — worker threads record problems in atomics that the test then checks.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace dendrite::testing {

struct PlainTest {
  const char* name;
  void (*function)();
};

inline std::vector<PlainTest>& plain_tests() {
  static std::vector<PlainTest> tests;
  return tests;
}

struct PlainTestRegistration {
  PlainTestRegistration(const char* name, void (*function)()) { plain_tests().push_back({name, function}); }
};

// Set by a failed check in the running test.
inline bool& plain_test_failed() {
  static bool failed = false;
  return failed;
}

// Writes a value for a failure message: streamable values as they are, vectors element by element
// (up to 16), anything else as "<unprintable>".
template <typename T>
void plain_test_format(std::ostream& out, const T& value) {
  if constexpr (requires { out << value; }) {
    out << value;
  } else if constexpr (requires { value.size(); value.begin(); }) {
    out << "{";
    std::size_t i = 0;
    for (const auto& item : value) {
      if (i > 0) out << ", ";
      if (i++ == 16) {
        out << "… " << value.size() << " in all";
        break;
      }
      plain_test_format(out, item);
    }
    out << "}";
  } else {
    out << "<unprintable>";
  }
}

inline void plain_test_fail(const char* file, int line, const std::string& what) {
  plain_test_failed() = true;
  std::printf("FAIL!  : %s\n   Loc: [%s(%d)]\n", what.c_str(), file, line);
  std::fflush(stdout);
}

inline int plain_test_main(int argc, char** argv) {
  int passed = 0, failed = 0;
  const auto start = std::chrono::steady_clock::now();
  std::printf("********* Start testing (plain main, no Qt) *********\n");
  for (const PlainTest& test : plain_tests()) {
    if (argc > 1) {
      bool selected = false;
      for (int i = 1; i < argc; ++i) selected = selected || std::strcmp(argv[i], test.name) == 0;
      if (!selected) continue;
    }
    plain_test_failed() = false;
    test.function();
    if (plain_test_failed()) {
      std::printf("FAIL!  : %s() failed\n", test.name);
      ++failed;
    } else {
      std::printf("PASS   : %s()\n", test.name);
      ++passed;
    }
    std::fflush(stdout);
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  std::printf("Totals: %d passed, %d failed, 0 skipped, %lldms\n", passed, failed,
              static_cast<long long>(ms.count()));
  if (passed + failed == 0) {
    std::printf("no test matched the arguments\n");
    return 1;
  }
  return failed > 100 ? 100 : failed;
}

}  // namespace dendrite::testing

#define PLAIN_TEST(name)                                                                        \
  static void name();                                                                           \
  static const ::dendrite::testing::PlainTestRegistration name##_registration_(#name, &name); \
  static void name()

#define CHECK_MSG(condition, message)                                                       \
  do {                                                                                      \
    if (!(condition)) {                                                                     \
      std::ostringstream plain_test_message_;                                               \
      plain_test_message_ << "'" #condition "' returned FALSE. (" << message << ")";        \
      ::dendrite::testing::plain_test_fail(__FILE__, __LINE__, plain_test_message_.str());  \
      return;                                                                               \
    }                                                                                       \
  } while (false)

#define CHECK(condition) CHECK_MSG(condition, "")

#define CHECK_EQ(actual, expected)                                                          \
  do {                                                                                      \
    /* copies: `expected` may be a reference into a temporary, e.g. std::min(16, n) */     \
    const auto plain_test_actual_ = (actual);                                               \
    const auto plain_test_expected_ = (expected);                                           \
    if (!(plain_test_actual_ == plain_test_expected_)) {                                    \
      std::ostringstream plain_test_message_;                                               \
      plain_test_message_ << "Compared values are not the same\n   Actual   (" #actual "): "; \
      ::dendrite::testing::plain_test_format(plain_test_message_, plain_test_actual_);     \
      plain_test_message_ << "\n   Expected (" #expected "): ";                           \
      ::dendrite::testing::plain_test_format(plain_test_message_, plain_test_expected_);   \
      ::dendrite::testing::plain_test_fail(__FILE__, __LINE__, plain_test_message_.str());  \
      return;                                                                               \
    }                                                                                       \
  } while (false)

#define PLAIN_TEST_MAIN() \
  int main(int argc, char** argv) { return ::dendrite::testing::plain_test_main(argc, argv); }
