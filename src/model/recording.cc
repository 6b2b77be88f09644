#include "model/recording.h"

#include <limits>

#include "problem/error.h"

namespace arenaplan {

std::vector<RecordedBuffer> ParseRecording(const CsvTable& table) {
  const size_t id = table.RequireColumn("id");
  const size_t lower = table.RequireColumn("lower");
  const size_t upper = table.RequireColumn("upper");
  const size_t size = table.RequireColumn("size");
  constexpr int64_t kIntMax = std::numeric_limits<int32_t>::max();
  std::vector<RecordedBuffer> rows;
  for (size_t r = 0; r < table.rows(); ++r) {
    if (table.Integer(r, id, 0, kIntMax) != static_cast<int64_t>(r)) {
      throw Error(table.label() + ": line " + std::to_string(table.LineOf(r)) +
                  ": id " + table.Field(r, id) + ", expected " +
                  std::to_string(r) + " (rows must be in AddBuffer order)");
    }
    RecordedBuffer b;
    b.lower = table.Integer(r, lower, -1, kIntMax);
    b.upper = table.Integer(r, upper, 0, kIntMax);
    b.size = table.Integer(r, size, 0, kIntMax);
    if (b.lower >= b.upper) {
      throw Error(table.label() + ": line " + std::to_string(table.LineOf(r)) +
                  ": lower " + std::to_string(b.lower) + " >= upper " +
                  std::to_string(b.upper));
    }
    rows.push_back(b);
  }
  return rows;
}

void ApplyRecording(const Model& model, const std::vector<RecordedBuffer>& rows,
                    const std::string& label, BufferList& list) {
  const size_t tensors = list.tensor_count;
  if (rows.size() < tensors) {
    throw Error(label + ": " + std::to_string(rows.size()) +
                " recorded buffers, but the model has " +
                std::to_string(tensors) +
                " tensor buffers: recorded with another model");
  }
  for (size_t i = 0; i < tensors; ++i) {
    const ModelBuffer& want = list.buffers[i];
    const RecordedBuffer& got = rows[i];
    if (got.lower != want.first || got.upper != want.last + 1 ||
        got.size != want.size) {
      throw Error(label + ": buffer " + std::to_string(i) + " (subgraph " +
                  std::to_string(want.subgraph) + " tensor " +
                  std::to_string(want.index) + " '" + want.name +
                  "') differs: recorded [" + std::to_string(got.lower) + "," +
                  std::to_string(got.upper) + ") " + std::to_string(got.size) +
                  " B, model gives [" + std::to_string(want.first) + "," +
                  std::to_string(want.last + 1) + ") " +
                  std::to_string(want.size) +
                  " B: wrong model or a kernel set that reshapes tensors");
    }
  }
  list.buffers.resize(tensors);
  for (size_t i = tensors; i < rows.size(); ++i) {
    const RecordedBuffer& got = rows[i];
    const int32_t number = static_cast<int32_t>(i - tensors);
    if (got.lower < 0 ||
        got.lower >= static_cast<int64_t>(list.steps.size()) ||
        got.upper > static_cast<int64_t>(list.steps.size())) {
      throw Error(label + ": scratch buffer " + std::to_string(number) +
                  " (row " + std::to_string(i) + ") has lifetime [" +
                  std::to_string(got.lower) + "," + std::to_string(got.upper) +
                  ") outside the model's " + std::to_string(list.steps.size()) +
                  " time steps (an op TFLM never reaches, or another model)");
    }
    ModelBuffer b;
    b.kind = BufferKind::kScratch;
    b.index = number;
    const TimeStep& step = list.steps[got.lower];
    b.name = "scratch " + std::to_string(number);
    if (step.op >= 0) {
      b.name += " of subgraph " + std::to_string(step.subgraph) + " op " +
                std::to_string(step.op) + " (" +
                OperatorName(model.subgraphs[step.subgraph].operators[step.op]) +
                ")";
    }
    b.first = static_cast<int32_t>(got.lower);
    b.last = static_cast<int32_t>(got.upper - 1);
    b.size = got.size;
    list.buffers.push_back(std::move(b));
  }
  list.scratch_recorded = true;
}

}  // namespace arenaplan
