#include "arena_log.h"

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "test_support.h"

namespace arenaplan::testing {
namespace {

// Cells of one CSV line (no quoting in these files; CRLF or LF endings).
std::vector<std::string> SplitCsv(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace

std::vector<ArenaLogRow> ReadArenaLog(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = SplitCsv(line);
  auto column = [&](const std::string& name) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    throw std::runtime_error(path + ": no column " + name);
  };
  const size_t phase = column("phase"), subgraph = column("subgraph"),
               op = column("op"), op_name = column("op_name"),
               kind = column("kind"), what = column("what"),
               size = column("size"), alignment = column("alignment");
  std::vector<ArenaLogRow> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> c = SplitCsv(line);
    if (c.size() != header.size()) {
      throw std::runtime_error(path + ": bad row: " + line);
    }
    ArenaLogRow r;
    r.phase = c[phase];
    r.subgraph = std::stoi(c[subgraph]);
    r.op = std::stoi(c[op]);
    r.op_name = c[op_name];
    r.kind = c[kind];
    r.what = c[what];
    r.size = std::stoll(c[size]);
    r.alignment = std::stoll(c[alignment]);
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<KernelRow> KernelRowsOf(const std::vector<ArenaLogRow>& log,
                                    int32_t subgraph, int32_t op,
                                    const std::string& phase) {
  std::vector<KernelRow> out;
  for (const ArenaLogRow& r : log) {
    if (r.phase != phase || r.subgraph != subgraph || r.op != op) continue;
    if (r.kind != "persistent" && r.kind != "temp" && r.kind != "temp_free") {
      continue;
    }
    out.push_back({r.kind, r.what, r.size, r.alignment});
  }
  return out;
}

std::vector<KernelRow> ExpectedRows(const std::vector<ArenaCall>& calls,
                                    const OpView& op, Abi abi) {
  const bool m = abi == Abi::kCortexM;
  const int64_t tensor_size = m ? 32 : 64, pointer_align = m ? 4 : 8;
  const int64_t quantization_size = m ? 12 : 24;
  std::vector<KernelRow> out;
  auto affine = [&](int32_t t) {
    const ModelQuantization& q = op.tensor(t).quantization;
    return !q.scale.empty() && !q.zero_point.empty();
  };
  for (const ArenaCall& c : calls) {
    switch (c.kind) {
      case ArenaCall::Kind::kPersistent:
        out.push_back({"persistent", "kernel_persistent", c.bytes, 16});
        break;
      case ArenaCall::Kind::kTempTensor:
        out.push_back(
            {"temp", "temp_TfLiteTensor", tensor_size, pointer_align});
        if (affine(c.tensor)) {
          const int64_t channels = static_cast<int64_t>(
              op.tensor(c.tensor).quantization.scale.size());
          out.push_back(
              {"temp", "temp_quantization", quantization_size, pointer_align});
          out.push_back({"temp", "temp_zero_point", 4 + 4 * channels, 4});
        }
        break;
      case ArenaCall::Kind::kFreeTempTensor:
        if (affine(c.tensor)) {
          out.push_back({"temp_free", "temp_zero_point", 0, 0});
          out.push_back({"temp_free", "temp_quantization", 0, 0});
        }
        out.push_back({"temp_free", "temp_TfLiteTensor", 0, 0});
        break;
      case ArenaCall::Kind::kTempBuffer:
        out.push_back({"temp", "kernel_temp", c.bytes, c.alignment});
        break;
      case ArenaCall::Kind::kFreeTempBuffer:
        out.push_back({"temp_free", "kernel_temp", 0, 0});
        break;
      case ArenaCall::Kind::kResourceBuffer:
        // Logged only for a resource's first assignment (the arena stage
        // decides, tests/arena checks); ops with these are not compared
        // here.
        break;
      case ArenaCall::Kind::kScratchRequest:
        break;
    }
  }
  return out;
}

std::string Describe(const std::vector<KernelRow>& rows) {
  std::string s;
  for (const KernelRow& r : rows) {
    s += "  " + r.kind + " " + r.what + " " + std::to_string(r.size) + "/" +
         std::to_string(r.alignment) + "\n";
  }
  return s;
}

int64_t ReplayTail(
    const std::vector<ArenaLogRow>& log, const Model& model,
    const std::vector<std::vector<std::vector<int32_t>>>& shapes,
    bool (*own)(int32_t kernel_code),
    const std::function<std::optional<KernelArenaUse>(const OpView&)>& rule,
    int64_t scratch_buffers, int64_t handle_bytes) {
  int64_t tail = 0;
  auto allocate = [&](int64_t size, int64_t alignment) {
    tail = (tail + size + alignment - 1) / alignment * alignment;
  };
  std::set<std::tuple<int32_t, int32_t, std::string>> placed;
  bool handles_placed = false;
  for (const ArenaLogRow& r : log) {
    if (!handles_placed && (r.phase == "memory_planning" ||
                            r.phase == "io_tensors" || r.phase == "invoke")) {
      handles_placed = true;
      if (scratch_buffers > 0) {
        allocate(scratch_buffers * handle_bytes, handle_bytes);
      }
    }
    if (r.what == "scratch_buffer_handles") continue;
    const bool kernel =
        (r.phase == "init" || r.phase == "prepare") && r.op >= 0 &&
        own(model.subgraphs[r.subgraph].operators[r.op].kernel_code);
    if (!kernel) {
      if (r.kind == "persistent") allocate(r.size, r.alignment);
      continue;
    }
    // The op's own rows are replaced by the rule's, placed at the first row
    // (of any kind) the op logs in this phase.
    if (!placed.insert({r.subgraph, r.op, r.phase}).second) continue;
    const OpView view{&model, &shapes[r.subgraph], r.subgraph, r.op};
    const auto use = rule(view);
    if (!use) return -1;
    for (const ArenaCall& c : r.phase == "init" ? use->init : use->prepare) {
      if (c.kind == ArenaCall::Kind::kPersistent) allocate(c.bytes, 16);
    }
  }
  return tail;
}

std::map<std::string, int64_t> SummaryColumn(const std::string& path,
                                             const std::string& column) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = SplitCsv(line);
  std::map<std::string, int64_t> out;
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = SplitCsv(line);
    for (size_t i = 0; i < header.size() && i < cells.size(); ++i) {
      if (header[i] == column) out[cells[0]] = std::stoll(cells[i]);
    }
  }
  return out;
}

std::vector<TailCheck> Host64Tails(
    const std::string& corpus, const std::string& summary,
    const std::string& persistent_column, bool (*own)(int32_t kernel_code),
    const std::function<std::optional<KernelArenaUse>(const OpView&)>& rule) {
  const auto persistent = SummaryColumn(summary, persistent_column);
  const auto scratch = SummaryColumn(summary, "scratch");
  std::vector<TailCheck> out;
  for (const auto& [name, want] : persistent) {
    const std::string log_path =
        corpus + "/tflm-arena/host64-reference/" + name + ".alloc.csv";
    if (!FileExists(log_path)) continue;
    const size_t sep = name.find("__");
    const std::string model_path = corpus + "/models/" + name.substr(0, sep) +
                                   "/" + name.substr(sep + 2) + ".tflite";
    const std::vector<uint8_t> bytes = ReadFileBytes(model_path);
    const Model model = ReadModel(bytes.data(), bytes.size(), model_path);
    const auto shapes = PreparedShapes(model, model_path);
    out.push_back({name, want,
                   ReplayTail(ReadArenaLog(log_path), model, shapes, own, rule,
                              scratch.at(name), 8)});
  }
  return out;
}

}  // namespace arenaplan::testing
