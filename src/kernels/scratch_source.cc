#include "kernels/scratch_source.h"

#include <algorithm>
#include <map>

#include "kernels/derive_scratch.h"
#include "model/recording.h"
#include "problem/csv_table.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

// Differing rows listed one per line after the first; the rest counted.
constexpr size_t kMaxDifferenceLines = 20;

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

KernelOptions OptionsFor(KernelLibrary library, const ScratchChoice& choice) {
  KernelOptions options;
  options.library = library;
  options.compiler = choice.compiler;
  options.optimization = choice.optimization;
  return options;
}

bool SameOps(const std::vector<ScratchRequestingOp>& a,
             const std::vector<ScratchRequestingOp>& b) {
  return std::equal(
      a.begin(), a.end(), b.begin(), b.end(),
      [](const ScratchRequestingOp& x, const ScratchRequestingOp& y) {
        return x.subgraph == y.subgraph && x.op == y.op && x.bytes == y.bytes &&
               x.requests == y.requests;
      });
}

std::string LibraryNames(const std::vector<KernelLibrary>& libraries) {
  std::string out;
  for (KernelLibrary library : libraries) {
    out += (out.empty() ? "" : ", ") + std::string(KernelLibraryName(library));
  }
  return out;
}

// "CONV_2D ops 2, 4; SOFTMAX op 9".
std::string OpsText(const std::vector<ScratchRequestingOp>& ops) {
  std::vector<std::pair<std::string, std::vector<std::string>>> by_name;
  for (const ScratchRequestingOp& op : ops) {
    std::string key = op.op_name;
    if (op.subgraph != 0)
      key += " (subgraph " + std::to_string(op.subgraph) + ")";
    const std::string number = std::to_string(op.op);
    auto it = std::find_if(by_name.begin(), by_name.end(),
                           [&](const auto& e) { return e.first == key; });
    if (it == by_name.end()) {
      by_name.push_back({key, {number}});
    } else {
      it->second.push_back(number);
    }
  }
  std::string out;
  for (const auto& [name, numbers] : by_name) {
    out += (out.empty() ? "" : "; ") + name +
           (numbers.size() == 1 ? " op " : " ops ");
    for (size_t k = 0; k < numbers.size(); ++k) {
      out += (k ? ", " : "") + numbers[k];
    }
  }
  return out;
}

// "CONV_2D ops 1, 3 request scratch with esp-nn-s3 (10304 bytes)", and the
// ops whose rule is unknown for those libraries.
std::string GroupText(const LibraryGroup& group) {
  std::vector<ScratchRequestingOp> known, unknown;
  int64_t bytes = 0;
  for (const ScratchRequestingOp& op : group.ops) {
    (op.bytes ? known : unknown).push_back(op);
    bytes += op.bytes.value_or(0);
  }
  const std::string libraries = LibraryNames(group.libraries);
  std::string out;
  if (!known.empty()) {
    out = OpsText(known) + (known.size() == 1 ? " requests" : " request") +
          " scratch with " + libraries + " (" + std::to_string(bytes) +
          " bytes)";
  }
  if (!unknown.empty()) {
    out += (out.empty() ? "" : "; ") + std::string("with ") + libraries +
           ", the scratch of " + OpsText(unknown) + " is unknown (" +
           unknown.front().reason + ")";
  }
  return out;
}

std::string RowText(const ModelBuffer& b) {
  return "[" + std::to_string(b.first) + "," + std::to_string(b.last + 1) +
         ") " + std::to_string(b.size) + " B";
}

// The recording's scratch rows against the derived ones, row by row.
void CompareWithDerived(const Model& model, const BufferList& tensors,
                        const BufferList& recorded,
                        const KernelOptions& options, const std::string& label,
                        ScratchSource& source) {
  BufferList derived = tensors;
  try {
    AppendDerivedScratch(model, derived, options, label);
  } catch (const Error& e) {
    source.notes.push_back(label + ": the recording is not checked against " +
                           KernelLibraryName(options.library) +
                           ": its list cannot be derived: " + e.what());
    return;
  }
  const size_t first = tensors.tensor_count;
  const size_t end = std::max(recorded.buffers.size(), derived.buffers.size());
  for (size_t r = first; r < end; ++r) {
    const bool has_rec = r < recorded.buffers.size();
    const bool has_der = r < derived.buffers.size();
    if (has_rec && has_der) {
      const ModelBuffer& a = recorded.buffers[r];
      const ModelBuffer& b = derived.buffers[r];
      if (a.first == b.first && a.last == b.last && a.size == b.size) continue;
      source.differences.push_back("row " + std::to_string(r) + ": recorded " +
                                   RowText(a) + ", derived " + RowText(b) +
                                   " (" + b.name + ")");
    } else if (has_rec) {
      source.differences.push_back("row " + std::to_string(r) + ": recorded " +
                                   RowText(recorded.buffers[r]) + " (" +
                                   recorded.buffers[r].name + "), not derived");
    } else {
      source.differences.push_back("row " + std::to_string(r) + ": derived " +
                                   RowText(derived.buffers[r]) + " (" +
                                   derived.buffers[r].name + "), not recorded");
    }
  }
  source.matches_derived = source.differences.empty();
  const std::string what =
      "the " + DescribeKernels(options) + " list derived from the model";
  const size_t rec_rows = recorded.buffers.size() - first;
  const size_t der_rows = derived.buffers.size() - first;
  if (source.differences.empty()) {
    source.notes.push_back(label + ": the recording " +
                           BaseName(source.recording) + " matches " + what +
                           " (" + std::to_string(rec_rows) + " scratch rows)");
    return;
  }
  source.warnings.push_back(
      label + ": the recording " + BaseName(source.recording) +
      " differs from " + what + " in " +
      std::to_string(source.differences.size()) + " row(s) (" +
      std::to_string(rec_rows) + " scratch rows recorded, " +
      std::to_string(der_rows) + " derived); first difference: " +
      source.differences.front() + "; the recording is used");
  for (size_t k = 1; k < source.differences.size() && k <= kMaxDifferenceLines;
       ++k) {
    source.warnings.push_back(label + ":   " + source.differences[k]);
  }
  if (source.differences.size() > kMaxDifferenceLines + 1) {
    source.warnings.push_back(
        label + ":   ... and " +
        std::to_string(source.differences.size() - kMaxDifferenceLines - 1) +
        " more row(s) differ (the report lists all)");
  }
}

// Neither --kernels nor --recorded: reference assumed, others named.
void Assume(const Model& model, BufferList& list, const ScratchChoice& choice,
            const std::string& label, ScratchSource& source) {
  source.library = KernelLibrary::kReference;
  for (KernelLibrary library : AllKernelLibraries()) {
    const auto ops =
        ScratchRequestingOps(model, OptionsFor(library, choice), label);
    auto it = std::find_if(
        source.groups.begin(), source.groups.end(),
        [&](const LibraryGroup& g) { return SameOps(g.ops, ops); });
    if (it == source.groups.end()) {
      source.groups.push_back({{library}, ops});
    } else {
      it->libraries.push_back(library);
    }
  }
  const std::vector<ScratchRequestingOp>& reference = source.groups.front().ops;
  const bool reference_known = std::all_of(
      reference.begin(), reference.end(),
      [](const ScratchRequestingOp& op) { return op.bytes.has_value(); });
  if (reference_known) {
    AppendDerivedScratch(model, list,
                         OptionsFor(KernelLibrary::kReference, choice), label);
  }
  source.complete =
      std::all_of(source.groups.begin(), source.groups.end(),
                  [](const LibraryGroup& g) { return g.ops.empty(); });
  // The ops the list may lack: every op requesting scratch anywhere, in
  // Prepare order, each with the first group that names it.
  std::map<std::pair<int32_t, int32_t>, ScratchRequestingOp> lacking;
  for (const LibraryGroup& g : source.groups) {
    for (const ScratchRequestingOp& op : g.ops) {
      const auto [it, added] =
          lacking.try_emplace(std::pair(op.subgraph, op.op), op);
      if (added) {
        it->second.reason = "requests scratch with " +
                            LibraryNames(g.libraries) + ": " + op.reason;
      }
    }
  }
  list.scratch_ops.clear();
  for (auto& entry : lacking) list.scratch_ops.push_back(entry.second);
  const std::string assumed =
      label + ": no --kernels or --recorded given: the buffer list assumes " +
      "TFLM's reference kernels (" +
      KernelLibrarySource(KernelLibrary::kReference) + ")";
  if (source.complete) {
    source.notes.push_back(assumed +
                           "; no op of this model requests scratch in any "
                           "known kernel library (" +
                           KernelLibraryNames() + ")");
    return;
  }
  source.notes.push_back(
      assumed + (reference_known ? ""
                                 : ", without scratch buffers: the "
                                   "reference rule of an op is unknown"));
  for (const LibraryGroup& g : source.groups) {
    if (g.ops.empty()) continue;
    const bool listed = reference_known && &g == &source.groups.front();
    source.notes.push_back(label + ": " + GroupText(g) +
                           (listed ? ", in this list" : ""));
  }
  source.notes.push_back(label + ": pass --kernels LIB (" +
                         KernelLibraryNames() +
                         ") or --recorded FILE for your kernel build's "
                         "complete list; a C++ header needs one of them");
}

}  // namespace

const char* ScratchOriginName(ScratchOrigin origin) {
  switch (origin) {
    case ScratchOrigin::kDerived:
      return "derived";
    case ScratchOrigin::kRecorded:
      return "recorded";
    case ScratchOrigin::kAssumed:
      return "assumed";
  }
  return "?";
}

std::string DescribeKernels(const KernelOptions& options) {
  const KernelLibrary library = options.library;
  std::string out = std::string(KernelLibraryName(library)) + " (" +
                    KernelLibrarySource(library);
  if (KernelLibraryDependsOnCompiler(library)) {
    out += std::string("; ") + KernelCompilerName(options.compiler) +
           ", optimized for " + KernelOptimizationName(options.optimization);
  }
  out += ")";
  if (!KernelLibraryVerified(library)) {
    out += ", derived from source, not checked against a real build";
  }
  return out;
}

ScratchSource CompleteScratch(const Model& model, BufferList& list,
                              const ScratchChoice& choice,
                              const std::string& label) {
  ScratchSource source;
  source.library = choice.library;
  source.compiler = choice.compiler;
  source.optimization = choice.optimization;
  source.recording = choice.recording;
  if (!choice.recording.empty()) {
    source.origin = ScratchOrigin::kRecorded;
    const BufferList tensors = list;
    const CsvTable table = CsvTable::ReadFile(choice.recording);
    ApplyRecording(model, ParseRecording(table), choice.recording, list);
    if (choice.library) {
      CompareWithDerived(model, tensors, list,
                         OptionsFor(*choice.library, choice), label, source);
    }
    source.complete = true;
  } else if (choice.library) {
    source.origin = ScratchOrigin::kDerived;
    AppendDerivedScratch(model, list, OptionsFor(*choice.library, choice),
                         label);
    source.complete = true;
    if (!KernelLibraryVerified(*choice.library)) {
      source.notes.push_back(
          label + ": " + KernelLibraryName(*choice.library) +
          "'s scratch is derived from source, not checked against a real "
          "build; the checking planner (runtime/) stops on any difference");
    }
  } else {
    source.origin = ScratchOrigin::kAssumed;
    Assume(model, list, choice, label, source);
  }
  if (source.complete) list.scratch_ops.clear();
  if (source.library) {
    source.unverified_ops = UnverifiedOps(model, *source.library);
    source.verified =
        KernelLibraryVerified(*source.library) && source.unverified_ops.empty();
  }
  if (!source.unverified_ops.empty()) {
    source.notes.push_back(
        label + ": " + OpsText(source.unverified_ops) + " (" +
        source.unverified_ops.front().reason +
        "): scratch requests and arena use derived from source, not checked "
        "against a real build; the checking planner (runtime/) stops on any "
        "scratch difference");
  }
  return source;
}

namespace {

KernelOptions OptionsOf(const ScratchSource& source, KernelLibrary library) {
  KernelOptions options;
  options.library = library;
  options.compiler = source.compiler;
  options.optimization = source.optimization;
  return options;
}

std::string DescribeOrigin(const ScratchSource& source) {
  switch (source.origin) {
    case ScratchOrigin::kDerived:
      return DescribeKernels(OptionsOf(source, *source.library)) +
             ", scratch derived from the model";
    case ScratchOrigin::kRecorded: {
      std::string out = "recorded in " + BaseName(source.recording);
      if (!source.library) {
        return out + " (valid only for the kernel build it was recorded with)";
      }
      out += " for " + DescribeKernels(OptionsOf(source, *source.library));
      if (!source.matches_derived) {
        return out + ", not checked: its list cannot be derived";
      }
      return out +
             (*source.matches_derived
                  ? ", which matches the list derived from the model"
                  : ", which differs from the list derived from the "
                    "model in " +
                        std::to_string(source.differences.size()) + " row(s)");
    }
    case ScratchOrigin::kAssumed:
      return DescribeKernels(OptionsOf(source, KernelLibrary::kReference)) +
             ", assumed: no --kernels or --recorded given" +
             (source.complete ? "; no op requests scratch in any known "
                                "kernel library"
                              : "; ops of this model request scratch in "
                                "some kernel libraries (see the notes)");
  }
  return "?";
}

}  // namespace

std::string DescribeScratchSource(const ScratchSource& source) {
  std::string out = DescribeOrigin(source);
  if (!source.unverified_ops.empty()) {
    out += "; " + OpsText(source.unverified_ops) + " (" +
           source.unverified_ops.front().reason +
           ") derived from source, not checked against a real build";
  }
  return out;
}

}  // namespace arenaplan
