#include "arena_test_support.h"

#include <fstream>
#include <sstream>

#include "arena/arena_allocator.h"
#include "kernels/derive_scratch.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "problem/csv_table.h"
#include "problem/error.h"
#include "test_support.h"

namespace arenaplan {
namespace {

bool Exists(const std::string& path) { return std::ifstream(path).good(); }

// The TFLM traces that record a model's AddBuffer stream with a library.
std::vector<std::string> TracesFor(const std::string& name,
                                   KernelLibrary library) {
  const std::string c = testing::SharedDir() + "/corpus/";
  if (library == KernelLibrary::kReference) {
    return {c + "tflm-traces/" + name + ".csv",
            c + "tflm-traces-field/reference/" + name + ".csv"};
  }
  if (library == KernelLibrary::kCmsisNnDsp) {
    return {c + "tflm-traces-cmsis-nn/dsp/" + name + ".csv",
            c + "tflm-traces-field/cmsis-nn-dsp/" + name + ".csv"};
  }
  return {};
}

}  // namespace

std::optional<CorpusModel> LoadCorpusModel(const std::string& name,
                                           const KernelOptions& kernels,
                                           std::string* why) {
  const size_t cut = name.find("__");
  const std::string path = testing::SharedDir() + "/corpus/models/" +
                           name.substr(0, cut) + "/" + name.substr(cut + 2) +
                           ".tflite";
  const std::vector<uint8_t> bytes = ReadFileBytes(path);
  CorpusModel out;
  out.model = ReadModel(bytes.data(), bytes.size(), name);
  out.list = DeriveBufferList(out.model, name);
  try {
    BufferList derived = out.list;
    AppendDerivedScratch(out.model, derived, kernels, name);
    out.list = std::move(derived);
    out.scratch_source = "derived";
    return out;
  } catch (const Error& e) {
    *why = e.what();
  }
  for (const std::string& trace : TracesFor(name, kernels.library)) {
    if (!Exists(trace)) continue;
    ApplyRecording(out.model, ParseRecording(CsvTable::ReadFile(trace)), trace,
                   out.list);
    out.scratch_source = trace;
    return out;
  }
  if (kernels.library == KernelLibrary::kReference &&
      out.list.scratch_ops.empty()) {
    out.scratch_source = "none";
    return out;
  }
  *why = "no scratch rule and no trace: " + *why;
  return std::nullopt;
}

AllocLog ReadAllocLog(const std::string& path) {
  const CsvTable t = CsvTable::ReadFile(path);
  AllocLog log;
  const auto col = [&](const char* c) { return t.RequireColumn(c); };
  const auto num = [&](size_t r, const char* c) {
    return t.Integer(r, col(c), INT64_MIN / 2, INT64_MAX / 2);
  };
  for (size_t r = 0; r < t.rows(); ++r) {
    ArenaEvent e;
    e.phase = t.Field(r, col("phase"));
    if (e.phase == "invoke") break;
    e.subgraph = static_cast<int32_t>(num(r, "subgraph"));
    e.op = static_cast<int32_t>(num(r, "op"));
    e.op_name = t.Field(r, col("op_name"));
    e.tensor = static_cast<int32_t>(num(r, "tensor"));
    e.kind = t.Field(r, col("kind"));
    e.what = t.Field(r, col("what"));
    e.category = t.Field(r, col("category"));
    e.size = num(r, "size");
    e.alignment = num(r, "alignment");
    e.consumed = num(r, "consumed");
    e.offset = num(r, "offset");
    e.head_bytes = num(r, "head_bytes");
    e.temp_end_bytes = num(r, "temp_end_bytes");
    e.tail_bytes = num(r, "tail_bytes");
    e.in_use_bytes = num(r, "in_use_bytes");
    if (r == 0) log.arena_size = e.offset + e.size;
    log.rows.push_back(std::move(e));
  }
  return log;
}

ModelMeasures Measure(const CorpusModel& input, Abi abi,
                      const KernelOptions& kernels, int64_t arena_size,
                      const std::string& label) {
  ModelMeasures m;
  const int64_t greedy = TflmGreedyHead(input.list);
  m.stock = RouteArenaOf(input.model, input.list, ArenaRoute::kStock, greedy,
                         abi, kernels, label, arena_size);
  // The shim gets TFLM greedy's own offsets and keeps no tables.
  m.shim = RouteArenaOf(input.model, input.list, ArenaRoute::kHeader, greedy,
                        abi, kernels, label, arena_size);
  const AllocateTensorsResult& a = m.stock.allocation;
  m.columns["head_bytes"] = a.head;
  m.columns["persistent_bytes"] = a.tail;
  m.columns["arena_used_bytes"] = a.head + a.tail;
  m.columns["planning_peak_bytes"] = a.peak;
  m.columns["min_arena_greedy"] = m.stock.bytes;
  m.columns["min_arena_shim"] = input.model.offline_offsets ? -1 : m.shim.bytes;
  for (size_t c = 0; c < kTailCategoryCount; ++c) {
    m.columns[std::string("tail_") +
              TailCategoryName(static_cast<TailCategory>(c))] =
        a.tail_by_category[c];
  }
  return m;
}

namespace {

std::string RowText(const ArenaEvent& e) {
  std::ostringstream s;
  s << e.phase << "," << e.subgraph << "," << e.op << "," << e.op_name << ","
    << e.tensor << "," << e.kind << "," << e.what << "," << e.category << ","
    << e.size << "," << e.alignment << "," << e.consumed << "," << e.offset
    << "," << e.head_bytes << "," << e.temp_end_bytes << "," << e.tail_bytes
    << "," << e.in_use_bytes;
  return s.str();
}

}  // namespace

std::string FirstDifferingRow(const AllocLog& truth,
                              const AllocateTensorsResult& got) {
  const size_t n = std::max(truth.rows.size(), got.events.size());
  for (size_t r = 0; r < n; ++r) {
    const std::string want =
        r < truth.rows.size() ? RowText(truth.rows[r]) : "(none)";
    const std::string have =
        r < got.events.size() ? RowText(got.events[r]) : "(none)";
    if (want != have) {
      return "row " + std::to_string(r) + "\n  TFLM:      " + want +
             "\n  arenaplan: " + have;
    }
  }
  return "";
}

}  // namespace arenaplan
