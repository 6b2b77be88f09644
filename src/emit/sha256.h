// SHA-256 (FIPS 180-4), so reports and generated files can name the exact
// model they were made from without another dependency.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace arenaplan {

// Lower-case hex digest of `size` bytes.
std::string Sha256Hex(const uint8_t* data, size_t size);

}  // namespace arenaplan
