#include "model/call_graph.h"

#include <cstdint>
#include <vector>

#include "problem/error.h"

namespace arenaplan {

void CheckCallCycles(const Model& model, const std::string& label) {
  const size_t count = model.subgraphs.size();
  enum State { kNew, kOnStack, kDone };
  std::vector<State> state(count, kNew);
  // Iterative depth-first search: (subgraph, next op, next callee).
  struct Frame {
    uint32_t subgraph;
    size_t op;
    size_t callee;
  };
  for (uint32_t root = 0; root < count; ++root) {
    if (state[root] != kNew) continue;
    std::vector<Frame> stack{{root, 0, 0}};
    state[root] = kOnStack;
    while (!stack.empty()) {
      Frame& f = stack.back();
      const auto& ops = model.subgraphs[f.subgraph].operators;
      if (f.op >= ops.size()) {
        state[f.subgraph] = kDone;
        stack.pop_back();
        continue;
      }
      const auto& callees = ops[f.op].called_subgraphs;
      if (f.callee >= callees.size()) {
        ++f.op;
        f.callee = 0;
        continue;
      }
      const uint32_t next = static_cast<uint32_t>(callees[f.callee++]);
      if (state[next] == kOnStack) {
        // The cycle is the stack from `next`'s frame to the top, back to
        // `next`.
        std::string cycle;
        bool on_cycle = false;
        for (const Frame& g : stack) {
          on_cycle = on_cycle || g.subgraph == next;
          if (on_cycle) {
            cycle += (cycle.empty() ? "subgraph " : " \u2192 ") +
                     std::to_string(g.subgraph);
          }
        }
        cycle += " \u2192 " + std::to_string(next);
        throw Error(label + ": subgraph " + std::to_string(f.subgraph) +
                    " op " + std::to_string(f.op) + " (" +
                    OperatorName(ops[f.op]) + "): control-flow cycle: " +
                    cycle + " (TFLM's AllocateTensors fails)");
      }
      if (state[next] == kNew) {
        state[next] = kOnStack;
        stack.push_back({next, 0, 0});
      }
    }
  }
}

}  // namespace arenaplan
