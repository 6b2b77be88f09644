#include "cli/arena_text.h"

#include <sstream>

#include "arena/abi_layout.h"
#include "kernels/derive_scratch.h"
#include "problem/error.h"

namespace arenaplan::cli {

std::optional<ArenaRequirement> DeviceArena(const ModelPlan& plan,
                                            const std::string& target,
                                            const std::string& kernels,
                                            std::string* why) {
  const auto abi = ParseAbi(target);
  if (!abi) {
    throw Error(
        "--target: unknown target '" + target + "' (cortex-m or host64)",
        ExitCode::kUsage);
  }
  const auto library = ParseKernelLibrary(kernels);
  if (!library) {
    throw Error("--kernels: unknown kernel library '" + kernels + "' (" +
                    KernelLibraryNames() + ")",
                ExitCode::kUsage);
  }
  KernelOptions options;
  options.library = *library;
  BufferList list = plan.list;
  bool plan_is_complete = list.scratch_recorded;
  if (!list.scratch_recorded) {
    try {
      AppendDerivedScratch(plan.model, list, options, plan.label);
    } catch (const Error& e) {
      // The reference kernels of ops outside list.scratch_ops request no
      // scratch: the list is complete as it is.
      if (options.library != KernelLibrary::kReference ||
          !plan.list.scratch_ops.empty()) {
        *why = e.what();
        return std::nullopt;
      }
    }
    plan_is_complete = list.buffers.size() == plan.list.buffers.size();
  }
  return ComputeArenaRequirement(plan, list, plan_is_complete, *abi, options);
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
          << " with MicroInterpreter(model, resolver, arena, size)";
    }
    out << "\n";
  }
  for (const std::string& n : arena.notes) out << "  note: " << n << "\n";
  for (const std::string& u : arena.unsupported) {
    out << "  TFLM cannot allocate this model: " << u << "\n";
  }
  for (const std::string& u : arena.unmodelled) {
    out << "  not modelled: " << u << "\n";
  }
  if (arena.exact()) {
    out << "  (for an alignas(16) array; add " << kUnalignedArenaExtra
        << " bytes when it is not 16-byte aligned)\n";
  }
  return out.str();
}

}  // namespace arenaplan::cli
