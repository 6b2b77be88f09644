#include "plan/peak.h"

#include <algorithm>
#include <map>

#include "problem/lower_bound.h"

namespace arenaplan {
namespace {

// Names listed for a merged pinned region before "and N more".
constexpr size_t kMaxRegionNames = 4;

// Pinned units alive at one step whose byte ranges overlap (Vela's scratch
// and fast-scratch areas, and the tensors Vela placed inside them) take
// the bytes of their union, as the peak counts them: they become one
// entry, keyed by the region's first unit.
void MergePinnedRegions(const std::vector<Buffer>& units,
                        std::map<int32_t, PeakEntry>& by_unit) {
  std::vector<int32_t> pinned;
  for (const auto& [unit, entry] : by_unit) {
    if (units[unit].fixed_offset) pinned.push_back(unit);
  }
  std::sort(pinned.begin(), pinned.end(), [&](int32_t a, int32_t b) {
    return *units[a].fixed_offset != *units[b].fixed_offset
               ? *units[a].fixed_offset < *units[b].fixed_offset
               : a < b;
  });
  for (size_t i = 0; i < pinned.size();) {
    const int64_t low = *units[pinned[i]].fixed_offset;
    int64_t high = low + units[pinned[i]].size;
    size_t j = i + 1;
    while (j < pinned.size() && *units[pinned[j]].fixed_offset < high) {
      high = std::max(high,
                      *units[pinned[j]].fixed_offset + units[pinned[j]].size);
      ++j;
    }
    if (j - i >= 2) {
      std::vector<int32_t> members(pinned.begin() + i, pinned.begin() + j);
      std::sort(members.begin(), members.end());
      PeakEntry region;
      size_t named = 0;
      for (int32_t unit : members) {
        PeakEntry& e = by_unit[unit];
        region.buffers.insert(region.buffers.end(), e.buffers.begin(),
                              e.buffers.end());
        if (named++ < kMaxRegionNames) {
          region.names += (region.names.empty() ? "" : " + ") + e.names;
        }
        if (unit != members[0]) by_unit.erase(unit);
      }
      if (named > kMaxRegionNames) {
        region.names +=
            " and " + std::to_string(named - kMaxRegionNames) + " more";
      }
      region.shape = "one pinned region [" + std::to_string(low) + ", " +
                     std::to_string(high) + ")";
      region.type = "";
      region.bytes = high - low;
      by_unit[members[0]] = std::move(region);
    }
    i = j;
  }
}

}  // namespace

PeakReport ExplainPeak(const Model& model, const BufferList& list,
                       const Problem& problem) {
  const CollapsedProblem collapsed = CollapseGroups(problem);
  const std::vector<Buffer>& units = collapsed.collapsed.buffers;
  PeakReport report;
  if (units.empty()) return report;

  // Live bytes per time step, by a difference array over [first, last].
  int64_t begin = units[0].lower, end = units[0].upper;
  for (const Buffer& u : units) {
    begin = std::min(begin, u.lower);
    end = std::max(end, u.upper);
  }
  // Pinned units that may overlap (Vela pins its scratch areas on top of
  // each other) count as the union of their ranges, as in the bound.
  std::vector<const Buffer*> loose_pins;
  if (problem.pinned_may_overlap) {
    for (const Buffer& u : units) {
      if (u.fixed_offset) loose_pins.push_back(&u);
    }
    if (loose_pins.size() > kMaxUnionPins) loose_pins.clear();
  }
  std::vector<int64_t> delta(end - begin + 1, 0);
  std::vector<char> pins_change(end - begin + 1, 0);
  for (const Buffer& u : units) {
    if (u.fixed_offset && !loose_pins.empty()) {
      pins_change[u.lower - begin] = pins_change[u.upper - begin] = 1;
      continue;
    }
    delta[u.lower - begin] += u.size;
    delta[u.upper - begin] -= u.size;
  }
  std::vector<int64_t> live_times;
  int64_t sum = 0, pinned = 0;
  for (int64_t t = begin; t < end; ++t) {
    sum += delta[t - begin];
    if (pins_change[t - begin]) {  // the union changes only here
      std::vector<std::pair<int64_t, int64_t>> ranges;
      for (const Buffer* u : loose_pins) {
        if (u->lower <= t && t < u->upper) {
          ranges.emplace_back(*u->fixed_offset, *u->fixed_offset + u->size);
        }
      }
      pinned = UnionLength(std::move(ranges));
    }
    const int64_t live = sum + pinned;
    if (live > report.bytes) {
      report.bytes = live;
      report.step_count = 0;
      live_times.clear();
    }
    if (live == report.bytes && live > 0) {
      ++report.step_count;
      if (live_times.size() < kMaxPeakSteps) live_times.push_back(t);
    }
  }

  const auto shapes = PreparedShapes(model, "model");
  for (int64_t t : live_times) {
    PeakStep step;
    step.time = t;
    step.live_bytes = report.bytes;
    if (t >= 0 && t < static_cast<int64_t>(list.steps.size())) {
      step.subgraph = list.steps[t].subgraph;
      step.op = list.steps[t].op;
      step.op_name =
          step.op < 0
              ? "(subgraph " + std::to_string(step.subgraph) + " entry)"
              : OperatorName(model.subgraphs[step.subgraph].operators[step.op]);
    } else {
      step.op_name = "(before the first op)";
    }
    // Members of each unit alive now (a group's first member when none is:
    // the group's combined lifetime may have a gap).
    std::map<int32_t, std::vector<int32_t>> members_of_unit;
    for (size_t i = 0; i < problem.buffers.size(); ++i) {
      const int32_t unit = collapsed.representative[i];
      const Buffer& u = units[unit];
      if (!(u.lower <= t && t < u.upper)) continue;
      auto& members = members_of_unit[unit];
      const Buffer& b = problem.buffers[i];
      const bool alive = b.lower <= t && t < b.upper;
      if (alive && members.size() == 1 &&
          !(problem.buffers[members[0]].lower <= t &&
            t < problem.buffers[members[0]].upper)) {
        members.clear();  // replace the placeholder by a living member
      }
      if (alive || members.empty()) members.push_back(static_cast<int32_t>(i));
    }
    std::map<int32_t, PeakEntry> by_unit;
    for (const auto& [unit, members] : members_of_unit) {
      PeakEntry& entry = by_unit[unit];
      entry.bytes = units[unit].size;
      entry.buffers = members;
      for (int32_t i : members) {
        const ModelBuffer& m = list.buffers[i];
        const std::string name =
            m.kind == BufferKind::kScratch
                ? "scratch #" + std::to_string(m.index)
                : (m.name.empty() ? "tensor " + std::to_string(m.index)
                                  : m.name);
        entry.names += (entry.names.empty() ? "" : " = ") + name;
      }
      const ModelBuffer& first = list.buffers[members[0]];
      if (first.kind == BufferKind::kScratch) {
        entry.shape = "scratch";
        entry.type = "-";
      } else {
        entry.shape = ShapeString(shapes[first.subgraph][first.index]);
        entry.type = TensorTypeName(
            model.subgraphs[first.subgraph].tensors[first.index].type);
      }
    }
    if (!loose_pins.empty()) MergePinnedRegions(units, by_unit);
    for (auto& [unit, entry] : by_unit) step.alive.push_back(std::move(entry));
    std::stable_sort(step.alive.begin(), step.alive.end(),
                     [](const PeakEntry& a, const PeakEntry& b) {
                       return a.bytes > b.bytes;
                     });
    report.steps.push_back(std::move(step));
  }
  return report;
}

}  // namespace arenaplan

namespace arenaplan {

std::string PeakText(const PeakReport& peak, size_t max_rows) {
  if (peak.steps.empty()) return "peak:         no buffers\n";
  // In parentheses; op_name already has them when there is no op.
  const auto where = [](const PeakStep& s) {
    return s.op < 0
               ? s.op_name
               : "(op " + std::to_string(s.op) + " " + s.op_name +
                     (s.subgraph ? " of subgraph " + std::to_string(s.subgraph)
                                 : "") +
                     ")";
  };
  const PeakStep& first = peak.steps[0];
  std::string text = "peak:         " + std::to_string(peak.bytes) +
                     " bytes alive at step " + std::to_string(first.time) +
                     " " + where(first) + ":\n";
  for (size_t i = 0; i < first.alive.size() && i < max_rows; ++i) {
    const PeakEntry& e = first.alive[i];
    text += "  " + std::to_string(e.bytes) + " B  " + e.names + "  " + e.shape +
            (e.type.empty() ? "" : " " + e.type) + "\n";
  }
  if (first.alive.size() > max_rows) {
    text += "  ... and " + std::to_string(first.alive.size() - max_rows) +
            " smaller\n";
  }
  if (peak.step_count > 1) {
    text += "  also reached at";
    for (size_t i = 1; i < peak.steps.size(); ++i) {
      text += (i > 1 ? "," : "") + std::string(" step ") +
              std::to_string(peak.steps[i].time) + " " + where(peak.steps[i]);
    }
    const int64_t unlisted =
        peak.step_count - static_cast<int64_t>(peak.steps.size());
    if (unlisted > 0) {
      text += " and " + std::to_string(unlisted) + " more steps";
    }
    text += "\n";
  }
  return text;
}

}  // namespace arenaplan
