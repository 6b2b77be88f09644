#include "hardening_support.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "model/builtin_ops.h"
#include "model/model_builder.h"
#include "model/tflite_schema_generated.h"

namespace arenaplan::hardening {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

LimitedRun Run(const std::vector<std::string>& args, double interrupt_after,
               double timeout_seconds) {
  static int counter = 0;
  const std::string base = std::filesystem::temp_directory_path().string() +
                           "/arenaplan_hardening_" + std::to_string(getpid()) +
                           "_" + std::to_string(counter++);
  const std::string out_path = base + ".out";
  const std::string err_path = base + ".err";
  std::vector<std::string> argv_text = {ARENAPLAN_CLI};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int in = open("/dev/null", O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  LimitedRun run;
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  };
  bool interrupted = interrupt_after < 0;
  int status = 0;
  struct rusage usage {};
  while (true) {
    const pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (!interrupted && elapsed() >= interrupt_after) {
      kill(pid, SIGINT);
      interrupted = true;
    }
    if (elapsed() > timeout_seconds) {
      run.timed_out = true;
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  run.seconds = elapsed();
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.max_rss_kb = usage.ru_maxrss;
  run.out = Slurp(out_path);
  run.err = Slurp(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return run;
}

}  // namespace

TensorSpec Activation(std::string name, std::vector<int32_t> shape) {
  TensorSpec tensor;
  tensor.name = std::move(name);
  tensor.shape = std::move(shape);
  return tensor;
}

ModelSpec ReluModel() {
  SubgraphSpec g;
  g.tensors = {Activation("in", {1, 16}), Activation("out", {1, 16})};
  g.inputs = {0};
  g.outputs = {1};
  g.ops = {MakeOp(op::kRelu, {0}, {1})};
  ModelSpec spec;
  spec.subgraphs = {g};
  return spec;
}

LimitedRun RunCliLimited(const std::vector<std::string>& args,
                         double timeout_seconds) {
  return Run(args, -1, timeout_seconds);
}

LimitedRun RunCliInterrupted(const std::vector<std::string>& args,
                             double interrupt_after_seconds,
                             double timeout_seconds) {
  return Run(args, interrupt_after_seconds, timeout_seconds);
}

size_t LineCount(const std::string& text) {
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

std::vector<std::string> DirectoryEntries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

std::vector<uint8_t> SharedTensorModel(int32_t copies, int32_t rank) {
  namespace fb = arenaplan::schema;
  flatbuffers::FlatBufferBuilder b;
  const auto shape = b.CreateVector(std::vector<int32_t>(rank, 1));
  const auto tensor =
      fb::CreateTensor(b, shape, /*type=int8*/ 9, 0, b.CreateString("shared"));
  const auto tensors = b.CreateVector(
      std::vector<flatbuffers::Offset<fb::Tensor>>(copies, tensor));
  const auto subgraph = fb::CreateSubGraph(b, tensors);
  const auto model = fb::CreateModel(
      b, 3,
      b.CreateVector(std::vector<flatbuffers::Offset<fb::OperatorCode>>{}),
      b.CreateVector(std::vector{subgraph}), 0,
      b.CreateVector(std::vector{fb::CreateBuffer(b)}));
  fb::FinishModelBuffer(b, model);
  return {b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()};
}

std::vector<uint8_t> CallBombModel(int levels, int leaf_inputs) {
  ModelSpec spec;
  for (int level = 0; level < levels; ++level) {
    SubgraphSpec sg;
    sg.tensors = {Activation("x", {1, 16})};
    OpSpec call = MakeOp(op::kCallOnce, {}, {});
    call.subgraphs = {level + 1};
    sg.ops = {call, call};
    spec.subgraphs.push_back(sg);
  }
  SubgraphSpec leaf;
  leaf.tensors = {Activation("a", {1, 16}), Activation("b", {1, 16})};
  leaf.ops = {MakeOp(op::kAdd, std::vector<int32_t>(leaf_inputs, 0), {1})};
  spec.subgraphs.push_back(leaf);
  return BuildModel(spec);
}

std::vector<uint8_t> ChainModel(int count) {
  SubgraphSpec sg;
  for (int t = 0; t <= count; ++t) {
    sg.tensors.push_back(Activation("t" + std::to_string(t), {1, 16}));
  }
  for (int i = 0; i < count; ++i)
    sg.ops.push_back(MakeOp(op::kRelu, {i}, {i + 1}));
  sg.inputs = {0};
  sg.outputs = {count};
  ModelSpec spec;
  spec.subgraphs = {sg};
  return BuildModel(spec);
}

std::string RandomProblemCsv(int count, int steps, uint32_t seed) {
  std::string csv = "id,lower,upper,size\n";
  uint32_t x = seed * 2654435761u + 1;
  const auto next = [&] {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
  };
  for (int i = 0; i < count; ++i) {
    const uint32_t lower = next() % steps;
    const uint32_t length = 1 + next() % 8;
    const uint32_t size = 16 * (1 + next() % 64);
    csv += std::to_string(i) + "," + std::to_string(lower) + "," +
           std::to_string(lower + length) + "," + std::to_string(size) + "\n";
  }
  return csv;
}

}  // namespace arenaplan::hardening
