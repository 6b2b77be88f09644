#include "kernel_checks.h"

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <vector>

#include "arena/arena_size.h"
#include "kernels/derive_scratch.h"
#include "kernels/kernel_arena.h"
#include "kernels/kernel_library.h"
#include "problem/error.h"

namespace arenaplan::fuzz {
namespace {

// Lists above this size skip the arena stage (TFLM's greedy head is
// quadratic): the fuzzers' inputs are small.
constexpr size_t kMaxArenaBuffers = 2000;

struct Derived {
  std::optional<BufferList> list;  // nullopt: an arenaplan::Error
  std::string error;
};

Derived Derive(const Model& model, const BufferList& tensors,
               const KernelOptions& options, const std::string& label) {
  Derived out;
  BufferList list = tensors;
  try {
    AppendDerivedScratch(model, list, options, label);
    out.list = std::move(list);
  } catch (const Error& e) {
    Require(e.what()[0] != '\0');
    out.error = e.what();
  }
  return out;
}

bool SameBuffers(const BufferList& a, const BufferList& b) {
  if (a.buffers.size() != b.buffers.size()) return false;
  for (size_t i = 0; i < a.buffers.size(); ++i) {
    const ModelBuffer& x = a.buffers[i];
    const ModelBuffer& y = b.buffers[i];
    if (x.kind != y.kind || x.size != y.size || x.first != y.first ||
        x.last != y.last || x.name != y.name) {
      return false;
    }
  }
  return true;
}

bool SameOutcome(const Derived& a, const Derived& b) {
  if (a.list.has_value() != b.list.has_value()) return false;
  return a.list ? SameBuffers(*a.list, *b.list) : a.error == b.error;
}

// The scratch part as AppendDerivedScratch documents it, and the same
// numbers as ScratchRequestingOps states for the notes.
void CheckScratch(const Model& model, const BufferList& tensors,
                  const KernelOptions& options, const Derived& derived,
                  const std::string& label) {
  std::vector<ScratchRequestingOp> ops;
  try {
    ops = ScratchRequestingOps(model, options, label);
  } catch (...) {
    Require(false);  // PreparedShapes already passed in DeriveBufferList
  }
  for (const ScratchRequestingOp& op : ops) {
    Require(!op.bytes || (*op.bytes >= 0 && *op.bytes % 16 == 0));
    Require(op.requests >= 0);
  }
  if (!derived.list) return;
  const BufferList& list = *derived.list;
  Require(list.tensor_count == tensors.tensor_count);
  Require(!list.scratch_recorded && list.scratch_ops.empty());
  constexpr int64_t kMaxSize = std::numeric_limits<int32_t>::max() - 15;
  size_t next = tensors.buffers.size();
  for (size_t i = next; i < list.buffers.size(); ++i) {
    const ModelBuffer& b = list.buffers[i];
    Require(b.kind == BufferKind::kScratch);
    Require(b.size >= 0 && b.size % 16 == 0 && b.size <= kMaxSize);
    Require(b.first >= 0 && b.first <= b.last &&
            b.last < static_cast<int32_t>(list.steps.size()));
  }
  for (const ScratchRequestingOp& op : ops) {
    Require(op.bytes.has_value());  // the list was derived: every rule known
    int64_t total = 0;
    for (int32_t k = 0; k < op.requests; ++k, ++next) {
      Require(next < list.buffers.size());
      total += list.buffers[next].size;
    }
    Require(total == *op.bytes);
  }
  Require(next == list.buffers.size());
}

void CheckArena(const Model& model, const BufferList& list,
                const KernelOptions& options, const std::string& label) {
  if (list.buffers.size() > kMaxArenaBuffers) return;
  const int64_t head = TflmGreedyHead(list);
  // Not always a multiple of 16: an odd OfflineMemoryAllocation offset
  // leaves TFLM's greedy plan unaligned (RESULTS.md, F3).
  Require(head >= 0);
  for (Abi abi : {Abi::kCortexM, Abi::kHost64}) {
    for (ArenaRoute route : {ArenaRoute::kStock, ArenaRoute::kHeader}) {
      std::optional<RouteArena> first;
      std::string error;
      for (int run = 0; run < 2; ++run) {
        try {
          RouteArena r =
              RouteArenaOf(model, list, route, head, abi, options, label);
          Require(r.bytes >= 0 && r.bytes % 16 == 0);
          Require(r.bytes >= r.head + r.allocation.tail);
          Require(r.allocation.min_arena == r.bytes);
          Require(r.allocation.tail >= 0 && r.allocation.peak >= 0);
          for (const ArenaEvent& e : r.allocation.events) {
            if (e.what == "planner_scratch") continue;  // all free memory
            Require(e.size >= 0 && e.need >= 0 && e.tail_bytes >= 0 &&
                    e.head_bytes >= 0 && e.temp_end_bytes >= 0);
          }
          if (r.interpreter4_bytes) {
            Require(*r.interpreter4_bytes % 16 == 0 &&
                    *r.interpreter4_bytes >= r.bytes);
          }
          if (run == 0) {
            first = std::move(r);
          } else {
            Require(first && first->bytes == r.bytes &&
                    first->interpreter4_bytes == r.interpreter4_bytes &&
                    first->allocation.events.size() ==
                        r.allocation.events.size() &&
                    first->allocation.unmodelled == r.allocation.unmodelled &&
                    first->allocation.unsupported == r.allocation.unsupported);
          }
        } catch (const Error& e) {
          Require(e.what()[0] != '\0');
          Require(run == 0 ? !first : (!first && error == e.what()));
          error = e.what();
        }
      }
    }
  }
}

}  // namespace

void Require(bool condition, const char* file, int line) {
  if (condition) return;
  std::fprintf(stderr, "invariant broken at %s:%d\n", file, line);
  std::abort();
}

void CheckKernelLibrary(const Model& model, const BufferList& tensors,
                        KernelLibrary library, bool arena,
                        const std::string& label) {
  std::optional<Derived> base;
  for (KernelCompiler compiler :
       {KernelCompiler::kGcc, KernelCompiler::kArmclang}) {
    for (KernelOptimization optimization :
         {KernelOptimization::kSpeed, KernelOptimization::kSize}) {
      const KernelOptions options{library, compiler, optimization};
      const Derived derived = Derive(model, tensors, options, label);
      Require(SameOutcome(derived, Derive(model, tensors, options, label)));
      CheckScratch(model, tensors, options, derived, label);
      if (!base) {
        base = derived;
      } else if (!KernelLibraryDependsOnCompiler(library)) {
        Require(SameOutcome(*base, derived));
      }
      // The compiler changes scratch only, which the list carries; the
      // optimization changes the CMSIS-NN arena rules too.
      const bool run_arena = arena && compiler == KernelCompiler::kGcc &&
                             (optimization == KernelOptimization::kSpeed ||
                              KernelLibraryDependsOnCompiler(library));
      if (run_arena && derived.list) {
        CheckArena(model, *derived.list, options, label);
      }
    }
  }
}

void CheckKernelStages(const Model& model, const BufferList& tensors,
                       uint64_t pick, const std::string& label) {
  const KernelLibrary cmsis[] = {KernelLibrary::kCmsisNn,
                                 KernelLibrary::kCmsisNnDsp,
                                 KernelLibrary::kCmsisNnMve};
  const KernelLibrary esp[] = {KernelLibrary::kEspNn, KernelLibrary::kEspNnS3,
                               KernelLibrary::kEspNnAnsi};
  for (KernelLibrary library : AllKernelLibraries()) {
    const bool arena = library == KernelLibrary::kReference ||
                       library == cmsis[pick % 3] ||
                       library == esp[(pick / 3) % 3];
    CheckKernelLibrary(model, tensors, library, arena, label);
  }
}

}  // namespace arenaplan::fuzz
