// A MicroMemoryPlanner for TFLM that hands out a precomputed BufferPlan
// (written by `arenaplan plan --header`) only for the exact AddBuffer
// stream the plan was verified for.
//
// TFLM's own NonPersistentMemoryPlannerShim checks only the call count and
// reports a head of 0 bytes, so a plan for another model or kernel build
// silently corrupts memory. This planner keeps no per-buffer record: it
// folds every AddBuffer call (size, lifetime, pin) and the plan's offset
// for it into the stream digest of plan_digest.h, and on the first query
// after the stream (GetOffsetForBuffer, or GetMaximumMemorySize when TFLM
// plans no buffer) compares the call count and the digest with the plan's
// `kStreamDigest`. Only when both match does it hand out offsets; otherwise
// the query fails and prints one `arenaplan: ...` line through MicroPrintf
// (as does every query while the calls differ from the plan's stream; TFLM
// stops at the first), so AllocateTensors() fails with that one line
// before any tensor points into the arena. An AddBuffer call beyond the
// plan's count fails at once, with the same line. The overlap, alignment and
// pin checks were done offline by arenaplan's verifier for this very stream;
// runtime/full_check_planner.h repeats them on the device for debugging
// (ARENAPLAN_FULL_CHECK).
//
// GetMaximumMemorySize() returns the plan's real head, the largest
// offset + size of the buffers added (so TFLM reserves it), and SIZE_MAX
// when the stream does not match (so TFLM's head reservation fails).
// Init(), which TFLM calls before every plan (micro_allocator.cc
// CommitStaticMemoryPlan), starts a new stream, like GreedyMemoryPlanner.
//
// RAM: the object (24 bytes on 32-bit targets), whatever the model.
// Buffer indices outside the plan are refused without a message (TFLM
// never asks for them).
// Freestanding C++11: no heap, no exceptions, no standard library.
#ifndef ARENAPLAN_RUNTIME_VERIFYING_PLANNER_H_
#define ARENAPLAN_RUNTIME_VERIFYING_PLANNER_H_

#include <stddef.h>
#include <stdint.h>

#include "plan_digest.h"
#include "tensorflow/lite/micro/memory_planner/memory_plan_struct.h"
#include "tensorflow/lite/micro/memory_planner/micro_memory_planner.h"

namespace arenaplan {

class VerifyingPlanner : public tflite::MicroMemoryPlanner {
 public:
  // `plan` (the header's buffer_plan()) must outlive the planner;
  // `stream_digest` is the header's kStreamDigest.
  VerifyingPlanner(const tflite::BufferPlan* plan, uint32_t stream_digest)
      : plan_(plan),
        expected_(stream_digest),
        digest_(kDigestSeed),
        head_(0),
        count_(0) {}

  TfLiteStatus AddBuffer(int size, int first_time_used,
                         int last_time_used) override;
  TfLiteStatus AddBuffer(int size, int first_time_used, int last_time_used,
                         int offline_offset) override;
  size_t GetMaximumMemorySize() override;
  int GetBufferCount() override;
  TfLiteStatus GetOffsetForBuffer(int buffer_index, int* offset) override;
  TfLiteStatus Init(unsigned char* scratch_buffer,
                    int scratch_buffer_size) override;
  bool preserves_all_tensors() const override;

 protected:
  // True when the calls so far are exactly the plan's stream (count and
  // digest); otherwise prints the one mismatch line.
  bool Matches();

  const tflite::BufferPlan* plan_;
  uint32_t expected_;  // the header's kStreamDigest
  uint32_t digest_;    // of the calls so far
  uint32_t head_;      // largest offset + size so far
  int count_;          // AddBuffer calls so far

  // As TFLM's own planners (TF_LITE_REMOVE_VIRTUAL_DELETE in
  // compatibility.h): planners are never deleted, so the deleting
  // destructor needs no global operator delete, and `delete` on a planner
  // does not compile.
  void operator delete(void*) {}
};

}  // namespace arenaplan

// ARENAPLAN_DEFINE_PLANNER(name, plan) defines `static ... name`, the
// planner for the generated header's namespace `plan`: a VerifyingPlanner,
// or, when ARENAPLAN_FULL_CHECK is defined (debugging; compile
// full_check_planner.cc too), a FullCheckPlanner with a static record array
// (16 bytes per buffer) and the header's shared pairs. Usable at namespace
// or function scope.
#ifdef ARENAPLAN_FULL_CHECK
#include "full_check_planner.h"
#define ARENAPLAN_DEFINE_PLANNER(name, plan)                           \
  static ::arenaplan::PlannedBuffer                                    \
      name##_records[plan::kBufferCount > 0 ? plan::kBufferCount : 1]; \
  static ::arenaplan::FullCheckPlanner name(                           \
      plan::buffer_plan(), plan::kStreamDigest, name##_records,        \
      plan::kBufferCount, plan::shared_pairs(), plan::kSharedPairCount)
#else
#define ARENAPLAN_DEFINE_PLANNER(name, plan)                     \
  static ::arenaplan::VerifyingPlanner name(plan::buffer_plan(), \
                                            plan::kStreamDigest)
#endif

#endif  // ARENAPLAN_RUNTIME_VERIFYING_PLANNER_H_
