/* stb_implementation.c — compiles Debian's stb_image / stb_image_write headers into the core
 * library for sanitizer and fuzz builds, so the decoder itself is instrumented. Normal builds link
 * Debian's prebuilt libstb.a instead. */
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image.h>
#include <stb_image_write.h>
