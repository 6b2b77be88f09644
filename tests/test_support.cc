#include "test_support.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace arenaplan::testing {

std::string SharedDir() {
  const std::string dir = ARENAPLAN_SHARED_DIR;
  struct stat st;
  if (stat((dir + "/corpus").c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return dir;
  }
  return "";
}

namespace {
std::string Quote(const std::string& arg) {
  std::string q = "'";
  for (char c : arg) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}
}  // namespace

CommandResult RunCli(const std::vector<std::string>& args) {
  const std::string dir = TempDir("cli_run");
  std::string command = Quote(ARENAPLAN_CLI);
  for (const std::string& a : args) command += " " + Quote(a);
  command +=
      " >" + Quote(dir + "/out") + " 2>" + Quote(dir + "/err") + " </dev/null";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadText(dir + "/out");
  result.err = ReadText(dir + "/err");
  return result;
}

std::string TempDir(const std::string& name) {
  static int counter = 0;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string base =
      ::testing::TempDir() + "arenaplan_" +
      (info ? std::string(info->test_suite_name()) + "_" + info->name()
            : "global") +
      "_" + name + "_" + std::to_string(getpid()) + "_" +
      std::to_string(counter++);
  std::replace(base.begin() + ::testing::TempDir().size(), base.end(), '/',
               '_');
  std::filesystem::remove_all(base);
  std::filesystem::create_directories(base);
  return base;
}

void WriteFile(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool FileExists(const std::string& path) {
  return std::filesystem::exists(path);
}

std::vector<std::string> ListFiles(const std::string& dir,
                                   const std::string& suffix) {
  std::vector<std::string> files;
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string path = entry.path().string();
    if (path.size() >= suffix.size() &&
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      files.push_back(path);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> CorpusModels() {
  std::vector<std::string> models;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           SharedDir() + "/corpus/models")) {
    if (entry.path().extension() == ".tflite") {
      models.push_back(entry.path().string());
    }
  }
  std::sort(models.begin(), models.end());
  return models;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace arenaplan::testing
