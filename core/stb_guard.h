// stb_guard.h — what reaches Debian 12's stb_image (v2.27), checked before any stb_image call
// sees the bytes (image_io.cpp calls check_stb_safe first in probe_image).
//
// Only the four stb decoders Dendrite needs get the bytes: PNG, JPEG, BMP and GIF, recognised by
// their signatures (binary PGM/PPM never reach stb: pnm_image.h decodes them). stb's other
// decoders (TGA — which has no signature, so stb tries it on anything else —, PSD, HDR, PIC) are
// refused: fuzzing found stb 2.27's HDR decoder looping forever on a zero-length RLE run
// (fuzz/corpus/image/timeout-hdr-rle-zero-count.hdr; fixed in stb 2.28), and none of those formats
// is one a user trains on.
//
// Inside the allowed formats each guard names the stb bug it stands in for; drop a guard once the
// stb that Debian ships has the fix (the corpus keeps the input that found it, so CTest shows the
// fix holds either way):
//
//   JPEG DHT with more than 256 codes: stbi__build_huffman writes one size entry per code into
//   a 257-entry array, so a table whose 16 code counts add up to more than 256 (up to 4080)
//   writes past the decoder's Huffman tables — memory corruption, reached already by stbi_info
//   when the table precedes the frame header (fixed in stb 2.28 with "bad DHT header").
//   Found by fuzz/fuzz_image.cpp; fuzz/corpus/image/crash-dht-over-256-codes.jpg.
//
//   JPEG scan using an undefined Huffman table: stb 2.27 does not check that the tables a scan
//   (SOS) selects were defined, and decodes with the uninitialised memory of its malloc'd
//   decoder — a symbol index far past the table's 256 entries (UBSan: index 567 of
//   stbi_uc[256]), depending on what the heap held before. The guard refuses a scan whose DC
//   table (baseline, or a progressive first DC scan) or AC table (baseline, or a progressive AC
//   scan) no earlier DHT defined. Found by fuzz/fuzz_image.cpp;
//   fuzz/corpus/image/crash-undefined-huffman-table.jpg.
//
//   PNG IDAT chunk longer than the file: stb reallocates its IDAT buffer to the chunk's claimed
//   length (doubling from 4 KiB, up to 4 GiB) before it reads the data and finds the file too
//   short, so a 439-byte file claiming a 1.3 GB chunk made it allocate 2 GiB. The guard refuses an
//   IDAT chunk that claims more bytes than the file has left (stb would refuse it afterwards).
//   Found by fuzz/fuzz_image.cpp; fuzz/corpus/image/oom-idat-longer-than-file.png.
//
//   PNG decompression bombs: stb inflates all IDAT data into a buffer it keeps doubling (up to
//   4 GiB) before comparing it with what the image size needs, so a file of a few MiB claiming
//   1×1 pixels can make it allocate gigabytes — the ImageBudget checks only the header. The
//   guard inflates the IDAT stream itself (discarding the output, so it costs one more inflate,
//   no memory) and refuses a stream longer than the pixels can use. tests/test_image_io.cpp
//   png_decompression_bomb_is_refused.
#pragma once

#include <string>

#include "core/status.h"

namespace dendrite {

// Ok, or an error naming `name` that says why the bytes are not handed to stb_image.
// Header-level checks, before stbi_info: the format is one of the four, and no known stb bug is
// triggered by its headers.
Status check_stb_safe(const std::string& bytes, const std::string& name);

// Before decoding a PNG (and after its header passed the budget): no IDAT chunk claims more bytes
// than the file holds, and its IDAT stream inflates to no more than width × height need. Not a
// PNG, or not inflatable: ok (stb gives its own error).
Status check_png_inflated_size(const std::string& bytes, const std::string& name);

}  // namespace dendrite
