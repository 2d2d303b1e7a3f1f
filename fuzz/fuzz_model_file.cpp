// fuzz_model_file.cpp — fuzz target: the .dendrite model loader (core/model_file.h), as
// `dendrite-cli` and the app use it: parse the bytes, then build a module from what parsed and run
// one sample through it.
//
// Built twice (fuzz/CMakeLists.txt): `model_file` checks the CRC like every real load, so it
// exercises the header, size and checksum checks; `model_file_nocrc` (DENDRITE_FUZZ_SKIP_CHECKSUM=1)
// sets ModelLimits.verify_checksum = false, so mutated inputs get past the checksum and reach the
// section, META, SPEC and parameter-array parsers.
//
// Properties beyond "no crash, no sanitizer report":
//   - a refused file has an error message naming it;
//   - whatever parsed serializes to bytes that parse again and serialize identically;
//   - a parsed model loads into its module (the section sizes were checked against the spec).
#include <cstdint>
#include <string>
#include <vector>

#include "core/executor.h"
#include "core/model_file.h"
#include "fuzz/fuzz_check.h"
#include "networks/model_io.h"

#ifndef DENDRITE_FUZZ_SKIP_CHECKSUM
#define DENDRITE_FUZZ_SKIP_CHECKSUM 0
#endif

using namespace dendrite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Executor executor(1);  // one thread team for the whole run, as in the CLI
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  ModelLimits limits;
  limits.verify_checksum = DENDRITE_FUZZ_SKIP_CHECKSUM == 0;
  auto model = parse_model(bytes, "fuzz.dendrite", limits);
  if (!model) {
    FUZZ_CHECK(model.message().find("fuzz.dendrite") != std::string::npos, model.message());
    return 0;
  }
  // Round trip: the canonical bytes of what parsed must parse back to the same canonical bytes.
  const std::string canonical = serialize_model(*model);
  auto again = parse_model(canonical, "canonical.dendrite", limits);
  FUZZ_CHECK(again.is_ok(), again.message());
  FUZZ_CHECK(serialize_model(*again) == canonical, "serialize(parse(serialize(m))) differs");

  auto module = instantiate_model(*model, "", executor);
  FUZZ_CHECK(module.is_ok(), module.message());
  NetworkModule& m = **module;
  const Topology& topology = m.topology();
  std::vector<float> input(topology.input_size(), 0.5f);  // [input neurons]
  std::vector<float> target(topology.output_size(), 0.5f);  // [output neurons]
  std::vector<float> output(topology.output_size());        // [output neurons]
  (void)m.evaluate(input.data(), target.data(), 1, output.data());
  return 0;
}
