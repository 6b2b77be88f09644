#include "emit/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "problem/error.h"

namespace arenaplan {
namespace {

// The temporary file being written, readable from a signal handler.
char g_pending[4096];
std::atomic<bool> g_has_pending{false};

}  // namespace

void RemovePendingTemporaryFiles() {
  if (g_has_pending.exchange(false)) unlink(g_pending);
}

void WriteFileAtomically(const std::string& path, std::string_view contents) {
  const std::string temp = path + ".arenaplan-tmp." + std::to_string(getpid());
  if (temp.size() >= sizeof(g_pending)) {
    throw Error(path + ": path too long", ExitCode::kIo);
  }
  const auto fail = [&](const char* what) {
    const std::string reason = std::strerror(errno);
    RemovePendingTemporaryFiles();
    unlink(temp.c_str());
    throw Error(path + ": cannot " + what + ": " + reason, ExitCode::kIo);
  };
  std::memcpy(g_pending, temp.c_str(), temp.size() + 1);
  g_has_pending = true;
  const int fd =
      open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    g_has_pending = false;
    fail("create");
  }
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n =
        write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      close(fd);
      fail("write");
    }
    written += static_cast<size_t>(n);
  }
  if (close(fd) != 0) fail("write");
  if (rename(temp.c_str(), path.c_str()) != 0) fail("rename");
  g_has_pending = false;
}

}  // namespace arenaplan
