// Completing a model's buffer list with its scratch buffers, the way a
// command's options ask, and stating what the result is exact for:
//   --kernels LIB            derived from the model for that library;
//   --recorded FILE          a recording of the user's build (any library);
//   both                     the recording, checked row by row against the
//                            list derived for LIB;
//   neither                  TFLM's reference kernels assumed, with the ops
//                            that request scratch under every other known
//                            library named (never silently incomplete).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kernels/kernel_library.h"
#include "model/buffer_list.h"
#include "model/model.h"

namespace arenaplan {

struct ScratchChoice {
  std::optional<KernelLibrary> library;            // --kernels
  KernelCompiler compiler = KernelCompiler::kGcc;  // --compiler
  // --optimize-kernels-for (TFLM's OPTIMIZE_KERNELS_FOR)
  KernelOptimization optimization = KernelOptimization::kSpeed;
  std::string recording;  // --recorded, "" = none
};

enum class ScratchOrigin {
  kDerived,   // derived from the model for the named library
  kRecorded,  // from a recording
  kAssumed,   // nothing named: the reference kernels' list
};

// "derived", "recorded", "assumed" (the report's kernels_source).
const char* ScratchOriginName(ScratchOrigin origin);

// Libraries whose kernels request the same scratch for this model.
struct LibraryGroup {
  std::vector<KernelLibrary> libraries;
  // ScratchRequestingOps of each; empty: no scratch with these libraries.
  std::vector<ScratchRequestingOp> ops;
};

struct ScratchSource {
  ScratchOrigin origin = ScratchOrigin::kAssumed;
  // The library the list is for (assumed: reference); none for a recording
  // given without --kernels.
  std::optional<KernelLibrary> library;
  KernelCompiler compiler = KernelCompiler::kGcc;
  KernelOptimization optimization = KernelOptimization::kSpeed;
  std::string recording;  // path, "" = none
  // The list holds every scratch buffer of the build it names: a BufferPlan
  // header may be written. Assumed: only when no op of the model requests
  // scratch under any known library.
  bool complete = false;
  // Assumed: every known library's scratch ops, grouped (reference first).
  std::vector<LibraryGroup> groups;
  // Both given: whether the recording's scratch rows equal the derived
  // ones (nullopt: the list could not be derived), and each differing row.
  std::optional<bool> matches_derived;
  std::vector<std::string> differences;
  // Whether every rule behind the list was checked against a real build:
  // KernelLibraryVerified(library) and no unverified_ops (false without a
  // library). The report's verified_against_real_build.
  bool verified = false;
  // UnverifiedOps (derive_scratch.h) of the model under `library`: the ops
  // of co-processor kernels (Ethos-U) derived from source only.
  std::vector<ScratchRequestingOp> unverified_ops;
  std::vector<std::string> notes;     // one line each ("note: " + line)
  std::vector<std::string> warnings;  // one line each ("warning: " + line)
};

// Appends the scratch part to `list` (a tensor-only list from
// DeriveBufferList) as `choice` asks and says what it is. Sets
// list.scratch_ops to the ops the list may lack (empty when complete).
// Throws arenaplan::Error as AppendDerivedScratch (--kernels) and
// ApplyRecording (--recorded) do; with both, a derived list that cannot be
// made only becomes a note.
ScratchSource CompleteScratch(const Model& model, BufferList& list,
                              const ScratchChoice& choice,
                              const std::string& label);

// One line naming what the scratch part is exact for:
//   "esp-nn-s3 (esp-tflite-micro 99f49e14, esp-nn 1.2.3), derived from the
//    model"
//   "recorded in rec.csv (checked against cmsis-nn: 2 rows differ)"
//   "reference (TFLM 90b983c2), assumed: no --kernels or --recorded given"
// followed, when the model has unverified_ops, by "; CUSTOM:ethos-u op 0
// (...) derived from source, not checked against a real build".
std::string DescribeScratchSource(const ScratchSource& source);

// "cmsis-nn (TFLM 90b983c2, CMSIS-NN 4ab83cc3; gcc, optimized for speed)",
// "esp-nn-s3 (...)"; adds "derived from source, not checked against a real
// build" for an unverified library.
std::string DescribeKernels(const KernelOptions& options);

}  // namespace arenaplan
