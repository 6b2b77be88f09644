#include "plan/model_problem.h"

namespace arenaplan {

Problem ProblemFromBufferList(const BufferList& list) {
  Problem problem;
  problem.buffers.reserve(list.buffers.size());
  problem.pinned_may_overlap = true;  // TFLM takes metadata pins as given
  for (const ModelBuffer& m : list.buffers) {
    Buffer b;
    b.size = m.size;
    b.lower = m.first;
    b.upper = static_cast<int64_t>(m.last) + 1;
    // TFLM uses a pinned offset as given, aligned or not.
    b.alignment = m.pinned_offset ? 1 : kTflmBufferAlignment;
    if (m.pinned_offset) b.fixed_offset = *m.pinned_offset;
    problem.buffers.push_back(b);
  }
  return problem;
}

}  // namespace arenaplan
