// fuzz_check.h — FUZZ_CHECK(condition, detail): a property every input must keep.
//
// A violated property is a finding like a crash: it prints what broke (detail is a std::string
// or a C string) and aborts, so libFuzzer saves the input and the CTest replay of a corpus that
// holds it fails.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace dendrite::fuzz {

[[noreturn]] inline void property_failed(const char* file, int line, const char* condition,
                                         const std::string& detail) {
  std::fprintf(stderr, "%s:%d: property failed: %s\n  %s\n", file, line, condition, detail.c_str());
  std::abort();
}

}  // namespace dendrite::fuzz

#define FUZZ_CHECK(condition, detail) \
  ((condition) ? (void)0 : ::dendrite::fuzz::property_failed(__FILE__, __LINE__, #condition, (detail)))
