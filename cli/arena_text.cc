#include "cli/arena_text.h"

#include <algorithm>
#include <sstream>

#include "arena/abi_layout.h"
#include "problem/error.h"

namespace arenaplan::cli {

ArenaRequirement DeviceArena(const ModelPlan& plan,
                             const ScratchSource& scratch,
                             const std::string& target) {
  const auto abi = ParseAbi(target);
  if (!abi) {
    throw Error(
        "--target: unknown target '" + target + "' (cortex-m or host64)",
        ExitCode::kUsage);
  }
  KernelOptions options;
  options.library = scratch.library.value_or(KernelLibrary::kReference);
  options.compiler = scratch.compiler;
  options.optimization = scratch.optimization;
  // The list is complete for the named build, or (nothing named) holds the
  // reference kernels' scratch when every reference rule is known.
  bool complete = scratch.complete;
  if (scratch.origin == ScratchOrigin::kAssumed && !scratch.groups.empty()) {
    const auto& reference = scratch.groups.front().ops;
    complete = std::all_of(
        reference.begin(), reference.end(),
        [](const ScratchRequestingOp& op) { return op.bytes.has_value(); });
  }
  ArenaRequirement out =
      ComputeArenaRequirement(plan, plan.list, true, *abi, options);
  if (!complete) {
    // Known in part: the ops whose scratch the list lacks are named.
    for (const ScratchRequestingOp& op : plan.list.scratch_ops) {
      if (op.bytes) continue;
      out.unmodelled.push_back("subgraph " + std::to_string(op.subgraph) +
                               " op " + std::to_string(op.op) + " (" +
                               op.op_name + "): scratch buffers unknown for " +
                               KernelLibraryName(options.library));
    }
    if (out.unmodelled.empty()) {
      out.unmodelled.push_back("the buffer list lacks scratch buffers of the " +
                               std::string(KernelLibraryName(options.library)) +
                               " kernels (pass --kernels or --recorded)");
    }
  }
  if (const char* caveat = ArenaAbiCaveat(options.library, *abi)) {
    out.notes.push_back(caveat);
  }
  if (scratch.origin == ScratchOrigin::kAssumed) {
    out.notes.push_back(
        "kernels assumed (no --kernels or --recorded): TFLM's reference "
        "kernels; pass --kernels for another library");
  } else if (!scratch.library) {
    out.notes.push_back(
        "kernels assumed for the arena rules: reference (a recording alone "
        "does not name its library; pass --kernels with --recorded)");
  }
  return out;
}

std::string ArenaText(const ArenaRequirement& arena) {
  std::ostringstream out;
  out << "device arena: " << ExactFor(arena.abi, arena.kernels) << "\n";
  for (const RouteArena& r : arena.routes) {
    const AllocateTensorsResult& a = r.allocation;
    out << "  " << ArenaRouteName(r.route) << ":"
        << std::string(8 - std::string(ArenaRouteName(r.route)).size(), ' ');
    if (arena.exact()) {
      out << "declare at least " << r.bytes << " bytes";
    } else {
      out << "not stated (the modelled part alone needs " << r.bytes
          << " bytes)";
    }
    out << ": max(head " << r.head << " + tail " << a.tail << ", planning peak "
        << a.planning_need << ") rounded up to 16";
    if (r.interpreter4_bytes && arena.exact()) {
      out << "; " << *r.interpreter4_bytes
          << (arena.resource_variables > 0
                  ? " with MicroAllocator::Create(arena, size) before "
                    "MicroResourceVariables::Create"
                  : " with MicroInterpreter(model, resolver, arena, size)");
    }
    out << "\n";
  }
  for (const std::string& n : arena.notes) out << "  note: " << n << "\n";
  // At most five lines each; the report lists them all.
  const auto list = [&](const std::vector<std::string>& lines,
                        const char* prefix) {
    for (size_t k = 0; k < lines.size() && k < 5; ++k) {
      out << "  " << prefix << lines[k] << "\n";
    }
    if (lines.size() > 5) {
      out << "  ... and " << lines.size() - 5 << " more (see --report)\n";
    }
  };
  list(arena.unsupported, "TFLM cannot allocate this model: ");
  list(arena.unmodelled, "not modelled: ");
  if (arena.exact()) {
    out << "  (for an alignas(16) array; add " << kUnalignedArenaExtra
        << " bytes when it is not 16-byte aligned)\n";
  }
  return out.str();
}

}  // namespace arenaplan::cli
