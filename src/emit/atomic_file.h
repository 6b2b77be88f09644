// Every output file is written to a temporary file beside it and renamed
// into place, so a failure or an interrupt never leaves a partial file.
#pragma once

#include <string>
#include <string_view>

namespace arenaplan {

// Throws arenaplan::Error(kIo) when the file cannot be written; the
// temporary file is removed on every failure.
void WriteFileAtomically(const std::string& path, std::string_view contents);

// Removes temporary files still being written (called on SIGINT).
void RemovePendingTemporaryFiles();

}  // namespace arenaplan
