// Recordings of TFLM's AddBuffer stream (CSV `id,lower,upper,size`, extra
// columns ignored), as printed by runtime/recording_planner.h or found in
// the TFLM traces. They supply the scratch buffers a model alone cannot.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/buffer_list.h"
#include "model/model.h"
#include "problem/csv_table.h"

namespace arenaplan {

struct RecordedBuffer {
  int64_t lower = 0;  // half-open [lower, upper)
  int64_t upper = 0;
  int64_t size = 0;
};

std::vector<RecordedBuffer> ParseRecording(const CsvTable& table);

// Checks that the recording's first rows are exactly `list`'s tensor
// buffers (an error names the first differing buffer) and appends the
// remaining rows to `list` as scratch buffers.
void ApplyRecording(const Model& model, const std::vector<RecordedBuffer>& rows,
                    const std::string& label, BufferList& list);

}  // namespace arenaplan
